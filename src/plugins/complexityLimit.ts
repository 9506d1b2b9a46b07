import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { type ComplexityEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { ErrorCode } from '../errors.ts';

/** Options of the complexity limit. */
export interface ComplexityLimitOptions {
  /** Highest estimated cost an operation may have. */
  maximumComplexity: number;
}

/**
 * Lists cost their page size: a field with a `first`, `last`, `limit` or `ids` argument costs
 * (1 + its selection) times that size, so nesting big pages multiplies as it does in Neo4j.
 */
const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const size = [args.first, args.last, args.limit].find((value) => typeof value === 'number');
  const count = typeof size === 'number' ? size : Array.isArray(args.ids) ? args.ids.length : undefined;
  if (count === undefined) return undefined;
  return (1 + childComplexity) * Math.max(1, count);
};

/**
 * Rejects an operation whose estimated cost exceeds the limit, before any resolver runs, with
 * QUERY_TOO_COMPLEX naming the limit and both numbers. Uses graphql-query-complexity.
 */
export function complexityLimitPlugin(options: ComplexityLimitOptions): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          const complexity = getComplexity({
            schema,
            query: document,
            operationName: request.operationName,
            variables: request.variables,
            estimators: [pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
          });
          if (complexity > options.maximumComplexity) {
            throw new GraphQLError(
              `Operation is too complex: estimated cost ${complexity} exceeds the limit of ${options.maximumComplexity} (page sizes multiply; ask for smaller pages or fewer nested lists).`,
              { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit: 'maximumComplexity', maximum: options.maximumComplexity, actual: complexity } },
            );
          }
        },
      };
    },
  };
}
