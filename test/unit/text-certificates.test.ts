import { expect } from 'chai';
import {
  certificateCovers,
  certificateIds,
  certificateRequired,
  certificatesHeld,
  certificatesRequired,
} from '../../packages/text/src/index.ts';

describe('text: certificate ids', () => {
  it('reads a driving licence class before or after the word, in any case and width', () => {
    for (const t of [
      'A2驾照',
      '驾驶证a2',
      '驾驶证 A2',
      'Ａ２驾驶执照',
      'a2 驾证',
      '驾驶证（A2）',
      'A2照',
      '准驾车型：A2',
    ]) {
      expect(certificateIds(t), t).to.deep.equal(['driving:a2']);
    }
    expect(certificateIds('C1驾驶证')).to.deep.equal(['driving:c1']);
    expect(certificateIds('b2驾照 3年以上驾龄')).to.deep.equal(['driving:b2']);
    expect(certificateIds('驾照')).to.deep.equal(['driving']);
    expect(certificateIds('A2、B2驾照')).to.deep.equal(['driving:a2', 'driving:b2']);
  });

  it('names special-equipment, special-operation and skill certificates by one id', () => {
    const same = (id: string, texts: string[]) => {
      for (const t of texts) expect(certificateIds(t), t).to.deep.equal([id]);
    };
    same('special-equipment:n1', [
      '叉车证',
      '叉车司机证',
      '特种设备作业人员证 N1',
      'N1叉车',
      '场（厂）内专用机动车辆作业',
      '叉车驾驶证',
    ]);
    same('special-equipment:q2', ['行车证', '天车证', '起重机司机Q2']);
    same('electrician:low-voltage', ['低压电工证', '特种作业操作证（低压电工作业）', '低压电工作业']);
    same('electrician:high-voltage', ['高压电工证', '高压电工作业']);
    same('electrician', ['电工证', '电工上岗证', '电工特种作业操作证']);
    same('welding:fusion', [
      '熔化焊接与热切割作业',
      '特种作业操作证(熔化焊接与热切割作业)',
      '电焊证',
      '氩弧焊证',
    ]);
    same('welding', ['焊工证', '焊接证']);
    same('health', ['健康证', '食品从业人员健康证明', '健康证 ']);
    same('chef', ['厨师证', '烹调师证']);
    same('chef:chinese', ['中式烹调师证', '中式烹调师（四级）']);
    same('infant-care', ['育婴师证', '育婴员证']);
    same('nursery-care', ['保育员证', '保育师证']);
    same('nurse', ['护士执业证书', '护士证', '護士執業證書']);
    same('nurse-qualification', ['护士资格证']);
    same('elderly-care', ['养老护理员证']);
    same('security-guard', ['保安员证', '保安证']);
  });

  it('keeps an unknown certificate as its own compact text, 证书 read as 证', () => {
    expect(certificateIds('会计 证书')).to.deep.equal(['text:会计证']);
    expect(certificateIds('会计证')).to.deep.equal(['text:会计证']);
    expect(certificateIds(' ，')).to.deep.equal([]);
  });

  it('gives a holder the classes their licence covers, and the generic id', () => {
    const a2 = certificatesHeld(['A2驾照']);
    expect(a2).to.include.members([
      'driving:a2',
      'driving:b1',
      'driving:b2',
      'driving:c1',
      'driving:c2',
      'driving',
    ]);
    expect(a2).to.not.include.members(['driving:a1']);
    expect(a2).to.not.include('driving:a3');
    expect(certificatesHeld(['A1驾照'])).to.include.members([
      'driving:a3',
      'driving:b1',
      'driving:b2',
      'driving:c1',
    ]);
    expect(certificatesHeld(['B2驾驶证'])).to.include.members(['driving:c1', 'driving:c2']);
    expect(certificatesHeld(['B2驾驶证'])).to.not.include('driving:b1');
    expect(certificatesHeld(['C1驾驶证'])).to.not.include('driving:b2');
    expect(certificateCovers('driving:c2')).to.deep.equal(['driving:c2', 'driving']);
    expect(certificatesHeld(['低压电工证'])).to.deep.equal(['electrician:low-voltage', 'electrician']);
    expect(certificatesHeld(['护士执业证书'])).to.deep.equal(['nurse', 'nurse-qualification']);
    expect(certificatesHeld(['叉车证'])).to.deep.equal(['special-equipment:n1', 'special-equipment']);
  });

  it('requires one id per text: the least of several named classes', () => {
    expect(certificateRequired('驾驶证a2')).to.equal('driving:a2');
    expect(certificateRequired('A2/B2驾照')).to.equal('driving:b2');
    expect(certificateRequired('B2及以上驾照')).to.equal('driving:b2');
    expect(certificatesRequired(['A2驾照', '驾驶证A2', '健康证'])).to.deep.equal(['driving:a2', 'health']);
    // A requirement is met when every required id is held.
    const held = certificatesHeld(['A2驾照', '健康证明']);
    // (Each list is checked non-empty first: `every` on an empty list would hold whatever is held.)
    const a2Health = certificatesRequired(['驾驶证a2', '健康证']);
    expect(a2Health).to.deep.equal(['driving:a2', 'health']);
    expect(a2Health.every((id) => held.includes(id))).to.equal(true);
    const c1 = certificatesRequired(['C1驾照']);
    expect(c1).to.deep.equal(['driving:c1']);
    expect(c1.every((id) => held.includes(id))).to.equal(true);
    const a1 = certificatesRequired(['A1驾照']);
    expect(a1).to.deep.equal(['driving:a1']);
    expect(a1.every((id) => held.includes(id))).to.equal(false);
  });
});
