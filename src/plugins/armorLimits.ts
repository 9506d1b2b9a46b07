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
 * graphql-armor's validation rules for depth, aliases and directives. Field suggestions stay on
 * (the playground is our manual) and cost is handled by the complexity plugin. The token limit is
 * NOT armor's: its Apollo plugin re-parses the document in a parsing hook and throws from there,
 * so every syntax error became a 500; graphql-js's own `maxTokens` parse option (set in
 * createServer) makes an oversized document an ordinary parse failure instead.
 */
export function armorProtection(limits: ShapeLimits) {
  return new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true },
    maxAliases: { n: limits.maxAliases },
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.maxDirectives },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
}

const ARMOR_MESSAGES: ReadonlyArray<[RegExp, string]> = [
  [/Query depth limit of \d+ exceeded/, 'maxDepth'],
  [/Aliases limit of \d+ exceeded/, 'maxAliases'],
  [/Document contains more th(?:an|at) \d+ tokens/, 'maxTokens'],
  [/Directives limit of \d+ exceeded/, 'maxDirectives'],
];

/** Gives graphql-armor's rejections our QUERY_TOO_COMPLEX code and the name of the limit hit. */
export function formatArmorError(error: GraphQLFormattedError): GraphQLFormattedError | undefined {
  for (const [pattern, limit] of ARMOR_MESSAGES) {
    if (pattern.test(error.message)) {
      return {
        ...error,
        message: error.message.replace(/^Syntax Error: /, ''),
        extensions: { ...error.extensions, code: ErrorCode.QUERY_TOO_COMPLEX, limit },
      };
    }
  }
  return undefined;
}
