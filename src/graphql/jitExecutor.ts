import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { createRequire } from 'node:module';
import type {
  DocumentNode,
  ExecutionResult,
  FragmentDefinitionNode,
  GraphQLError,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

// The copy of graphql that built the schema (Apollo's and graphql-tools', loaded by require): under
// vitest an `import` of graphql here is a second copy, whose functions refuse the first copy's types.
const graphql = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/** When an operation is compiled (see jitExecutor). */
export interface JitPolicy {
  /** Runs of an operation through graphql-js before it is compiled (the same document object). */
  interpretedRuns: number;
  /** Fields of an operation with its fragments spread in, at most, for it to be compiled. */
  maxFields: number;
}

/**
 * Compiled from the third run on, and only operations of up to 200 fields once fragments are spread
 * in: the operations a client repeats (an app's queries, the explorer's; the benchmark's page of 100
 * articles has 16 fields) are compiled; a document seen once or twice, or one that aliases and
 * fragments spread into more fields, stays with graphql-js. Measured on this schema, compiling costs
 * about 0.05-0.1 ms a field of blocked event loop (16 fields: about 1 ms; 192: 7-24 ms; 30 aliased
 * pages sharing one large fragment, 1,500 fields within every request limit: 120-200 ms), where
 * graphql-js validates that last document in 4-10 ms: a stream of distinct documents must not buy
 * a compilation with each request.
 */
export const DEFAULT_JIT_POLICY: JitPolicy = { interpretedRuns: 2, maxFields: 200 };

/** What is kept per document and operation name. */
interface Entry {
  runs: number;
  /** The compiled operation; null once it is known not to be compiled; undefined before that is decided. */
  compiled: CompiledQuery | null | undefined;
}

/**
 * Executes operations with graphql-jit instead of graphql-js's interpreter, behind Apollo Server's
 * executor hook (the `gateway` option: Apollo still parses, validates with our rules, runs every
 * plugin hook but the per-field ones, formats errors and answers HTTP; only `execute` is replaced).
 *
 * Why: a profile of the API serving a page of 100 articles put graphql-js's completion of the
 * result (completeValue and friends, and the garbage it makes) at a large share of the server's
 * CPU, the same walk the peer benchmarked against does; graphql-jit compiles each operation once
 * into a function that builds the result directly. Which operations are compiled: DEFAULT_JIT_POLICY.
 * Compiled operations are kept per parsed document: Apollo keeps its parsed documents in a bounded
 * cache and hands the same object back for the same text, so the WeakMap holds what Apollo holds.
 *
 * `compile` is graphql-jit's compileQuery (tests count its calls).
 */
export function jitExecutor(
  schema: GraphQLSchema,
  policy: JitPolicy = DEFAULT_JIT_POLICY,
  compile: typeof compileQuery = compileQuery,
): GatewayInterface {
  const entries = new WeakMap<DocumentNode, Map<string | null, Entry>>();
  const entryFor = (document: DocumentNode, operationName: string | null): Entry => {
    let byName = entries.get(document);
    if (!byName) {
      byName = new Map();
      entries.set(document, byName);
    }
    let entry = byName.get(operationName);
    if (!entry) {
      entry = { runs: 0, compiled: undefined };
      byName.set(operationName, entry);
    }
    return entry;
  };
  return {
    onSchemaLoadOrUpdate(callback) {
      // The supergraph SDL is read only by Apollo's schema and usage reporting, which this service does not use.
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async load() {
      return {
        executor: async (requestContext) => {
          const { document, operation, request } = requestContext;
          const variables = request.variables ?? {};
          const interpret = async () =>
            (await graphql.execute({
              schema,
              document,
              contextValue: requestContext.context,
              variableValues: variables,
              ...(request.operationName ? { operationName: request.operationName } : {}),
            })) as ExecutionResult;
          // No operation resolved (an unknown name, several operations and none named): graphql-js
          // answers with its error before anything runs, which Apollo turns into a 400.
          if (!operation) return interpret();
          const entry = entryFor(document, request.operationName ?? null);
          if (entry.compiled === undefined) {
            if (entry.runs < policy.interpretedRuns) {
              entry.runs += 1;
              return interpret();
            }
            const compiled =
              fieldCount(document, operation, policy.maxFields) <= policy.maxFields
                ? compile(schema, document, request.operationName ?? undefined)
                : null;
            // What graphql-jit cannot compile (it answers errors for a document graphql-js validated)
            // is left to graphql-js, which answers it as before.
            entry.compiled = compiled !== null && isCompiledQuery(compiled) ? compiled : null;
          }
          if (entry.compiled === null) return interpret();
          // graphql-js's own coercion first: its errors name the variable's definition, which is how
          // Apollo tells a bad variable (400 BAD_USER_INPUT) from a failure; graphql-jit's do not.
          const coerced = graphql.getVariableValues(schema, operation.variableDefinitions ?? [], variables);
          if (coerced.errors) return { errors: coerced.errors };
          const result = (await entry.compiled.query(undefined, requestContext.context, variables)) as ExecutionResult;
          return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
        },
      };
    },
    async stop() {},
  };
}

/**
 * The fields of an operation with its fragments spread in (each spread counted where it is used, as
 * graphql-jit compiles it), counted up to just past `cap`: the walk stops there, so a document that
 * fragments make huge costs no more than `cap` steps. Validation has run: fragments exist and do not
 * spread into themselves.
 */
export function fieldCount(document: DocumentNode, operation: OperationDefinitionNode, cap: number): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === 'FragmentDefinition') fragments.set(definition.name.value, definition);
  let count = 0;
  const walk = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (count > cap) return;
      if (selection.kind === 'Field') {
        count += 1;
        if (selection.selectionSet) walk(selection.selectionSet);
      } else if (selection.kind === 'InlineFragment') walk(selection.selectionSet);
      else {
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return count;
}

/**
 * A graphql-js GraphQLError with what a graphql-jit error says. graphql-jit's errors leave
 * `extensions` undefined when the thrown error has none (a driver error, a TypeError), where
 * graphql-js gives `{}`; Apollo reads `extensions.code` of every error and failed on those, so a
 * database outage answered INTERNAL_SERVER_ERROR instead of DATABASE_UNAVAILABLE.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  if (error.extensions) return error;
  const made = new graphql.GraphQLError(error.message, {
    ...(error.path ? { path: error.path } : {}),
    ...(error.originalError ? { originalError: error.originalError } : {}),
  });
  // graphql-jit gives locations, not the nodes graphql-js would compute them from.
  if (error.locations) (made as { locations?: unknown }).locations = error.locations;
  return made;
}
