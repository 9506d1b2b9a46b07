import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../errors.ts';

/** Limits on the shape of an operation, checked at validation by graphql-armor. */
export interface ShapeLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
}

/** The defaults: deep enough for every example query, far below anything abusive. */
export const DEFAULT_SHAPE_LIMITS: ShapeLimits = { maxDepth: 12, maxAliases: 30, maxTokens: 5000, maxDirectives: 50 };

/**
 * graphql-armor's validation rules and plugins for depth, aliases, tokens and directives. Field
 * suggestions stay on (the playground is our manual) and cost is handled by the complexity plugin.
 */
export function armorProtection(limits: ShapeLimits) {
  return new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true },
    maxAliases: { n: limits.maxAliases },
    maxTokens: { n: limits.maxTokens },
    maxDirectives: { n: limits.maxDirectives },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
}

const ARMOR_MESSAGES: ReadonlyArray<[RegExp, string]> = [
  [/Query depth limit of \d+ exceeded/, 'maxDepth'],
  [/Aliases limit of \d+ exceeded/, 'maxAliases'],
  [/Token limit of \d+ exceeded/, 'maxTokens'],
  [/Directives limit of \d+ exceeded/, 'maxDirectives'],
];

/** Gives graphql-armor's rejections our QUERY_TOO_COMPLEX code and the name of the limit hit. */
export function formatArmorError(error: GraphQLFormattedError): GraphQLFormattedError | undefined {
  for (const [pattern, limit] of ARMOR_MESSAGES) {
    if (pattern.test(error.message)) {
      return { ...error, message: error.message.replace(/^Syntax Error: /, ''), extensions: { ...error.extensions, code: ErrorCode.QUERY_TOO_COMPLEX, limit } };
    }
  }
  return undefined;
}
