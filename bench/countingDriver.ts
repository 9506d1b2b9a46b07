/**
 * A neo4j-driver Driver that counts (and optionally records) every Cypher statement sent through
 * it, whichever way it is sent (session.run, explicit or managed transactions, executeQuery): the
 * benchmark's count of statements per request, the same for the API and its peer. Nothing else
 * changes; the proxy forwards every call.
 */
import neo4j, { type Driver, type Session, type Transaction } from 'neo4j-driver';

/** What the proxy saw. */
export interface StatementLog {
  count: number;
  /** Statements with their (driver-converted) parameters, while recording is on. */
  recorded: Array<{ cypher: string; params: unknown }> | null;
}

function countRun(log: StatementLog, query: unknown, params: unknown): void {
  log.count += 1;
  if (log.recorded)
    log.recorded.push({
      cypher: String(typeof query === 'object' && query && 'text' in query ? (query as { text: string }).text : query),
      params: params ?? {},
    });
}

function wrapTransaction<T extends Pick<Transaction, 'run'>>(tx: T, log: StatementLog): T {
  return new Proxy(tx, {
    get(target, property, receiver) {
      if (property === 'run') {
        return (query: unknown, params?: unknown, ...rest: unknown[]) => {
          countRun(log, query, params);
          return (target.run as (...a: unknown[]) => unknown)(query, params, ...rest);
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function wrapSession(session: Session, log: StatementLog): Session {
  return new Proxy(session, {
    get(target, property, receiver) {
      if (property === 'run') return wrapTransaction(target, log).run;
      if (property === 'beginTransaction')
        return (...args: Parameters<Session['beginTransaction']>) =>
          wrapTransaction(target.beginTransaction(...args), log);
      if (
        property === 'executeRead' ||
        property === 'executeWrite' ||
        property === 'readTransaction' ||
        property === 'writeTransaction'
      ) {
        const method = (target as unknown as Record<string, (...a: unknown[]) => unknown>)[property]!.bind(target);
        return (work: (tx: Transaction) => unknown, ...rest: unknown[]) =>
          method((tx: Transaction) => work(wrapTransaction(tx, log)), ...rest);
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Wraps `driver`; read and reset the log between requests. */
export function countingDriver(driver: Driver): { driver: Driver; log: StatementLog } {
  const log: StatementLog = { count: 0, recorded: null };
  const proxy = new Proxy(driver, {
    get(target, property, receiver) {
      if (property === 'session')
        return (...args: Parameters<Driver['session']>) => wrapSession(target.session(...args), log);
      if (property === 'executeQuery') {
        return (query: unknown, params?: unknown, ...rest: unknown[]) => {
          countRun(log, query, params);
          return (target.executeQuery as (...a: unknown[]) => unknown)(query, params, ...rest);
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { driver: proxy, log };
}

/** Parameters as JSON (neo4j Integers kept as {"$int": "..."}), to send recorded statements to another process. */
export function paramsToJson(params: unknown): string {
  return JSON.stringify(params, function (this: Record<string, unknown>, key: string, value: unknown) {
    const original = this[key];
    return neo4j.isInt(original) ? { $int: String(original) } : value;
  });
}

/** The parameters back from paramsToJson, with neo4j Integers. */
export function paramsFromJson(text: string): Record<string, unknown> {
  return JSON.parse(text, (_key, value: unknown) =>
    value && typeof value === 'object' && '$int' in value ? neo4j.int((value as { $int: string }).$int) : value,
  ) as Record<string, unknown>;
}
