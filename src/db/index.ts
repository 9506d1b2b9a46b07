/**
 * The data layer's public surface. Three parts:
 *   driver/   the driver edge: the Database handle every statement goes through, connecting
 *   cypher/   the statement compiler: the Cypher each kind of request reads with
 *   records/  what resolvers receive
 * and Repository, the door resolvers use: root fields through its facade, nested fields through its
 * batched loaders. The rest of the service imports from here; the folders' own index.ts files are
 * for code inside src/db and the tests.
 */
export {
  connect,
  createDatabase,
  Database,
  SERVICE_CONNECTION_FILE,
  publishServiceConnection,
  readServiceConnection,
} from './driver/index.ts';
export type {
  Connection,
  ConnectLog,
  ConnectOptions,
  CypherParams,
  DatabaseOptions,
  DriverTarget,
  ServiceConnection,
} from './driver/index.ts';
export { fetchStats, MAX_PAGE_SIZE } from './cypher/index.ts';
export * from './records/index.ts';
export { Repository, type RepositoryOptions, type ListedRecord } from './Repository.ts';
export { NestedFieldLoader, type ArticlesOfArgs } from './NestedFieldLoader.ts';
