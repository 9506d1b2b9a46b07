import type { Loaders } from './db/loaders.ts';
import type { Repository } from './db/Repository.ts';

/** What every resolver gets: the per-request repository (with its round-trip counter) and DataLoaders. */
export interface GraphQLContext {
  repo: Repository;
  loaders: Loaders;
}
