/**
 * The demo's 点对点返岗专车: 300 seekers whose home is outside Zaozhuang (Zhaotong, Xuzhou, …) travelling back to
 * the city's key enterprises, through the public APIs with the bureau's key once the services answer, and only
 * when no trip exists yet — so a newcomer sees buses, stops and manifests at once:
 * - a first wave of those already available, from one home city, left this morning and has arrived (one
 *   passenger did not board): the monitor's 返岗专车 figure and arrived manifests show;
 * - the others got an offer from the firm and accepted it (recorded through the matcher, as the bureau may),
 *   and the bureau planned them from the accepted offers (POST /v1/convoys/plans/from-offers) — except the
 *   hires of the demo employer's own firm, left for its account to request (portal: 企业 → 返岗专车).
 */
import {
  type ConvoysSchemas,
  createConvoysClient,
  createIngestClient,
  createMatcherClient,
  unwrap,
} from '@fugong/client';
import { DEMO_DEFAULTS, type DemoOptions, demoFirm, demoWorker } from '@fugong/demo';

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400_000).toISOString().slice(0, 10);

export async function seedDemoConvoys(
  urls: { convoys: string; matcher: string; ingest: string },
  bureauKey: string,
  now: Date,
  o: DemoOptions = DEMO_DEFAULTS,
): Promise<{ trips: number; travellers: number; leftToRequest: number }> {
  const convoys = createConvoysClient(urls.convoys, bureauKey);
  const existing = unwrap(await convoys.GET('/v1/convoys/trips', { params: { query: { size: 1 } } }));
  if (existing.total > 0) return { trips: 0, travellers: 0, leftToRequest: 0 };
  const tomorrow = addDays(new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10), 1);
  // Destinations: four key enterprises (firms 0 … 3), at their gates — the firms that asked the bureau for buses.
  const firms = Array.from({ length: Math.max(1, Math.min(4, o.keyEnterprises)) }, (_, i) =>
    demoFirm(o, i),
  ).filter((f) => f.input.place.location && f.input.place.district);
  const today = addDays(tomorrow, -1);
  const travellers: ConvoysSchemas['ConvoyTraveller'][] = [];
  const firstWave: ConvoysSchemas['ConvoyTraveller'][] = [];
  let firstHome: string | undefined;
  for (let i = 0; i < o.workers && travellers.length + firstWave.length < 300; i++) {
    const w = demoWorker(o, i);
    const home = w.input.currentPlace;
    if (!home.district || home.district.startsWith('3704') || !home.location) continue;
    const firm = firms[(travellers.length + firstWave.length) % firms.length]!;
    // The bureau's batch: anyone available within the week travels in the next ten days.
    const available = w.input.availableFrom?.slice(0, 10) ?? tomorrow;
    // The first wave: one home city's seekers already available (a bus the bureau filled by phone).
    firstHome ??= available <= today ? home.district : undefined;
    const wave =
      available <= today && home.district === firstHome && firstWave.length < 40 ? firstWave : travellers;
    const from = [available, tomorrow].sort()[1]!; // ISO dates: the later one
    if (from > addDays(tomorrow, 7)) continue;
    wave.push({
      workerId: w.id,
      // Only the home city is known for these seekers: it is both the pick-up "town" and its district.
      origin: { townCode: home.district, districtCode: home.district, point: home.location },
      destination: {
        firmId: firm.id,
        districtCode: firm.input.place.district!,
        point: firm.input.place.location!,
      },
      ...(wave === firstWave
        ? { earliest: today, latest: today }
        : { earliest: from, latest: addDays(tomorrow, 10) }),
    });
  }
  let trips = 0;
  let seated = firstWave.length;
  if (firstWave.length > 0) {
    const plan = unwrap(await convoys.POST('/v1/convoys/plans', { body: { travellers: firstWave } }));
    for (const [k, trip] of plan.trips.entries()) {
      const path = { params: { path: { tripId: trip.tripId } } };
      unwrap(await convoys.POST('/v1/convoys/trips/{tripId}/confirm', path));
      unwrap(await convoys.POST('/v1/convoys/trips/{tripId}/depart', path));
      const absent = k === 0 && trip.passengers.length > 1 ? [trip.passengers.at(-1)!.workerId] : [];
      unwrap(await convoys.POST('/v1/convoys/trips/{tripId}/arrive', { ...path, body: { absent } }));
    }
    trips += plan.trips.length;
  }
  const offered = await offerAndAccept(urls, bureauKey, travellers);
  // The bureau plans everyone's but the demo employer's hires, firm by firm, from the accepted offers.
  const ownFirm = firms[0]!.id;
  for (const firm of firms.slice(1)) {
    const plan = unwrap(
      await convoys.POST('/v1/convoys/plans/from-offers', {
        body: { firmId: firm.id, departFrom: tomorrow, windowDays: 10, minDistanceKm: 100 },
      }),
    );
    trips += plan.trips.length;
    seated += plan.totals.travellers + plan.seatedOnExisting.length;
  }
  const leftToRequest = offered.filter((t) => t.destination.firmId === ownFirm).length;
  return { trips, travellers: seated, leftToRequest };
}

/**
 * Each traveller is offered an open vacancy of their firm and accepts (the bureau records both, as it may on a
 * seeker's behalf); answers once the intent worker has recorded the last acceptance (at most about a minute).
 */
async function offerAndAccept(
  urls: { matcher: string; ingest: string },
  bureauKey: string,
  travellers: ConvoysSchemas['ConvoyTraveller'][],
): Promise<ConvoysSchemas['ConvoyTraveller'][]> {
  const matcher = createMatcherClient(urls.matcher, bureauKey);
  const ingest = createIngestClient(urls.ingest, bureauKey);
  const vacancyOf = new Map<string, string>();
  for (const firmId of new Set(travellers.map((t) => t.destination.firmId))) {
    const open = unwrap(
      await ingest.GET('/v1/vacancies', { params: { query: { firmId, status: 'open', size: 1 } } }),
    );
    if (open.items[0]) vacancyOf.set(firmId, open.items[0].id);
  }
  const offered = travellers.filter((t) => vacancyOf.has(t.destination.firmId));
  for (let i = 0; i < offered.length; i += 10) {
    await Promise.all(
      offered.slice(i, i + 10).map(async (t) => {
        const pair = { vacancyId: vacancyOf.get(t.destination.firmId)!, workerId: t.workerId };
        unwrap(await matcher.POST('/v1/intentions', { body: { kind: 'offer', ...pair } }));
        unwrap(await matcher.POST('/v1/intentions', { body: { kind: 'acceptance', ...pair } }));
      }),
    );
  }
  const last = offered.at(-1);
  for (let waited = 0; last && waited < 60_000; waited += 500) {
    const { data } = await matcher.GET('/v1/intentions', {
      params: { query: { workerId: last.workerId, status: 'accepted' } },
    });
    if ((data?.total ?? 0) > 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return offered;
}
