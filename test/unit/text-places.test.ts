import { expect } from 'chai';
import {
  distanceKm,
  HOME_CITY_CODE,
  placeFromAddress,
  placePath,
  placeWithin,
  resolvePlace,
  suggestPlaces,
} from '../../packages/text/src/index.ts';

describe('text: resolvePlace', () => {
  it('resolves 薛城区 by name, code, qualified name and short name', () => {
    for (const input of [
      '薛城区',
      '370403',
      '枣庄市薛城区',
      '薛城',
      '山东省枣庄市薛城区',
      '枣庄 薛城',
      '薛城區',
    ]) {
      const p = resolvePlace(input);
      expect(p, input).to.include({ code: '370403', name: '薛城区', level: 'district', cityCode: '370400' });
      expect(p?.fullName).to.equal('山东省枣庄市薛城区');
      expect(p?.path).to.deep.equal(['370000', '370400', '370403']);
    }
  });

  it('resolves cities by full, short, traditional and padded-code forms', () => {
    for (const input of ['枣庄市', '枣庄', '棗莊', '3704', '370400', 'zaozhuang']) {
      expect(resolvePlace(input)?.code, input).to.equal(HOME_CITY_CODE);
    }
    expect(resolvePlace('宁波')).to.include({
      code: '330200',
      name: '宁波市',
      level: 'city',
      provinceCode: '330000',
    });
    expect(resolvePlace('330200')?.name).to.equal('宁波市');
    expect(resolvePlace('昭通')).to.include({ code: '530600', name: '昭通市', provinceCode: '530000' });
  });

  it('resolves provinces, county-level cities and towns', () => {
    expect(resolvePlace('37')).to.include({ code: '370000', name: '山东省', level: 'province' });
    expect(resolvePlace('370000')?.name).to.equal('山东省');
    expect(resolvePlace('广西')?.code).to.equal('450000');
    expect(resolvePlace('滕州')).to.include({ code: '370481', level: 'district', cityCode: '370400' });
    const town = resolvePlace('370403001');
    expect(town).to.include({ name: '临城街道', level: 'town', districtCode: '370403', approximate: true });
    expect(resolvePlace('薛城区临城街道')?.code).to.equal('370403001');
    expect(resolvePlace('370403001000')?.code).to.equal('370403001');
  });

  it('prefers Zaozhuang for shared short names, and follows a qualifying city', () => {
    expect(resolvePlace('市中区')?.code).to.equal('370402');
    expect(resolvePlace('济南市中区')?.code).to.equal('370103');
    expect(resolvePlace('北京市朝阳区')).to.include({
      code: '110105',
      fullName: '北京市朝阳区',
      cityCode: '110100',
    });
  });

  it("returns shared results frozen, so one caller cannot change another's", () => {
    const p = resolvePlace('薛城')!;
    expect(Object.isFrozen(p) && Object.isFrozen(p.path) && Object.isFrozen(p.location)).to.equal(true);
  });

  it('returns undefined for unknown places and codes', () => {
    for (const input of ['火星市', '枣庄市不存在区', '999999', '3799', '', '   '])
      expect(resolvePlace(input), input).to.equal(undefined);
  });

  it('covers every province and prefecture-level city, with coordinates in China', () => {
    const provinces = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0')).filter((c) =>
      resolvePlace(c),
    );
    expect(provinces.length).to.equal(34);
    let cities = 0;
    for (const p of provinces) {
      for (let c = 1; c < 100; c++) {
        const city = resolvePlace(`${p}${String(c).padStart(2, '0')}`);
        if (
          !city ||
          city.fullName.endsWith('省直辖县级行政区划') ||
          city.fullName.endsWith('自治区直辖县级行政区划')
        )
          continue;
        if (!['11', '12', '31', '50'].includes(p)) cities++;
        expect(city.location.lat, city.name).to.be.within(16, 54); // 三沙 is at 16.8° N
        expect(city.location.lon, city.name).to.be.within(73, 136);
      }
    }
    expect(cities).to.equal(333);
  });

  it("has Zaozhuang's districts with their own coordinates and all its towns", () => {
    for (const code of ['370402', '370403', '370404', '370405', '370406', '370481']) {
      const d = resolvePlace(code);
      expect(d?.approximate, code).to.equal(false);
      expect(distanceKm(d!.location, resolvePlace('枣庄')!.location), code).to.be.below(60);
    }
    expect(resolvePlace('龙泉街道')?.cityCode).to.equal(HOME_CITY_CODE);
    expect(resolvePlace('垎塔埠街道')?.code).to.equal('370402002');
    expect(resolvePlace('各塔埠')?.code).to.equal('370402002'); // the statistics' spelling
  });
});

describe('text: suggestPlaces / placeWithin / placeFromAddress / distanceKm', () => {
  it('suggests plausible places for a bad input', () => {
    expect(suggestPlaces('早庄').map((p) => p.code)).to.include('370400'); // same sound
    expect(suggestPlaces('宁坡')[0]?.code).to.equal('330200');
    expect(suggestPlaces('枣庄市薛城去')[0]?.code).to.equal('370403');
    expect(suggestPlaces('tengzhuo')[0]?.code).to.equal('370481');
    const byCode = suggestPlaces('370499');
    expect(byCode[0]?.code).to.equal('370400');
    expect(byCode.every((p) => p.code.startsWith('3704'))).to.equal(true);
    expect(suggestPlaces('火星市', 3)).to.have.length(3);
  });

  it('tells whether a place lies within another, by code or name', () => {
    expect(placeWithin('370403001', '枣庄')).to.equal(true);
    expect(placeWithin('薛城', '370000')).to.equal(true);
    expect(placeWithin('370403', '370403')).to.equal(true);
    expect(placeWithin('宁波', '枣庄')).to.equal(false);
    expect(placeWithin('火星', '枣庄')).to.equal(false);
    expect(placePath('临城街道')).to.deep.equal(['370000', '370400', '370403', '370403001']);
  });

  it('reads the place at the start of an address', () => {
    expect(placeFromAddress('山东省枣庄市薛城区临城街道黄河路1号')?.code).to.equal('370403001');
    expect(placeFromAddress('滕州市善国北路88号')?.code).to.equal('370481');
    expect(placeFromAddress('某某路1号')).to.equal(undefined);
  });

  it('measures great-circle distances', () => {
    expect(distanceKm({ lat: 0, lon: 0 }, { lat: 0, lon: 1 })).to.be.closeTo(111.2, 0.1);
    expect(distanceKm({ lat: 34.8, lon: 117.3 }, { lat: 34.8, lon: 117.3 })).to.equal(0);
    const km = distanceKm(resolvePlace('枣庄')!.location, resolvePlace('济南')!.location);
    expect(km).to.be.within(190, 230);
  });
});
