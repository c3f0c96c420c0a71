import { AgreementStore } from './agreements.ts';
import { ApiKeyRecordStore } from './api-keys.ts';
import { ConvoyTripStore } from './convoys.ts';
import { DeadLetterStore } from './dead-letters.ts';
import type { StoreContext } from './engine.ts';
import { FairStore } from './fairs.ts';
import { FirmStore } from './firms.ts';
import { IntentionPairStore } from './intention-pairs.ts';
import { IntentionStore } from './intentions.ts';
import { MonitorStore } from './monitor.ts';
import { MonitorPublicationStore } from './monitor-publications.ts';
import { SwapPostStore } from './swap-posts.ts';
import { VacancyStore } from './vacancies.ts';
import { WorkerStore } from './workers.ts';

/** Every store over one client and prefix. Stores hold no state beyond that, so building them is free. */
export interface Stores {
  agreements: AgreementStore;
  apiKeys: ApiKeyRecordStore;
  convoyTrips: ConvoyTripStore;
  deadLetters: DeadLetterStore;
  fairs: FairStore;
  firms: FirmStore;
  intentionPairs: IntentionPairStore;
  intentions: IntentionStore;
  monitor: MonitorStore;
  monitorPublications: MonitorPublicationStore;
  swapPosts: SwapPostStore;
  vacancies: VacancyStore;
  workers: WorkerStore;
}

/** The stores of a process (or a test) from its client and index names; a service's Runtime is such a context. */
export function createStores(ctx: StoreContext): Stores {
  return {
    agreements: new AgreementStore(ctx),
    apiKeys: new ApiKeyRecordStore(ctx),
    convoyTrips: new ConvoyTripStore(ctx),
    deadLetters: new DeadLetterStore(ctx),
    fairs: new FairStore(ctx),
    firms: new FirmStore(ctx),
    intentionPairs: new IntentionPairStore(ctx),
    intentions: new IntentionStore(ctx),
    monitor: new MonitorStore(ctx),
    monitorPublications: new MonitorPublicationStore(ctx),
    swapPosts: new SwapPostStore(ctx),
    vacancies: new VacancyStore(ctx),
    workers: new WorkerStore(ctx),
  };
}
