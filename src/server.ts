import express from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { unwrapResolverError } from '@apollo/server/errors';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import type { GraphQLContext } from './context.ts';
import { Repository, type Database } from './db/index.ts';
import { resolvers } from './graphql/resolvers/index.ts';
import { loadTypeDefs } from './typeDefs.ts';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { jitExecutor } from './graphql/jitExecutor.ts';
import { databaseErrorFor } from './errors.ts';
import { healthHandler, livenessHandler } from './health.ts';
import type { Readiness } from './readiness.ts';
import { complexityLimitPlugin } from './plugins/complexityLimit.ts';
import { httpStatusPlugin } from './plugins/httpStatus.ts';
import { operationTypePlugin } from './plugins/operationType.ts';
import { armorProtection, DEFAULT_SHAPE_LIMITS, formatArmorError, type ShapeLimits } from './plugins/armorLimits.ts';
import { jsonErrorHandler, jsonNotFound } from './http/jsonErrors.ts';
import { answeredAlready } from './http/createHttpServer.ts';
import { createWebRouter } from './web/createWebRouter.ts';
import { csrfGuard } from './http/csrfGuard.ts';
import { DEFAULT_WRITE_CONFIG, type WriteConfig } from './write/writeConfig.ts';
import { WriteService } from './write/WriteService.ts';
import type { LeaseTiming } from './write/writeLease.ts';
import type { RecordCheckPool } from './ingest/index.ts';
import { AuthFailureLimiter } from './write/authFailureLimiter.ts';
import { accessOf, authenticate, writeAccessError } from './write/writeAccess.ts';
import { multipartUpload } from './write/multipartUpload.ts';
import { writeAccessPlugin } from './write/writeAccessPlugin.ts';
import { cors } from './write/cors.ts';

/** Options of createServer. */
export interface ServerOptions {
  db: Database;
  logger?: Logger;
  shapeLimits?: ShapeLimits;
  maximumComplexity?: number;
  /** What /health waits for; absent when the caller prepared the graph (it counts as ready). */
  readiness?: Readiness;
  /** The supervised local Neo4j, when this process runs one (/health says when it is restarting). */
  localNeo4j?: { readonly state: string };
  /** Tokens, upload limit and CORS origins of the write path (default: no tokens, so writes are refused). */
  write?: WriteConfig;
  /** The write lease's timing (default DEFAULT_LEASE_TIMING; tests shorten it). */
  writeLease?: LeaseTiming;
  /** The worker threads imports read files in (default: the process's pool, configured by IMPORT_WORKERS etc.). */
  importPool?: RecordCheckPool;
  /** The failed-authentication limiter (default: 10 failures per address per 15 minutes). */
  authFailureLimiter?: AuthFailureLimiter;
}

/** The HTTP app and the Apollo server behind it (not listening yet). */
export interface ServerHandle {
  app: express.Express;
  apollo: ApolloServer<GraphQLContext>;
  /** Creates the per-request context, for executeOperation in tests (tokenName: as if that token was sent). */
  createContext(tokenName?: string): GraphQLContext;
  /** The write path (imports, retractions), shared by every request. */
  writes: WriteService;
  stop(): Promise<void>;
}

/** Default cost limit: a full page of 100 articles with authors, institutions, journal and topics fits easily. */
export const DEFAULT_MAXIMUM_COMPLEXITY = 20_000;

/**
 * Builds the Express app: GraphQL at /graphql (POST and GET), /health, the playground, explorer
 * and export downloads. Reused by `npm start` and by the tests, which call listen themselves.
 */
