import { loadConfig } from './config.ts';
import { connect } from './db/index.ts';
import { createServer } from './server.ts';
import { prepareDatabase } from './prepareDatabase.ts';
import { createLogger } from './logger.ts';
import { Readiness } from './readiness.ts';
import { createHttpServer, listen } from './http/createHttpServer.ts';
import { loadWriteConfig } from './write/writeConfig.ts';

/**
 * `npm start`: connects to Neo4j (or starts the local one, supervised), serves the API, prepares
 * the graph in the background (schema, first-start seed; /health answers 200 once that is done),
 * and shuts everything down cleanly on a signal.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  // tsx turns source maps on; see AppConfig.sourceMappedStacks for why they are off unless asked for.
  process.setSourceMapsEnabled(config.sourceMappedStacks);
  const write = loadWriteConfig();
  const logger = createLogger(config.logLevel);
  const connection = await connect(config, (message, level = 'info') => logger[level](message), { publishLocal: true });
  logger.info(`graph: ${connection.description}`);

  const readiness = new Readiness();
  const server = await createServer({ db: connection.db, logger, readiness, localNeo4j: connection.local, write });
  logger.info(
    write.tokens.enabled
      ? 'writes enabled: mutations need Authorization: Bearer <token>'
      : 'writes disabled: set WRITE_TOKENS or WRITE_TOKENS_FILE to enable imports over the API',
  );
  const abort = new AbortController();
  const ready = prepareDatabase(connection.db, {
    seed: config.seedOnStart,
    logger,
    signal: abort.signal,
    readiness,
  }).then(
    () => {
      if (readiness.isReady) logger.info('graph ready: /health answers 200');
    },
    (error: unknown) => {
      logger.error({ err: error }, 'could not prepare the graph');
    },
  );

  const http = createHttpServer(server.app);
  const port = await listen(http, config.port, config.host);
  const shown =
    config.host === '0.0.0.0' || config.host === '::'
      ? 'localhost'
      : config.host.includes(':')
        ? `[${config.host}]`
        : config.host;
  const base = `http://${shown}:${port}`;
  logger.info(
    `API listening on ${config.host}:${port}: GraphQL ${base}/graphql, playground ${base}/playground, explorer ${base}/explore, health ${base}/health`,
  );
  if (config.host === '127.0.0.1' || config.host === 'localhost' || config.host === '::1') {
    logger.info('only this machine can connect; set HOST=0.0.0.0 to listen on all interfaces');
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: shutting down`);
    abort.abort();
    await ready;
    http.closeIdleConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await server.stop();
    await connection.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  // One clear line for the errors users can fix (configuration, missing java/mvn), the stack otherwise.
  const message = error instanceof Error ? error.message : String(error);
  console.error(`Cannot start the service: ${message}`);
  process.exit(1);
});
