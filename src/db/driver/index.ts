/**
 * The driver edge: the one Database handle that runs every statement (round trips counted), a
 * request's read transaction, connecting to a configured or local Neo4j, and the conversion of
 * values between JavaScript and the driver.
 */

export { tuneBoltChannel } from './boltChannel.ts';
export { Database, type CypherParams, type DatabaseOptions } from './Database.ts';
export { RequestTransaction, type RequestTransactionOptions } from './RequestTransaction.ts';
export { connect, type Connection, type ConnectLog, type ConnectOptions } from './connect.ts';
export { createDatabase, type DriverTarget } from './createDatabase.ts';
export {
  SERVICE_CONNECTION_FILE,
  publishServiceConnection,
  readServiceConnection,
  type ServiceConnection,
} from './serviceConnection.ts';
export { toNative } from './toNative.ts';
export { toNeo4jParams } from './toNeo4jParams.ts';
