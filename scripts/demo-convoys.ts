/**
 * The demo's 点对点返岗专车: 300 seekers whose home is outside Zaozhuang (Zhaotong, Xuzhou, …) travelling back to
 * the city's key enterprises, planned through the convoys service's public API with the bureau's key once the
 * services answer, and only when no trip exists yet — so a newcomer sees buses, stops and manifests at once.
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
  const travellers: ConvoysSchemas['ConvoyTraveller'][] = [];
  for (let i = 0; i < o.workers && travellers.length < 300; i++) {
    const w = demoWorker(o, i);
    const home = w.input.currentPlace;
    if (!home.district || home.district.startsWith('3704') || !home.location) continue;
    const firm = firms[travellers.length % firms.length]!;
    // The bureau's batch: anyone available within the week travels in the next ten days.
    const available = w.input.availableFrom?.slice(0, 10) ?? tomorrow;
    const from = [available, tomorrow].sort()[1]!; // ISO dates: the later one
    if (from > addDays(tomorrow, 7)) continue;
    travellers.push({
      workerId: w.id,
      // Only the home city is known for these seekers: it is both the pick-up "town" and its district.
      origin: { townCode: home.district, districtCode: home.district, point: home.location },
      destination: {
        firmId: firm.id,
        districtCode: firm.input.place.district!,
        point: firm.input.place.location!,
      },
      earliest: from,
      latest: addDays(tomorrow, 10),
    });
  }
  if (travellers.length === 0) return { trips: 0, travellers: 0 };
  const plan = unwrap(await convoys.POST('/v1/convoys/plans', { body: { travellers } }));
  return { trips: plan.trips.length, travellers: travellers.length };
}
