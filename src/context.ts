import type { Repository } from './db/Repository.ts';

/**
 * What every resolver gets: the per-request repository, the one door to the data (it decides
 * between one statement for a whole selection and batched loaders, and counts round trips).
 */
export interface GraphQLContext {
  repo: Repository;
}
