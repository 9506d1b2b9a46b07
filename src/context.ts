import type { Repository } from './db/index.ts';
import type { WriteService } from './write/WriteService.ts';

/**
 * What every resolver gets: the per-request repository, the one door to the data (it decides
 * between one statement for a whole selection and batched loaders, and counts round trips), and
 * for the write path the write service with who is asking (src/write/).
 */
export interface GraphQLContext {
  repo: Repository;
  write?: {
    service: WriteService;
    /** Whether any token is configured (else writes answer FORBIDDEN). */
    tokensEnabled: boolean;
    /** The name of the valid bearer token of this request, if one was sent. */
    tokenName?: string;
  };
}
