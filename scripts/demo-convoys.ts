/**
 * The demo's 点对点返岗专车: 300 seekers whose home is outside Zaozhuang (Zhaotong, Xuzhou, …) travelling back to
 * the city's key enterprises, planned through the convoys service's public API with the bureau's key once the
 * services answer, and only when no trip exists yet — so a newcomer sees buses, stops and manifests at once.
 * A first wave of those already available left this morning and has arrived (one passenger did not board), so
 * the monitor's 返岗专车 figure and the arrived manifests show too; the rest travel from tomorrow.
 */
import { type ConvoysSchemas, createConvoysClient, unwrap } from '@fugong/client';
import { DEMO_DEFAULTS, type DemoOptions, demoFirm, demoWorker } from '@fugong/demo';

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400_000).toISOString().slice(0, 10);

export async function seedDemoConvoys(
  convoysUrl: string,
  bureauKey: string,
  now: Date,
  o: DemoOptions = DEMO_DEFAULTS,
): Promise<{ trips: number; travellers: number }> {
  const convoys = createConvoysClient(convoysUrl, bureauKey);
  const existing = unwrap(await convoys.GET('/v1/convoys/trips', { params: { query: { size: 1 } } }));
  if (existing.total > 0) return { trips: 0, travellers: 0 };
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
  if (travellers.length > 0) {
    const plan = unwrap(await convoys.POST('/v1/convoys/plans', { body: { travellers } }));
    trips += plan.trips.length;
  }
  return { trips, travellers: travellers.length + firstWave.length };
}
