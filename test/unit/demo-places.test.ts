import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEMO_DEFAULTS,
  DISTRICTS,
  demoFirm,
  demoVacancy,
  demoWorker,
  OTHER_CITY_PLACES,
  TOWNS,
} from '@fugong/demo';
import { distanceKm, resolvePlace, shiftTags } from '@fugong/text';
import { expect } from 'chai';

/**
 * The demo looks like a real city in a browser: postings, firms and seekers at their towns with a spread
 * (not a hundred postings on the district's seat), firm names and descriptions that do not repeat, wages that
 * vary by job and firm, and texts that agree with the structured fields they describe.
 */
const o = { ...DEMO_DEFAULTS, baseDate: '2026-11-27' };
const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const vacancies = Array.from({ length: o.vacancies }, (_, i) => demoVacancy(o, i));

describe('demo places, names and texts', () => {
  it('knows every Zaozhuang town of the place data, each near its own district seat', () => {
    const rows = (
      JSON.parse(readFileSync(join(root, 'packages/text/data/places.json'), 'utf8')) as {
        places: Array<[string, string]>;
      }
    ).places.filter(([code]) => code.startsWith('3704') && code.length === 9);
    expect(rows).to.have.length(66);
    expect(TOWNS.map((t) => [t.code, t.name])).to.deep.equal(rows.map(([code, name]) => [code, name]));
    for (const t of TOWNS) {
      const seat = resolvePlace(t.districtCode)!.location;
      const d = distanceKm(seat, t);
      expect(d, `${t.name} from its district seat`).to.be.below(25);
    }
    for (const d of Object.values(DISTRICTS)) expect(resolvePlace(d.code)?.name).to.equal(d.name);
    for (const [code, city] of Object.entries(OTHER_CITY_PLACES))
      expect(distanceKm(resolvePlace(code)!.location, city), city.name).to.be.below(30);
  });

  it('puts postings near a town of their district, spread out: no point holds more than a few', () => {
    const atPoint = new Map<string, number>();
    for (const v of vacancies) {
      const p = v.input.workPlace;
      expect(p.location, v.externalRef).to.not.equal(undefined);
      const key = `${p.location!.lat},${p.location!.lon}`;
      atPoint.set(key, (atPoint.get(key) ?? 0) + 1);
      const city = OTHER_CITY_PLACES[p.district!];
      if (city) {
        expect(distanceKm(city, p.location!)).to.be.below(9);
        continue;
      }
      const nearest = Math.min(
        ...TOWNS.filter((t) => t.districtCode === p.district).map((t) => distanceKm(t, p.location!)),
      );
      // A town's spread (2 km) plus the firm's own spread around its town (2 km) and its site (0.5 km).
      expect(nearest, `${v.externalRef} from the nearest town of ${p.district}`).to.be.at.most(4.6);
      expect(p.address, v.externalRef).to.match(/^\p{Script=Han}+(街道|镇|开发区)/u);
    }
    expect(Math.max(...atPoint.values()), 'postings on one point').to.be.at.most(2);
    // Distances from one seeker's point are varied, not one figure per district.
    const from = { lat: 34.8109, lon: 117.3237 };
    const distances = new Set(vacancies.map((v) => distanceKm(from, v.input.workPlace.location!).toFixed(2)));
    expect(distances.size, 'distinct distances (10 m)').to.be.greaterThan(o.vacancies / 4);
  });

  it('puts firms at a town of their district and seekers at a town, with no street address for seekers', () => {
    for (let i = 0; i < o.firms; i++) {
      const f = demoFirm(o, i).input;
      const town = TOWNS.find((t) => f.place.address!.startsWith(t.name))!;
      expect(town, f.place.address).to.not.equal(undefined);
      expect(town.districtCode).to.equal(f.place.district);
      expect(distanceKm(town, f.place.location!)).to.be.at.most(2.01);
    }
    for (let i = 0; i < 2000; i++) {
      const p = demoWorker(o, i).input.currentPlace;
      expect(p.location, `worker ${i}`).to.not.equal(undefined);
      if (OTHER_CITY_PLACES[p.district!]) continue;
      const town = TOWNS.find((t) => t.name === p.address);
      expect(town, `worker ${i}: only the town, ${p.address}`).to.not.equal(undefined);
      expect(town!.districtCode).to.equal(p.district);
      expect(distanceKm(town!, p.location!)).to.be.at.most(2.51);
    }
  });

  it('gives firms believable names that never repeat, also in a large bench campaign', () => {
    const names = Array.from({ length: o.firms }, (_, i) => demoFirm(o, i).input.name);
    expect(new Set(names).size).to.equal(o.firms);
    for (const n of names) {
      expect(n, 'a Chinese name with no serial number').to.match(/^\p{Script=Han}+$/u);
      expect(n).to.match(/(公司|医院|护理院|饭店|宾馆)$/);
    }
    const big = { ...o, firms: 10_000, keyEnterprises: 200 };
    const many = new Set(Array.from({ length: big.firms }, (_, i) => demoFirm(big, i).input.name));
    expect(many.size).to.equal(big.firms);
  });

  it('writes no two descriptions alike, with no phone number, agreeing with the posting', () => {
    const texts = new Set(vacancies.map((v) => v.input.description));
    expect(texts.size).to.equal(vacancies.length);
    const tags: Record<string, string[]> = {
      白班: ['day'],
      长白班: ['day'],
      两班倒: ['rotating', 'two_shifts'],
      三班倒: ['rotating', 'three_shifts'],
    };
    for (const { externalRef, input: v } of vacancies) {
      expect(v.description, externalRef).to.not.match(/1[3-9]\d{9}|0632-?\d{7}/);
      const shift = v.shifts![0]!;
      expect(
        shiftTags(shift, v.workHours, v.title, v.description),
        `${externalRef}: ${v.description}`,
      ).to.deep.equal(tags[shift]);
      expect(v.description, externalRef).to.include(`${v.totalJobOpenings}`);
      const both = v.benefits!.board && v.benefits!.lodging;
      expect(v.description.includes('包吃住'), `${externalRef}: 包吃住 iff board and lodging`).to.equal(
        Boolean(both),
      );
      for (const b of v.benefits!.other!) expect(v.description, externalRef).to.include(b);
      if (v.benefits!.other!.includes('五险一金')) expect(v.benefits!.socialInsurance).to.equal(true);
    }
  });

  it('varies wages by job and firm within the job’s range, and benefits from posting to posting', () => {
    const byTitle = new Map<string, Set<string>>();
    const perks = new Set<string>();
    for (const { input: v } of vacancies) {
      if (v.wage!.unit !== 'month') continue;
      const title = v.title.replace(/^急招/, '');
      byTitle.set(title, (byTitle.get(title) ?? new Set()).add(`${v.wage!.min}-${v.wage!.max ?? ''}`));
      expect(v.wage!.min).to.be.within(2000, 20_000);
      if (v.wage!.max !== undefined) expect(v.wage!.max - v.wage!.min).to.be.within(300, 5000);
      perks.add(v.benefits!.other!.join('、'));
    }
    for (const [title, ranges] of byTitle)
      if (ranges.size > 0) expect(ranges.size, `${title}: distinct wage ranges`).to.be.greaterThan(5);
    expect(perks.size, 'distinct benefit lists').to.be.greaterThan(1000);
  });

  it('is deterministic, and another seed moves the points', () => {
    expect(demoVacancy(o, 42)).to.deep.equal(demoVacancy(o, 42));
    expect(demoFirm(o, 7)).to.deep.equal(demoFirm(o, 7));
    expect(demoVacancy({ ...o, seed: 7 }, 42).input.workPlace).to.not.deep.equal(
      demoVacancy(o, 42).input.workPlace,
    );
  });
});
