import { expect } from 'chai';
import type { TripDoc } from '@fugong/stores';
import { buildManifest, manifestCsv, phoneLastFour } from '../../services/convoys/src/manifests/manifest.ts';
import {
  addPassenger,
  addPassengers,
  arrive,
  firmConfirm,
  NEXT,
  transition,
} from '../../services/convoys/src/trips/rules.ts';

const actor = { keyId: 'k1' };
const AT = '2020-02-14T06:00:00.000Z';

function trip(over: Partial<TripDoc> = {}): TripDoc {
  return {
    tripId: 't1',
    planId: 'p1',
    status: 'planned',
    vehicleType: 'bus-19',
    seats: 2,
    departureDate: '2020-02-14',
    originDistrict: '370403',
    destinationDistrict: '330203',
    stops: [{ townCode: 'T1', point: { lat: 34.8, lon: 117.3 } }],
    towns: ['T1'],
    destinationPoint: { lat: 29.9, lon: 121.5 },
    km: 800,
    cost: 4000,
    passengers: [{ workerId: 'w1', townCode: 'T1', firmId: 'firm-a' }],
    firmIds: ['firm-a'],
    workerIds: ['w1'],
    firmConfirmations: [],
    history: [],
    createdAt: AT,
    updatedAt: AT,
    ...over,
  };
}

const written = (d: ReturnType<ReturnType<typeof transition>>) => {
  if ('keep' in d) throw new Error('expected a write');
  return d.write;
};

describe('convoy trips: rules and manifests', () => {
  it('moves only along the lifecycle; the same state again changes nothing', () => {
    expect(written(transition('confirmed', actor, AT)(trip())).status).to.equal('confirmed');
    expect(transition('planned', actor, AT)(trip())).to.deep.equal({ keep: true });
    expect(() => transition('arrived', actor, AT)(trip())).to.throw(/cannot become arrived/);
    expect(() => transition('cancelled', actor, AT)(trip({ status: 'departed' }))).to.throw(/departed/);
    expect(NEXT.arrived).to.deep.equal([]);
    expect(NEXT.cancelled).to.deep.equal([]);
  });

  it('a batch takes only the free seats, skipping riders already on it and towns it does not stop in', () => {
    const bus = trip({ seats: 3, towns: ['T1', 'T2'] });
    const p = (workerId: string, townCode = 'T1') => ({ workerId, townCode, firmId: 'firm-b' });
    const after = written(
      addPassengers([p('w1'), p('w2', 'T9'), p('w3'), p('w4', 'T2'), p('w5')], actor, AT)(bus),
    );
    // w1 is on it already, w2's town is not a stop, w5 finds no seat left.
    expect(after.passengers.map((x) => x.workerId)).to.deep.equal(['w1', 'w3', 'w4']);
    expect(after.history.map((h) => h.workerId)).to.deep.equal(['w3', 'w4']);
    expect(addPassengers([p('w1')], actor, AT)(bus)).to.deep.equal({ keep: true });
    expect(() => addPassengers([p('w6')], actor, AT)(trip({ status: 'departed' }))).to.throw(/departed/);
    expect(() =>
      addPassenger({ workerId: 'w7', townCode: 'T9', firmId: 'firm-a' }, actor, AT)(trip({ seats: 5 })),
    ).to.throw(/not a pick-up stop/);
  });

  it('never seats more than the vehicle holds', () => {
    const full = written(
      addPassenger({ workerId: 'w2', townCode: 'T1', firmId: 'firm-a' }, actor, AT)(trip()),
    );
    expect(full.passengers).to.have.length(2);
    expect(() =>
      addPassenger({ workerId: 'w3', townCode: 'T1', firmId: 'firm-a' }, actor, AT)(full),
    ).to.throw(/full/);
    // Already on it, same firm: nothing to do even when full.
    expect(addPassenger({ workerId: 'w2', townCode: 'T1', firmId: 'firm-a' }, actor, AT)(full)).to.deep.equal(
      {
        keep: true,
      },
    );
  });

  it('a firm confirms only a trip to its gate; arrival marks each passenger', () => {
    expect(() => firmConfirm('firm-b', actor, AT)(trip())).to.throw(/not found/);
    expect(written(firmConfirm('firm-a', actor, AT)(trip())).firmConfirmations).to.deep.equal(['firm-a']);
    const two = trip({
      status: 'departed',
      passengers: [
        { workerId: 'w1', townCode: 'T1', firmId: 'firm-a' },
        { workerId: 'w2', townCode: 'T1', firmId: 'firm-a' },
      ],
    });
    const done = written(arrive(['w2'], actor, AT)(two));
    expect(done.status).to.equal('arrived');
    expect(done.passengers).to.deep.equal([
      { workerId: 'w1', townCode: 'T1', firmId: 'firm-a', arrivedAt: AT },
      { workerId: 'w2', townCode: 'T1', firmId: 'firm-a', absent: true },
    ]);
  });

  it('masks names and keeps only the last four digits of phones outside the bureau', () => {
    expect(phoneLastFour('13812345678')).to.equal('*******5678');
    expect(phoneLastFour(undefined)).to.equal('');
    const t = trip({
      passengers: [
        { workerId: 'w1', townCode: 'T1', firmId: 'firm-a' },
        { workerId: 'w2', townCode: 'T1', firmId: 'firm-b' },
      ],
    });
    const privates = new Map([
      ['w1', { private: { name: '张三丰', phone: '13812345678' } }],
      ['w2', { private: { name: '李四', phone: '13900001111' } }],
    ]);
    const bureau = buildManifest(t, 'bureau', privates);
    expect(bureau.rows.map((r) => [r.name, r.phone])).to.deep.equal([
      ['张三丰', '13812345678'],
      ['李四', '13900001111'],
    ]);
    const driver = buildManifest(t, 'driver', privates);
    expect(driver.rows.map((r) => [r.name, r.phone])).to.deep.equal([
      ['张**', '*******5678'],
      ['李*', '*******1111'],
    ]);
    const firm = buildManifest(t, 'firm', privates, 'firm-b');
    expect(firm.rows.map((r) => [r.workerId, r.name, r.phone])).to.deep.equal([['w2', '李*', '*******1111']]);
    const csv = manifestCsv(driver);
    expect(csv.startsWith('\uFEFF')).to.equal(true);
    expect(csv).to.contain('张**').and.not.contain('张三丰').and.not.contain('13812345678');
  });
});
