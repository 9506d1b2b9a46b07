import type { Server } from 'node:http';
import { loadConfig } from './config.ts';
import { connect } from './db/connect.ts';
import { createServer } from './server.ts';
import { prepareDatabase } from './prepareDatabase.ts';
import { createLogger } from './logger.ts';

/**
 * `npm start`: connects to Neo4j (or starts the local one), serves the API, prepares the graph
 * in the background (schema, first-start seed), and shuts everything down cleanly on a signal.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const connection = await connect(config, (message) => logger.info(message), { publishLocal: true });
  logger.info(`graph: ${connection.description}`);

  const server = await createServer({ db: connection.db, logger });
  const abort = new AbortController();
  const ready = prepareDatabase(connection.db, { seed: config.seedOnStart, logger, signal: abort.signal }).catch((error: unknown) => {
    logger.error({ err: error }, 'could not prepare the graph');
  });

  const http: Server = await new Promise((resolve, reject) => {
    const listening = server.app.listen(config.port, config.host, () => resolve(listening));
    listening.once('error', (error) => reject(new Error(`cannot listen on ${config.host}:${config.port}: ${error.message} (set PORT to another port)`)));
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info(`API ready: GraphQL http://localhost:${port}/graphql, playground http://localhost:${port}/playground, explorer http://localhost:${port}/explore, health http://localhost:${port}/health`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: shutting down`);
    abort.abort();
    await ready;
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
