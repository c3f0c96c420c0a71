import type { Client } from '@elastic/elasticsearch';
import type { IndexNames } from '@fugong/search';

/** What a store is built from: the process's one client and the index aliases of its prefix (a Runtime has both). */
export interface StoreContext {
  es: Client;
  names: IndexNames;
}
