import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';

/**
 * Refuses a `subscription` operation as the request error it is: the schema has no Subscription
 * type. graphql 16 does not validate the operation type against the schema (graphql 17 does), so
 * it reached execution and answered INTERNAL_SERVER_ERROR ("Schema is not configured to execute
 * subscription operation").
 */
export function operationTypePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, schema }) {
          if (operation?.operation === 'subscription' && !schema.getSubscriptionType()) {
            throw new GraphQLError(
              'This API has no subscriptions: send a query or a mutation (poll Query.import for an import’s progress).',
              {
                nodes: [operation],
                extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
              },
            );
          }
        },
      };
    },
  };
}
