import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { createRequire } from 'node:module';
import type { DocumentNode, ExecutionResult, GraphQLError, GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

// The copy of graphql that built the schema (Apollo's and graphql-tools', loaded by require): under
// vitest an `import` of graphql here is a second copy, whose functions refuse the first copy's types.
const graphql = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/**
 * Executes operations with graphql-jit instead of graphql-js's interpreter, behind Apollo Server's
 * executor hook (the `gateway` option: Apollo still parses, validates with our rules, runs every
 * plugin hook but the per-field ones, formats errors and answers HTTP; only `execute` is replaced).
 *
 * Why: a profile of the API serving a page of 100 articles put graphql-js's completion of the
 * result (completeValue and friends, and the garbage it makes) at a large share of the server's
 * CPU, the same walk the peer benchmarked against does; graphql-jit compiles each operation once
 * into a function that builds the result directly. Compiled operations are kept per parsed
 * document: Apollo keeps its parsed documents in a bounded cache and hands the same object back
 * for the same text, so the WeakMap holds what Apollo holds and no more.
 */
export function jitExecutor(schema: GraphQLSchema): GatewayInterface {
  const compiled = new WeakMap<DocumentNode, Map<string | null, CompiledQuery | ExecutionResult>>();
  const compiledFor = (document: DocumentNode, operationName: string | null) => {
    let byName = compiled.get(document);
    if (!byName) {
      byName = new Map();
      compiled.set(document, byName);
    }
    let entry = byName.get(operationName);
    if (!entry) {
      entry = compileQuery(schema, document, operationName ?? undefined);
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
          // No operation resolved (an unknown name, several operations and none named): graphql-js
          // answers with its error before anything runs, which Apollo turns into a 400.
          if (!operation)
            return graphql.execute({
              schema,
              document,
              variableValues: variables,
              ...(request.operationName ? { operationName: request.operationName } : {}),
            }) as ExecutionResult;
          const entry = compiledFor(document, request.operationName ?? null);
          if (!isCompiledQuery(entry)) return entry as ExecutionResult;
          // graphql-js's own coercion first: its errors name the variable's definition, which is how
          // Apollo tells a bad variable (400 BAD_USER_INPUT) from a failure; graphql-jit's do not.
          const coerced = graphql.getVariableValues(schema, operation.variableDefinitions ?? [], variables);
          if (coerced.errors) return { errors: coerced.errors };
          const result = (await entry.query(undefined, requestContext.context, variables)) as ExecutionResult;
          return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
        },
      };
    },
    async stop() {},
  };
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
