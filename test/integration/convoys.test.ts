import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { createConvoysClient } from '@fugong/client';
import { buildApp } from '@fugong/convoys/app';
import { type TestService, startTestService } from './helpers.ts';

/** Zaozhuang towns → Ningbo firms (about 600 km): who travels, with a one-day window. */
function traveller(workerId: string, town: string, firmId: string, day = '2020-02-14') {
  return {
    workerId,
    origin: {
      townCode: town,
      districtCode: '370403',
      point: { lat: 34.79 + (town === 'T2' ? 0.05 : 0), lon: 117.25 },
    },
    destination: {
      firmId,
      districtCode: firmId === 'firm-b' ? '330212' : '330203',
      point: firmId === 'firm-b' ? { lat: 29.82, lon: 121.55 } : { lat: 29.87, lon: 121.55 },
    },
    earliest: day,
    latest: day,
  };
}

const many = (n: number, town: string, firm: string, tag: string) =>
  Array.from({ length: n }, (_, i) => traveller(`${tag}-${i}`, town, firm));

describe('convoys: plans, trips, seats and manifests', () => {
  let svc: TestService;
  before(async () => {
    svc = await startTestService((rt) => buildApp(rt));
  });
  after(async () => svc?.close());

  // The tests share one day and towns: each plans new vehicles unless it asks for free seats first.
  const plan = (travellers: unknown[], extra: Record<string, unknown> = {}) =>
    svc.call('POST', '/v1/convoys/plans', {
      key: svc.keys.bureau,
      body: { travellers, fillExisting: false, ...extra },
    });

  it('the bureau plans: every traveller gets one seat, no vehicle over capacity, the cost at or above the bound', async () => {
    const travellers = [
      ...many(50, 'T1', 'firm-a', 'p'),
      ...many(12, 'T2', 'firm-a', 'q'),
      ...many(7, 'T1', 'firm-b', 'r'),
    ];
    const res = await plan(travellers);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.totals.travellers).to.equal(69);
    expect(res.body.greedyGroups).to.equal(0);
    const seated = res.body.trips.flatMap((t: any) => t.passengers.map((p: any) => p.workerId));
    expect(seated).to.have.length(69);
    expect(new Set(seated).size).to.equal(69);
    for (const t of res.body.trips) expect(t.passengers.length).to.be.at.most(t.seats);
    expect(res.body.totals.cost).to.be.at.least(res.body.totals.lowerBound);
    // Places are named where the code is known (T1, T2 are not codes: no name).
    const toB = res.body.trips.find((t: any) => t.destinationDistrict === '330212');
    expect(toB).to.include({ originName: '薛城区', destinationName: '鄞州区' });
    expect(toB.stops[0]).to.not.have.property('name');
    // Stored: the plan's trips are listed.
    const list = await svc.call('GET', `/v1/convoys/trips?planId=${res.body.planId}&size=100`, {
      key: svc.keys.bureau,
    });
    expect(list.body.total).to.equal(res.body.trips.length);
  });

  it('takes a city campaign in one request: 5,000 travellers from 20 towns, every one seated once', async () => {
    const travellers = Array.from({ length: 5000 }, (_, i) => {
      const t = traveller(`city-${i}`, `C${i % 20}`, i % 3 === 0 ? 'firm-b' : 'firm-a');
      return { ...t, origin: { ...t.origin, districtCode: `37040${i % 4}` } };
    });
    const res = await plan(travellers);
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).to.equal(201);
    expect(res.body.totals.travellers).to.equal(5000);
    const seated = res.body.trips.flatMap((t: any) => t.passengers.map((p: any) => p.workerId));
    expect(new Set(seated).size).to.equal(5000);
    const list = await svc.call('GET', `/v1/convoys/trips?planId=${res.body.planId}&size=1`, {
      key: svc.keys.bureau,
    });
    expect(list.body.total).to.equal(res.body.trips.length);
  });

  it('plans from accepted offers: far workers only, none already seated, from their availableFrom', async () => {
    const es = svc.rt.es;
    const zaozhuang = { lat: 34.81, lon: 117.32 };
    const ningbo = { lat: 29.87, lon: 121.55 };
    const near = { lat: 34.85, lon: 117.3 };
    const put = (index: string, id: string, document: object) => es.index({ index, id, document });
    const offers: Array<[string, { lat: number; lon: number }, string, string | undefined]> = [
      ['off-1', zaozhuang, 'far', undefined],
      ['off-2', zaozhuang, 'far', '2020-02-20'],
      ['off-3', zaozhuang, 'near', undefined],
      ['off-4', zaozhuang, 'far', undefined],
    ];
    await put(svc.rt.names.vacancies, 'firm-a:far', {
      id: 'firm-a:far',
      firmId: 'firm-a',
      status: 'open',
      workPlace: { resolved: true, code: '330203', location: ningbo },
    });
    await put(svc.rt.names.vacancies, 'firm-a:near', {
      id: 'firm-a:near',
      firmId: 'firm-a',
      status: 'open',
      workPlace: { resolved: true, code: '370402', location: near },
    });
    for (const [workerId, at, vacancy, availableFrom] of offers) {
      await put(svc.rt.names.workers, workerId, {
        id: workerId,
        currentPlace: { resolved: true, code: '370403006', location: at },
        ...(availableFrom ? { availableFrom } : {}),
      });
      await put(svc.rt.names.intentionPairs, `${workerId}:firm-a:${vacancy}`, {
        pairKey: `${workerId}:firm-a:${vacancy}`,
        kind: 'vacancy',
        workerId,
        vacancyId: `firm-a:${vacancy}`,
        firmId: 'firm-a',
        status: 'accepted',
        twoSided: true,
        kinds: ['application', 'offer', 'accept'],
        updatedAt: '2020-02-10T08:00:00Z',
      });
    }
    // off-4 already rides a planned trip.
    await plan([traveller('off-4', 'T1', 'firm-a')]);
    await es.indices.refresh({
      index: [svc.rt.names.intentionPairs, svc.rt.names.workers, svc.rt.names.vacancies],
    });

    const res = await svc.call('POST', '/v1/convoys/plans/from-offers', {
      key: svc.keys.bureau,
      body: { departFrom: '2020-02-14', windowDays: 2 },
    });
    expect(res.status, JSON.stringify(res.body).slice(0, 400)).to.equal(201);
    expect(res.body.considered).to.equal(4);
    expect(res.body.skipped).to.include({ near: 1, alreadySeated: 1 });
    const rides = res.body.trips.flatMap((t: any) =>
      t.passengers.map((p: any) => [p.workerId, t.departureDate]),
    );
    expect(rides.map((r: any) => r[0]).sort()).to.deep.equal(['off-1', 'off-2']);
    // Offers carry real town codes: the stop is named in full.
    expect(res.body.trips[0].stops[0].name).to.equal('山东省枣庄市薛城区新城街道');
    // off-2 may leave from the 20th only, off-1 from the 14th: two days, two vehicles, each as early as allowed.
    expect(new Map(rides).get('off-2')).to.equal('2020-02-20');
    expect(new Map(rides).get('off-1')).to.equal('2020-02-14');

    const otherFirm = await svc.call('POST', '/v1/convoys/plans/from-offers', {
      key: svc.keys.employerB,
      body: { departFrom: '2020-02-14', firmId: 'firm-a' },
    });
    expect(otherFirm.status).to.equal(403);
    expect(JSON.stringify(otherFirm.body)).to.contain('firmId');
    const bad = await svc.call('POST', '/v1/convoys/plans/from-offers', {
      key: svc.keys.bureau,
      body: { windowDays: 2 },
    });
    expect(bad.status).to.equal(400);
    expect(JSON.stringify(bad.body)).to.contain('departFrom');
  });

  it('a firm requests trips for some of its own hires; the bureau sees them, with cost, as requested', async () => {
    const es = svc.rt.es;
    for (const workerId of ['req-1', 'req-2', 'req-3']) {
      await es.index({
        index: svc.rt.names.workers,
        id: workerId,
        document: {
          id: workerId,
          currentPlace: { resolved: true, code: '370403009', location: { lat: 34.81, lon: 117.32 } },
        },
      });
      await es.index({
        index: svc.rt.names.intentionPairs,
        id: `${workerId}:firm-a:far`,
        document: {
          pairKey: `${workerId}:firm-a:far`,
          kind: 'vacancy',
          workerId,
          vacancyId: 'firm-a:far',
          firmId: 'firm-a',
          status: 'accepted',
          twoSided: true,
          kinds: ['application', 'offer', 'accept'],
          updatedAt: '2020-02-11T08:00:00Z',
        },
      });
    }
    await es.indices.refresh({ index: [svc.rt.names.intentionPairs, svc.rt.names.workers] });
    // firm-b has no hires among them: nothing to plan, and it learns nothing of firm-a's.
    const b = await svc.call('POST', '/v1/convoys/plans/from-offers', {
      key: svc.keys.employerB,
      body: { departFrom: '2020-03-10', workerIds: ['req-1', 'req-2'] },
    });
    expect(b.status, JSON.stringify(b.body)).to.equal(201);
    expect(b.body.considered).to.equal(0);
    expect(b.body.trips).to.deep.equal([]);

    const res = await svc.call('POST', '/v1/convoys/plans/from-offers', {
      key: svc.keys.employerA,
      body: { departFrom: '2020-03-10', workerIds: ['req-1', 'req-2'] },
    });
    expect(res.status, JSON.stringify(res.body).slice(0, 400)).to.equal(201);
    expect(res.body.considered).to.equal(2);
    expect(res.body.totals).to.not.have.property('cost');
    expect(res.body.trips).to.have.length(1);
    const trip = res.body.trips[0];
    expect(trip).to.not.have.property('cost');
    expect(trip.passengers.map((p: any) => p.workerId).sort()).to.deep.equal(['req-1', 'req-2']);
    expect(trip.status).to.equal('planned');
    expect(trip.requestedBy).to.equal('firm-a');
    const seen = await svc.call('GET', `/v1/convoys/trips/${trip.tripId}`, { key: svc.keys.bureau });
    expect(seen.body.cost).to.be.a('number');
    expect(seen.body.requestedBy).to.equal('firm-a');
    const stored = await svc.rt.es.get({ index: svc.rt.names.convoyTrips, id: trip.tripId });
    expect((stored._source as any).history[0]).to.include({ event: 'requested', firmId: 'firm-a' });
    // The same request again seats nobody twice.
    const again = await svc.call('POST', '/v1/convoys/plans/from-offers', {
      key: svc.keys.employerA,
      body: { departFrom: '2020-03-10', workerIds: ['req-1', 'req-2'] },
    });
    expect(again.body.skipped.alreadySeated).to.equal(2);
    expect(again.body.trips).to.deep.equal([]);
  });

  it('a new batch takes free seats on existing trips first and plans vehicles only for the rest', async () => {
    const day = '2020-03-01';
    const first = await plan(
      Array.from({ length: 40 }, (_, i) => traveller(`fill-${i}`, 'T9', 'firm-a', day)),
    );
    expect(first.status).to.equal(201);
    expect(first.body.trips).to.have.length(1);
    const bus = first.body.trips[0];
    expect(bus.seats - bus.seatsTaken).to.equal(5);
    const second = await plan(
      [
        ...Array.from({ length: 8 }, (_, i) => traveller(`more-${i}`, 'T9', 'firm-a', day)),
        // Another town: not a stop of that bus, so it gets its own vehicle.
        traveller('elsewhere', 'T8', 'firm-a', day),
      ],
      { fillExisting: true, mergeTowns: false },
    );
    expect(second.status, JSON.stringify(second.body).slice(0, 300)).to.equal(201);
    expect(second.body.seatedOnExisting).to.have.length(5);
    for (const s of second.body.seatedOnExisting) expect(s.tripId).to.equal(bus.tripId);
    expect(second.body.totals.travellers).to.equal(4);
    const newlySeated = second.body.trips.flatMap((t: any) => t.passengers.map((p: any) => p.workerId));
    expect(newlySeated).to.include('elsewhere');
    expect(
      [...newlySeated, ...second.body.seatedOnExisting.map((s: any) => s.workerId)].sort(),
    ).to.deep.equal([...Array.from({ length: 8 }, (_, i) => `more-${i}`), 'elsewhere'].sort());
    const full = await svc.call('GET', `/v1/convoys/trips/${bus.tripId}`, { key: svc.keys.bureau });
    expect(full.body.seatsTaken).to.equal(45);

    // Seated travellers cannot be planned again, nor seated on a second trip.
    const again = await plan([traveller('more-0', 'T9', 'firm-a', day)]);
    expect(again.status).to.equal(409);
    expect(again.body.error.code).to.equal('already_seated');
    expect(JSON.stringify(again.body)).to.contain('travellers.0.workerId');
    const other = second.body.trips[0];
    const seatTwice = await svc.call('POST', `/v1/convoys/trips/${other.tripId}/passengers`, {
      key: svc.keys.bureau,
      body: { workerId: 'fill-0', townCode: other.stops[0].townCode, firmId: 'firm-a' },
    });
    expect(seatTwice.status).to.equal(409);
    expect(seatTwice.body.error.code).to.equal('already_seated');
    const notAStop = await svc.call('POST', `/v1/convoys/trips/${other.tripId}/passengers`, {
      key: svc.keys.bureau,
      body: { workerId: 'new-one', townCode: 'T1', firmId: 'firm-a' },
    });
    expect(notAStop.status).to.equal(400);
    expect(JSON.stringify(notAStop.body)).to.contain('townCode');
  });

  it('refuses bad input with a 4xx naming the field, and plans only for the bureau', async () => {
    const backwards = { ...traveller('b1', 'T1', 'firm-a'), earliest: '2020-02-15', latest: '2020-02-14' };
    const r1 = await plan([backwards]);
    expect(r1.status).to.equal(400);
    expect(JSON.stringify(r1.body)).to.contain('travellers.0.latest');
    const r2 = await plan([traveller('dup', 'T1', 'firm-a'), traveller('dup', 'T1', 'firm-a')]);
    expect(r2.status).to.equal(400);
    expect(JSON.stringify(r2.body)).to.contain('travellers.1.workerId');
    const r3 = await plan([{ ...traveller('x', 'T1', 'firm-a'), earliest: '2020-02-30' }]);
    expect(r3.status).to.equal(400);
    expect(JSON.stringify(r3.body)).to.contain('earliest');
    const r4 = await plan([traveller('x', 'T1', 'firm-a')], {
      vehicleTypes: [{ id: 'v', seats: 0, costPerVehicle: 1, costPerKm: 0 }],
    });
    expect(r4.status).to.equal(400);
    expect(JSON.stringify(r4.body)).to.contain('seats');
    const r5 = await plan([]);
    expect(r5.status).to.equal(400);
    const asFirm = await svc.call('POST', '/v1/convoys/plans', {
      key: svc.keys.employerA,
      body: { travellers: [traveller('y', 'T1', 'firm-a')] },
    });
    expect(asFirm.status).to.equal(403);
    const unknown = await svc.call('POST', '/v1/convoys/trips/nope/confirm', {
      key: svc.keys.bureau,
      body: {},
    });
    expect(unknown.status).to.equal(404);
  });

  it('a firm sees and confirms only trips to its gates; a site sees one seeker on a trip', async () => {
    const res = await plan([...many(10, 'T1', 'firm-a', 'fa'), ...many(5, 'T1', 'firm-b', 'fb')], {
      mergeTowns: false,
    });
    expect(res.status).to.equal(201);
    const toA = res.body.trips.find((t: any) => t.firmIds.includes('firm-a'));
    const toB = res.body.trips.find((t: any) => t.firmIds.includes('firm-b'));
    expect(toA.tripId).to.not.equal(toB.tripId); // different destination districts: different vehicles

    const mine = await svc.call('GET', `/v1/convoys/trips?planId=${res.body.planId}`, {
      key: svc.keys.employerA,
    });
    expect(mine.status).to.equal(200);
    expect(mine.body.items.map((t: any) => t.tripId)).to.deep.equal([toA.tripId]);
    expect(mine.body.items[0]).to.not.have.key('cost');
    const other = await svc.call('GET', `/v1/convoys/trips/${toB.tripId}`, { key: svc.keys.employerA });
    expect(other.status).to.equal(404);
    const forB = await svc.call('GET', '/v1/convoys/trips?firmId=firm-b', { key: svc.keys.employerA });
    expect(forB.status).to.equal(403);
    const confirmB = await svc.call('POST', `/v1/convoys/trips/${toB.tripId}/confirm`, {
      key: svc.keys.employerA,
    });
    expect(confirmB.status).to.equal(404);
    const afterB = await svc.call('GET', `/v1/convoys/trips/${toB.tripId}`, { key: svc.keys.bureau });
    expect(afterB.body.firmConfirmations).to.deep.equal([]);
    const confirmA = await svc.call('POST', `/v1/convoys/trips/${toA.tripId}/confirm`, {
      key: svc.keys.employerA,
    });
    expect(confirmA.status).to.equal(200);
    expect(confirmA.body.firmConfirmations).to.deep.equal(['firm-a']);
    expect(confirmA.body.status).to.equal('planned'); // a firm's confirmation is not the bureau's

    const noWorker = await svc.call('GET', '/v1/convoys/trips', { key: svc.keys.site });
    expect(noWorker.status).to.equal(400);
    expect(JSON.stringify(noWorker.body)).to.contain('workerId');
    // The site sees the trip of a seeker who consented through it, never another site's seeker's.
    for (const [id, via] of [
      ['fa-3', 'test-site'],
      ['fa-4', 'other-site'],
    ]) {
      await svc.rt.es.index({
        index: svc.rt.names.workerPrivate,
        id,
        document: { id, consent: { given: true, at: '2020-02-10T08:00:00+08:00', via } },
        refresh: true,
      });
    }
    for (const who of ['fa-4', 'nobody']) {
      const refused = await svc.call('GET', `/v1/convoys/trips?workerId=${who}`, { key: svc.keys.site });
      expect(refused.status, who).to.equal(403);
      const one = await svc.call('GET', `/v1/convoys/trips/${toA.tripId}?workerId=${who}`, {
        key: svc.keys.site,
      });
      expect(one.status, who).to.equal(403);
    }
    const seeker = await svc.call('GET', '/v1/convoys/trips?workerId=fa-3', { key: svc.keys.site });
    expect(seeker.body.items).to.have.length(1);
    expect(seeker.body.items[0].passengers).to.deep.equal([
      { workerId: 'fa-3', townCode: 'T1', firmId: 'firm-a' },
    ]);
    expect(seeker.body.items[0].firmIds).to.deep.equal([]);
    const siteOther = await svc.call('GET', `/v1/convoys/trips/${toB.tripId}?workerId=fa-3`, {
      key: svc.keys.site,
    });
    expect(siteOther.status).to.equal(404);
  });

  it('lifecycle: planned → confirmed → departed → arrived with each worker’s arrival; no cancel after departure', async () => {
    const res = await plan(many(6, 'T1', 'firm-a', 'lc'));
    const id = res.body.trips[0].tripId;
    const early = await svc.call('POST', `/v1/convoys/trips/${id}/arrive`, {
      key: svc.keys.bureau,
      body: {},
    });
    expect(early.status).to.equal(409);
    expect(early.body.error.details.issues[0].path).to.equal('status');
    expect(
      (await svc.call('POST', `/v1/convoys/trips/${id}/confirm`, { key: svc.keys.bureau })).body.status,
    ).to.equal('confirmed');
    expect(
      (await svc.call('POST', `/v1/convoys/trips/${id}/depart`, { key: svc.keys.bureau })).body.status,
    ).to.equal('departed');
    const add = await svc.call('POST', `/v1/convoys/trips/${id}/passengers`, {
      key: svc.keys.bureau,
      body: { workerId: 'late', townCode: 'T1', firmId: 'firm-a' },
    });
    expect(add.status).to.equal(409);
    const cancel = await svc.call('POST', `/v1/convoys/trips/${id}/cancel`, {
      key: svc.keys.bureau,
      body: {},
    });
    expect(cancel.status).to.equal(409);
    const badAbsent = await svc.call('POST', `/v1/convoys/trips/${id}/arrive`, {
      key: svc.keys.bureau,
      body: { absent: ['nobody'] },
    });
    expect(badAbsent.status).to.equal(400);
    expect(JSON.stringify(badAbsent.body)).to.contain('absent');
    const arrived = await svc.call('POST', `/v1/convoys/trips/${id}/arrive`, {
      key: svc.keys.bureau,
      body: { absent: ['lc-2'] },
    });
    expect(arrived.status).to.equal(200);
    expect(arrived.body.status).to.equal('arrived');
    const byId = new Map(arrived.body.passengers.map((p: any) => [p.workerId, p]));
    expect((byId.get('lc-2') as any).absent).to.equal(true);
    expect((byId.get('lc-2') as any).arrivedAt).to.equal(undefined);
    expect((byId.get('lc-0') as any).arrivedAt).to.be.a('string');

    const other = await plan(many(3, 'T1', 'firm-a', 'cx'));
    const cancelled = await svc.call('POST', `/v1/convoys/trips/${other.body.trips[0].tripId}/cancel`, {
      key: svc.keys.bureau,
      body: { reason: 'road closed' },
    });
    expect(cancelled.body.status).to.equal('cancelled');
  });

  it('50 concurrent seat additions to a 45-seat bus holding 40: exactly 5 succeed, the rest are 409 full', async () => {
    const res = await plan(many(40, 'T1', 'firm-a', 'cc'));
    expect(res.body.trips).to.have.length(1);
    const trip = res.body.trips[0];
    expect(trip.seats).to.equal(45);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        svc.call('POST', `/v1/convoys/trips/${trip.tripId}/passengers`, {
          key: svc.keys.bureau,
          body: { workerId: `extra-${i}`, townCode: 'T1', firmId: 'firm-a' },
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).to.have.length(5);
    expect(statuses.filter((s) => s === 409)).to.have.length(45);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.code).to.equal('trip_full');
    const after = await svc.call('GET', `/v1/convoys/trips/${trip.tripId}`, { key: svc.keys.bureau });
    expect(after.body.seatsTaken).to.equal(45);
    expect(new Set(after.body.passengers.map((p: any) => p.workerId)).size).to.equal(45);
    // A freed seat can be taken again; removing someone not on the trip is a 404.
    const gone = await svc.call('DELETE', `/v1/convoys/trips/${trip.tripId}/passengers/cc-0`, {
      key: svc.keys.bureau,
    });
    expect(gone.body.seatsTaken).to.equal(44);
    const twice = await svc.call('DELETE', `/v1/convoys/trips/${trip.tripId}/passengers/cc-0`, {
      key: svc.keys.bureau,
    });
    expect(twice.status).to.equal(404);
  });

  it('manifests: names and phones for the bureau only; masked for the driver and the receiving firm', async () => {
    const res = await plan([traveller('m-a1', 'T1', 'firm-a'), traveller('m-a2', 'T1', 'firm-a')]);
    const trip = res.body.trips[0];
    // A passenger of firm B joins the same vehicle (the bureau seats whom it decides).
    await svc.call('POST', `/v1/convoys/trips/${trip.tripId}/passengers`, {
      key: svc.keys.bureau,
      body: { workerId: 'm-b1', townCode: 'T1', firmId: 'firm-b' },
    });
    const people: Array<[string, string, string]> = [
      ['m-a1', '张三丰', '13812345678'],
      ['m-a2', '李四', '13900001111'],
      ['m-b1', '王五', '13700002222'],
    ];
    for (const [workerId, name, phone] of people) {
      await svc.rt.es.index({
        index: svc.rt.names.workerPrivate,
        id: workerId,
        document: {
          workerId,
          private: { name, phone },
          consent: { given: true, at: '2020-02-01' },
          updatedAt: '2020-02-01',
        },
        refresh: 'wait_for',
      });
    }
    const full = await svc.call('GET', `/v1/convoys/trips/${trip.tripId}/manifest`, { key: svc.keys.bureau });
    expect(full.status).to.equal(200);
    expect(full.body.rows.map((r: any) => [r.workerId, r.name, r.phone])).to.deep.equal(people);

    const driver = await svc.call('GET', `/v1/convoys/trips/${trip.tripId}/manifest?view=driver`, {
      key: svc.keys.bureau,
    });
    expect(driver.body.rows.map((r: any) => [r.name, r.phone])).to.deep.equal([
      ['张**', '*******5678'],
      ['李*', '*******1111'],
      ['王*', '*******2222'],
    ]);
    const firm = await svc.call('GET', `/v1/convoys/trips/${trip.tripId}/manifest`, {
      key: svc.keys.employerA,
    });
    expect(firm.body.view).to.equal('firm');
    expect(firm.body.rows.map((r: any) => [r.workerId, r.name, r.phone])).to.deep.equal([
      ['m-a1', '张**', '*******5678'],
      ['m-a2', '李*', '*******1111'],
    ]);
    const firmFull = await svc.call('GET', `/v1/convoys/trips/${trip.tripId}/manifest?view=bureau`, {
      key: svc.keys.employerA,
    });
    expect(JSON.stringify(firmFull.body)).to.not.contain('13812345678');
    const site = await svc.call('GET', `/v1/convoys/trips/${trip.tripId}/manifest`, { key: svc.keys.site });
    expect(site.status).to.equal(403);

    const csv = await svc.call('GET', `/v1/convoys/trips/${trip.tripId}/manifest/csv?view=driver`, {
      key: svc.keys.bureau,
    });
    expect(csv.headers.get('content-type')).to.match(/^text\/csv/);
    expect(csv.body).to.contain('张**').and.not.contain('张三丰').and.not.contain('13812345678');
    const xlsx = await fetch(`${svc.url}/v1/convoys/trips/${trip.tripId}/manifest/xlsx`, {
      headers: { authorization: `Bearer ${svc.keys.employerA}` },
    });
    expect(xlsx.status).to.equal(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const cells: string[] = [];
    wb.worksheets[0]!.eachRow((row) => {
      cells.push(JSON.stringify(row.values));
    });
    const text = cells.join('\n');
    expect(text).to.contain('张**').and.contain('*******5678');
    expect(text).to.not.contain('张三丰').and.not.contain('王').and.not.contain('13812345678');
  });

  it('the typed client (as the portal uses it) downloads the manifest per format', async () => {
    const res = await plan([traveller('tc-1', 'T1', 'firm-a')]);
    const tripId = res.body.trips[0].tripId;
    const client = createConvoysClient(svc.url, svc.keys.bureau);
    const query: { view?: 'driver' } = { view: 'driver' };
    const xlsx = await client.GET('/v1/convoys/trips/{tripId}/manifest/xlsx', {
      params: { path: { tripId }, query },
      parseAs: 'arrayBuffer',
    });
    expect(xlsx.response.status).to.equal(200);
    expect(xlsx.response.headers.get('content-type')).to.contain('spreadsheetml');
    const csv = await client.GET('/v1/convoys/trips/{tripId}/manifest/csv', {
      params: { path: { tripId }, query: {} },
      parseAs: 'text',
    });
    expect(csv.response.headers.get('content-type')).to.match(/^text\/csv/);
    expect(csv.data).to.contain('tc-1');
    const json = await client.GET('/v1/convoys/trips/{tripId}/manifest', {
      params: { path: { tripId }, query: {} },
    });
    expect(json.data?.rows.map((r) => r.workerId)).to.deep.equal(['tc-1']);
  });
});
