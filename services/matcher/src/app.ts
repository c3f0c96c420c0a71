import { type BuiltService, type Runtime, createServiceApp, runtimeAppOptions } from '@fugong/http';
import { IntentionQueues } from '@fugong/queue';
import { registerIntentionListRoutes } from './intentions/list.ts';
import { registerIntentionRoutes } from './intentions/routes.ts';
import { registerRankingRoutes } from './ranking/routes.ts';
import { DEFAULT_WEIGHTS, type RankingWeights, validateWeights } from './ranking/weights.ts';
import { registerSearchRoutes } from './search/routes.ts';
import { createStores } from '@fugong/stores';

/** The matcher service: vacancy search and typeahead, explainable ranking both ways, intentions. */
export function buildApp(rt: Runtime, options: { weights?: RankingWeights } = {}): BuiltService {
  const weights = validateWeights(options.weights ?? DEFAULT_WEIGHTS);
  const svc = createServiceApp({
    ...runtimeAppOptions(rt),
    name: 'matcher',
    version: '0.1.0',
    description: 'Chinese vacancy search, explainable ranking of workers and vacancies, intentions.',
  });
  const queues = new IntentionQueues(rt.redis, rt.env.QUEUE_PREFIX, rt.env.INTENT_QUEUE_PARTITIONS, (err) =>
    rt.logger.warn({ err: err.message }, 'intentions queue error'),
  );
  // The stores are built once and handed to the routes: no route holds the engine client.
  const stores = createStores(rt);
  registerSearchRoutes(svc.api, stores);
  registerRankingRoutes(svc.api, stores, weights);
  registerIntentionRoutes(svc.api, stores, queues);
  registerIntentionListRoutes(svc.api, stores);
  // close() waits for a ready connection; during a Redis outage shutdown must not hang on it (bounded).
  return { app: svc.finish(), state: svc.state, closers: [() => queues.close()] };
}
