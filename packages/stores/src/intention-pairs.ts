import { engineCall, getSource } from '@fugong/search';
import type { StoreContext } from './engine.ts';

/**
 * The `intention-pairs` index as the matcher reads it (written by the intent-worker, whose writer owns the
 * document shape: services/intent-worker/src/worker/writer.ts).
 */
export class IntentionPairStore {
  private readonly ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.ctx = ctx;
  }

  /**
   * The intention kinds already recorded on a pair (empty when there is no pair yet), read in real time: no
   * refresh needed. `pairId` is the pair's key as the intent-worker writes it.
   */
  async recordedKinds(pairId: string): Promise<string[]> {
    const pair = await getSource<{ kinds?: string[] }>(this.ctx.es, {
      index: this.ctx.names.intentionPairs,
      id: pairId,
      _source_includes: ['kinds'],
      realtime: true,
    });
    return pair?.kinds ?? [];
  }

  /**
   * Of these workers, those who have themselves spoken to the firm (applied or accepted): only their contact
   * may be shown to it. A firm's own shortlist or offer does not count.
   */
  async workersWhoSpokeTo(firmId: string, workerIds: readonly string[]): Promise<string[]> {
    if (workerIds.length === 0) return [];
    const res = await engineCall(() =>
      this.ctx.es.search<{ workerId: string }>({
        index: this.ctx.names.intentionPairs,
        size: workerIds.length,
        _source: ['workerId'],
        query: {
          bool: {
            filter: [
              { term: { firmId } },
              { terms: { workerId: [...workerIds] } },
              { exists: { field: 'workerSideAt' } },
            ],
          },
        },
      }),
    );
    return [...new Set(res.hits.hits.map((h) => h._source?.workerId).filter((x): x is string => !!x))];
  }

  /**
   * 初步达成就业意向 per local day (Asia/Shanghai): two-sided pairs by the day their second side first spoke
   * (`twoSidedAt`), the count the intent statistics call `twoSided`. Days without any are absent.
   */
  async twoSidedByDay(from: string, to: string): Promise<Map<string, number>> {
    const res = await engineCall(() =>
      this.ctx.es.search({
        index: this.ctx.names.intentionPairs,
        size: 0,
        query: {
          bool: {
            filter: [
              { term: { twoSided: true } },
              { range: { twoSidedAt: { gte: from, lte: `${to}||/d`, time_zone: 'Asia/Shanghai' } } },
            ],
          },
        },
        aggs: {
          days: {
            date_histogram: {
              field: 'twoSidedAt',
              calendar_interval: 'day',
              time_zone: 'Asia/Shanghai',
              format: 'yyyy-MM-dd',
              min_doc_count: 1,
            },
          },
        },
      }),
    );
    const buckets =
      (res.aggregations?.days as { buckets?: Array<{ key_as_string?: string; doc_count: number }> })
        ?.buckets ?? [];
    return new Map(buckets.map((b) => [String(b.key_as_string), b.doc_count]));
  }
}