export async function createServer(options: ServerOptions): Promise<ServerHandle> {
  const { db, logger } = options;
  const armor = armorProtection(options.shapeLimits ?? DEFAULT_SHAPE_LIMITS);
  const apollo = new ApolloServer<GraphQLContext>({
    // Apollo parses, validates, runs the plugins and formats errors; graphql-jit executes (src/graphql/jitExecutor.ts says why).
    gateway: jitExecutor(makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers })),
    validationRules: armor.validationRules,
    // The token limit is graphql-js's own parser option: a document over it is a parse failure (400).
    parseOptions: { maxTokens: (options.shapeLimits ?? DEFAULT_SHAPE_LIMITS).maxTokens },
    plugins: [
      // graphql-armor is typed against Apollo's CommonJS build; the objects are the same at run time.
      ...(armor.plugins as unknown as ApolloServerPlugin<GraphQLContext>[]),
      operationTypePlugin(),
      complexityLimitPlugin({ maximumComplexity: options.maximumComplexity ?? DEFAULT_MAXIMUM_COMPLEXITY }),
      httpStatusPlugin(),
      writeAccessPlugin(),
      releaseRequestTransaction(logger),
      // The default landing page loads from a CDN; our own bundled playground is served instead.
      ApolloServerPluginLandingPageDisabled(),
      // No field gives cache hints, and the plugin's hook on every resolved field is a large share of
      // a big page's CPU; httpStatusPlugin marks every answer no-store instead.
      ApolloServerPluginCacheControlDisabled(),
    ],
    introspection: true,
    // Replaced by csrfGuard (src/http/csrfGuard.ts): the same rule for POST, while queries sent
    // as GET (urql's default, Apollo Client's useGETForQueries, persisted-query hashes, curl) pass.
    csrfPrevention: false,
    // Automatic persisted queries (hash first, text on PersistedQueryNotFound) work over GET and
    // POST with Apollo's default bounded in-memory cache.
    // Shutdown is ours (src/index.ts closes HTTP, Apollo, the driver and the local Neo4j in order).
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    // Apollo's own messages go to the service's structured log (its default writes plain lines to the console).
    ...(logger ? { logger } : {}),
    formatError: (formatted, error) => formatError(formatted, error, logger),
  });
  await apollo.start();

  const write = options.write ?? DEFAULT_WRITE_CONFIG;
  const writes = new WriteService({
    db,
    maxBytesInFlight: write.importQueueMaxBytes,
    ...(options.importPool ? { pool: options.importPool } : {}),
    ...(logger ? { logger } : {}),
    ...(options.writeLease ? { lease: options.writeLease } : {}),
  });
  // One repository per request: its first read runs alone, the rest share one read transaction, released once the response is sent.
  const createContext = (tokenName?: string): GraphQLContext => ({
    repo: new Repository(db.forRequest()),
    write: { service: writes, tokensEnabled: write.tokens.enabled, ...(tokenName ? { tokenName } : {}) },
  });
  const auth = authenticate({
    tokens: write.tokens,
    limiter: options.authFailureLimiter ?? new AuthFailureLimiter(),
    readTokensRequired: write.readTokensRequired,
    ...(logger ? { logger } : {}),
  });

  const app = express();
  app.disable('x-powered-by');
  // Every GraphQL answer is no-store: an ETag (Express hashes each body sent through res.send for one)
  // is of no use to a client told not to keep it, and costs a hash of the whole answer per request.
  // The explorer's assets keep theirs (express.static sets its own); its small no-cache page is sent whole.
  app.set('etag', false);
  app.use(cors(write.corsOrigins));
  if (write.readTokensRequired) app.use('/export', auth);
  app.get('/health', healthHandler({ db, readiness: options.readiness, localNeo4j: options.localNeo4j }));
  app.get('/health/live', livenessHandler());
  app.use(
    createWebRouter({
      graphqlPath: '/graphql',
      uploadMaxBytes: write.uploadMaxBytes,
      readTokensRequired: write.readTokensRequired,
      execute: async (query, variables) => {
        const response = await apollo.executeOperation({ query, variables }, { contextValue: createContext() });
        if (response.body.kind !== 'single') throw new Error('incremental delivery is not used by this API');
        return response.body.singleResult as Awaited<ReturnType<Parameters<typeof createWebRouter>[0]['execute']>>;
      },
    }),
  );
  app.use(
    '/graphql',
    auth,
    csrfGuard(),
    multipartUpload({
      maxFileBytes: write.uploadMaxBytes,
      allowed: (req, res) => {
        // Uploads are writes: refused before the body is read when the request may not write.
        const refused = writeAccessError({ tokensEnabled: write.tokens.enabled, tokenName: accessOf(req).tokenName });
        if (!refused) return true;
        const http = refused.extensions.http as { status: number; headers?: Map<string, string> };
        for (const [name, value] of http.headers ?? []) res.setHeader(name, value);
        res
          .status(http.status)
          .json({ errors: [{ message: refused.message, extensions: { code: refused.extensions.code } }] });
        return false;
      },
    }),
    express.json({ limit: '1mb' }),
    // A body that completed after the request timed out (408 sent): its client was told it failed, so it does not run.
    (req, res, next) => {
      if (answeredAlready(req)) req.socket.destroy();
      else next();
    },
    expressMiddleware(apollo, { context: async ({ req }) => createContext(accessOf(req).tokenName) }),
  );
  app.use(jsonNotFound({ graphqlPath: '/graphql' }));
  app.use(jsonErrorHandler({ graphqlPath: '/graphql', logger }));

  return {
    app,
    apollo,
    createContext,
    writes,
    stop: async () => {
      writes.close();
      await apollo.stop();
    },
  };
}

/**
 * Ends the request's read transaction when the response is ready (also for requests that failed
 * before execution: then none was opened). Not awaited, so the response does not wait for COMMIT.
 */
function releaseRequestTransaction(logger?: Logger): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue }) {
          contextValue.repo
            .release()
            .catch((error: unknown) => logger?.warn({ err: error }, 'could not end a request transaction'));
        },
      };
    },
  };
}

/** Maps errors to what clients should see: database outages, timeouts and limits get their own codes. */
function formatError(formatted: GraphQLFormattedError, error: unknown, logger?: Logger): GraphQLFormattedError {
  const armor = formatArmorError(formatted);
  if (armor) return armor;
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError) return formatted;
  const database = databaseErrorFor(original);
  if (database)
    return { ...formatted, message: database.message, extensions: { ...formatted.extensions, ...database.extensions } };
  if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR') {
    logger?.error({ err: original, path: formatted.path }, 'unexpected error while resolving');
    return { ...formatted, message: 'Internal server error' };
  }
  return formatted;
}
