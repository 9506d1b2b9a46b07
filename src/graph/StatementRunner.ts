/**
 * What the graph's own functions need of a database handle: one read and one write statement at a
 * time. src/db's Database is one; declared here so the graph module depends on nothing above it.
 */
export interface StatementRunner {
  read<Row = Record<string, unknown>>(cypher: string, params?: Record<string, unknown>): Promise<Row[]>;
  write<Row = Record<string, unknown>>(cypher: string, params?: Record<string, unknown>): Promise<Row[]>;
}
