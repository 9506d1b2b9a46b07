import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLContext } from '../context.ts';
import { writeAccessError } from './writeAccess.ts';

/**
 * Refuses a mutation before anything of it runs when writes are not configured (403 FORBIDDEN, with
 * how to enable them) or the request carries no valid token (401 UNAUTHENTICATED with
 * WWW-Authenticate). Wrong tokens never get this far (see authenticate).
 */
export function writeAccessPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation !== 'mutation') return;
          const error = writeAccessError({
            tokensEnabled: contextValue.write?.tokensEnabled ?? false,
            tokenName: contextValue.write?.tokenName,
          });
          if (error) throw error;
        },
      };
    },
  };
}
