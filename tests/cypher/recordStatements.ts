import type { Driver } from 'neo4j-driver';
import { Database, type CypherParams } from '../../src/db/driver/Database.ts';
import { Repository } from '../../src/db/Repository.ts';
import { createServer, type ServerHandle } from '../../src/server.ts';

/** One statement as the API would send it: its text and its parameters (as given, before driver conversion). */
export interface RecordedStatement {
  cypher: string;
  params: CypherParams;
}

/** Rows a recorder answers a statement with (default: none, as from an empty graph). */
export type Answer = (cypher: string, params: CypherParams) => Array<Record<string, unknown>>;

/**
 * Stands where the driver would be and keeps every read statement the repository compiles, answering
 * each with the rows `answer` gives. Nothing is executed: these tests pin the Cypher text and
 * parameters the API builds for a selection, as neo4j/graphql's tests/tck do; what the statements
 * return from a real graph is the db tier's business.
 */
class StatementRecorder extends Database {
  readonly statements: RecordedStatement[] = [];

  constructor(private readonly answer: Answer) {
    // Never used: every method that would reach the driver is replaced below.
    super(null as unknown as Driver, { timeoutMs: 1_000 });
  }

  override async read<Row = Record<string, unknown>>(cypher: string, params: CypherParams = {}): Promise<Row[]> {
    this.statements.push({ cypher, params: structuredClone(params) });
    return this.answer(cypher, params) as Row[];
  }

  override async write<Row = Record<string, unknown>>(cypher: string): Promise<Row[]> {
    throw new Error(`a read operation wrote: ${cypher.slice(0, 60)}`);
  }

  override forRequest(): Database {
    return this;
  }

  override async release(): Promise<void> {}
}

let server: Promise<ServerHandle> | undefined;

/**
 * Runs one GraphQL operation through the real Apollo pipeline and resolvers over a recorder, and
 * returns the statements the repository built for it, in the order they were sent.
 */
export async function statementsFor(
  query: string,
  variables: Record<string, unknown> = {},
  answer: Answer = () => [],
): Promise<RecordedStatement[]> {
  // The schema and resolvers are the same for every operation; the recorder is per operation (the context).
  server ??= createServer({ db: new StatementRecorder(() => []) });
  const handle = await server;
  const recorder = new StatementRecorder(answer);
  const contextValue = { ...handle.createContext(), repo: new Repository(recorder) };
  const response = await handle.apollo.executeOperation({ query, variables }, { contextValue });
  if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
  const errors = response.body.singleResult.errors;
  if (errors?.length) throw new Error(`GraphQL errors: ${errors.map((e) => e.message).join('; ')}`);
  return recorder.statements;
}
