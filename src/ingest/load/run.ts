import type { CypherParams } from '../../db/index.ts';

/** Runs one statement inside the current write transaction and returns its rows (see Database.writeTransaction). */
export type Run = <Row = Record<string, unknown>>(cypher: string, params?: CypherParams) => Promise<Row[]>;
