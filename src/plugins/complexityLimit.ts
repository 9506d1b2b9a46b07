import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type DocumentNode } from 'graphql';
import { type ComplexityEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { ErrorCode } from '../errors.ts';
import { PATH_SEARCH_COST_PER_HOP, DEFAULT_PATH_MAX_LENGTH, LIST_ENTRY_COST } from '../inputLimits.ts';
import { scienceMapCost } from '../maps/scienceMap.ts';

/** Options of the complexity limit. */
export interface ComplexityLimitOptions {
  /** Highest estimated cost an operation may have. */
  maximumComplexity: number;
}

/**
 * True for the values JSON variables are made of (lists and plain objects). Anything else is one
 * value however it is built: an uploaded file is an object holding a Buffer, and walking its bytes
 * as entries (a megabyte is a million) held the request thread for seconds per upload.
 */
function isJsonContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Entries of every list-valued argument, nested input objects included (filter.topics, ids, relationshipTypes, …). */
function listEntries(value: unknown): number {
  if (Array.isArray(value)) return value.length + value.reduce<number>((sum, item) => sum + listEntries(item), 0);
  if (isJsonContainer(value)) return Object.values(value).reduce<number>((sum, item) => sum + listEntries(item), 0);
  return 0;
}

/**
 * Lists cost their page size: a field with a `first`, `last`, `limit` or `ids` argument costs
 * (1 + its selection) times that size, so nesting big pages multiplies as it does in Neo4j. Every
 * entry of a list argument adds its own cost (each filter topic is resolved and checked per
 * article), a shortest-path search costs by the hops it may explore, and a science map by the
 * nodes it may keep (scienceMapCost: its nodes and links are lists, but one map, not a page per parent).
 */
const pageSizeEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const listCost = LIST_ENTRY_COST * listEntries(args);
  if (field.name === 'shortestPath' || field.name === 'citationPath') {
    const maxLength = typeof args.maxLength === 'number' ? args.maxLength : DEFAULT_PATH_MAX_LENGTH;
    return 1 + childComplexity + listCost + PATH_SEARCH_COST_PER_HOP * Math.max(1, maxLength);
  }
  if (field.name === 'scienceMap')
    return 1 + childComplexity + listCost + scienceMapCost(typeof args.limit === 'number' ? args.limit : undefined);
  const size = [args.first, args.last, args.limit].find((value) => typeof value === 'number');
  const count = typeof size === 'number' ? size : Array.isArray(args.ids) ? args.ids.length : undefined;
  if (count === undefined) return listCost > 0 ? 1 + childComplexity + listCost : undefined;
  return (1 + childComplexity) * Math.max(1, count) + listCost;
};

/**
 * How deeply the variables may nest (objects and lists). The deepest input of the schema nests a
 * few levels; JSON variables may carry a little structure. Deeper values are refused before anything
 * walks them recursively (serializing a 5,000-deep value overflowed the stack: an unlogged 500).
 */
export const MAX_VARIABLES_DEPTH = 32;

/** True when `value` nests deeper than `max` (lists and plain objects; an uploaded file is one value), found without recursion. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!isJsonContainer(node)) continue;
    if (depth >= max) return true;
    for (const child of Object.values(node)) if (isJsonContainer(child)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Variables longer than this (as JSON) are not worth keeping as a cache key: their operation is estimated afresh. */
const MAX_CACHED_VARIABLES_LENGTH = 2_000;

const NOT_CACHED = new Error('not cached');

/**
 * The cache key of an operation's variables, or null for variables not worth keeping: longer than
 * MAX_CACHED_VARIABLES_LENGTH, or holding an uploaded file. Found without serializing them whole: a
 * file's bytes became a JSON list of a million numbers per megabyte, and a record file sent as
 * `content` was escaped in full, on the request thread, for a key never used.
 */
function cacheKeyOf(operationName: string | null | undefined, variables: Record<string, unknown>): string | null {
  let length = 0;
  try {
    const json = JSON.stringify(variables, (_key, value: unknown) => {
      if (typeof value === 'string') length += value.length;
      if (
        (value !== null && typeof value === 'object' && !isJsonContainer(value)) ||
        length > MAX_CACHED_VARIABLES_LENGTH
      )
        throw NOT_CACHED;
      return value;
    });
    return json.length <= MAX_CACHED_VARIABLES_LENGTH ? `${operationName ?? ''}\u0000${json}` : null;
  } catch (error) {
    if (error === NOT_CACHED) return null;
    throw error;
  }
}
/** Estimates kept per document, after which its cache starts over. */
const MAX_CACHED_ESTIMATES = 1_000;

/**
 * An operation's estimate depends only on its document, operation name and variables, so it is
 * kept per document: Apollo hands every request with the same query text the same parsed
 * document, and walking it with graphql-query-complexity was a twentieth of the CPU the API
 * spent on an article-by-DOI request. Documents are weakly held (they leave with Apollo's cache).
 */
const estimates = new WeakMap<DocumentNode, Map<string, number>>();

/**
 * Rejects an operation whose estimated cost exceeds the limit, before any resolver runs, with
 * QUERY_TOO_COMPLEX naming the limit and both numbers. Uses graphql-query-complexity.
 *
 * This hook runs before Apollo coerces the variables, and graphql-query-complexity coerces them
 * itself (defaults applied): a missing or mistyped variable threw here and answered 500. Variables
 * that do not coerce are left to execution, which rejects them as BAD_USER_INPUT (400) before any
 * resolver runs. (The coercion is the library's own, not graphql's getVariableValues called here:
 * that one rejects the schema when two copies of graphql are loaded, as under vitest.)
 */
export function complexityLimitPlugin(options: ComplexityLimitOptions): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          if (nestsDeeperThan(request.variables ?? {}, MAX_VARIABLES_DEPTH)) {
            throw new GraphQLError(
              `The variables nest deeper than ${MAX_VARIABLES_DEPTH} levels (objects and lists); no argument of this API needs that.`,
              {
                extensions: {
                  code: ErrorCode.QUERY_TOO_COMPLEX,
                  limit: 'maxVariablesDepth',
                  maximum: MAX_VARIABLES_DEPTH,
                  http: { status: 400 },
                },
              },
            );
          }
          const key = cacheKeyOf(request.operationName, request.variables ?? {});
          let cache = estimates.get(document);
          let complexity = key === null ? undefined : cache?.get(key);
          if (complexity === undefined) {
            try {
              complexity = getComplexity({
                schema,
                query: document,
                operationName: request.operationName,
                variables: request.variables ?? {},
                estimators: [pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
              });
            } catch (error) {
              // Not cached: the same variables fail the same way, and execution names the problem.
              if (error instanceof Error && /^Variable "\$/.test(error.message)) return;
              throw error;
            }
            if (key !== null) {
              if (!cache || cache.size >= MAX_CACHED_ESTIMATES) estimates.set(document, (cache = new Map()));
              cache.set(key, complexity);
            }
          }
          if (complexity > options.maximumComplexity) {
            throw new GraphQLError(
              `Operation is too complex: estimated cost ${complexity} exceeds the limit of ${options.maximumComplexity} (page sizes multiply, list arguments and path searches add; ask for smaller pages, shorter lists or fewer nested lists).`,
              {
                extensions: {
                  code: ErrorCode.QUERY_TOO_COMPLEX,
                  limit: 'maximumComplexity',
                  maximum: options.maximumComplexity,
                  actual: complexity,
                  http: { status: 400 },
                },
              },
            );
          }
        },
      };
    },
  };
}
