/**
 * The demo's 共享员工 posts: restaurants and hotels with idle staff, sorting centres, protective-equipment
 * makers and e-commerce warehouses short of hands, as in the spring of 2020. Posted through the swap
 * service's public API with the bureau's key once the services answer (so the posts are exactly what the
 * API makes), and only when none exist yet.
 */
import { createSwapClient, unwrap } from '@fugong/client';
import { DEMO_DEFAULTS, type DemoOptions, demoFirm } from '@fugong/demo';

const LENDS: Record<string, string[]> = { 餐饮住宿: ['服务员', '厨师'], 商超零售: ['理货员'] };
const NEEDS: Record<string, string[]> = {
  物流快递: ['分拣员', '快递员'],
  防护用品制造: ['包装工', '普工'],
  电子商务: ['打包员', '仓管员'],
};

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400_000).toISOString().slice(0, 10);

export async function seedDemoSwap(
  swapUrl: string,
  bureauKey: string,
  now: Date,
  o: DemoOptions = DEMO_DEFAULTS,
): Promise<{ surplus: number; shortage: number }> {
  const swap = createSwapClient(swapUrl, bureauKey);
  const existing = unwrap(await swap.GET('/v1/swap/surplus', { params: { query: { size: 1 } } }));
  if (existing.total > 0) return { surplus: 0, shortage: 0 };
  const today = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  let surplus = 0;
  let shortage = 0;
  let lenders = 0;
  let borrowers = 0;
  for (let i = 0; i < o.firms && (lenders < 24 || borrowers < 24); i++) {
    const firm = demoFirm(o, i);
    const lend = LENDS[firm.input.industry];
    const need = NEEDS[firm.input.industry];
    const place = {
      district: firm.input.place.district ?? '370402',
      ...(firm.input.place.location ? { location: firm.input.place.location } : {}),
    };
    const from = addDays(today, i % 5);
    const to = addDays(from, 20 + (i % 4) * 10);
    if (lend && lenders < 24) {
      lenders++;
      unwrap(
        await swap.POST('/v1/swap/surplus', {
          body: {
            firmId: firm.id,
            headcount: 3 + (i % 9),
            occupations: [lend[i % lend.length]!],
            from,
            to,
            place,
          },
        }),
      );
      surplus++;
    } else if (need && borrowers < 24) {
      borrowers++;
      unwrap(
        await swap.POST('/v1/swap/shortage', {
          body: {
            firmId: firm.id,
            headcount: 5 + (i % 12),
            occupations: [need[i % need.length]!],
            from,
            to,
            place,
            conditions: { transport: i % 2 === 0, board: true, lodging: i % 3 === 0 },
          },
        }),
      );
      shortage++;
    }
  }
  return { surplus, shortage };
}
