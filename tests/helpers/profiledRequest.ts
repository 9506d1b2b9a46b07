import { expect } from 'vitest';
import type { GraphQLContext } from '../../src/context.ts';
import { Repository } from '../../src/db/Repository.ts';
import { Database, toNeo4jParams, type CypherParams } from '../../src/db/driver/index.ts';
import type { TestApi } from './useTestApi.ts';

/** A request's answer and what its statements cost Neo4j. */
export interface Profiled {
  data: unknown;
  /** PROFILE db hits of every statement the request sent: exact, whatever the machine's load. */
  dbHits: number;
  /** Operators that scan an index of Article (every entry) instead of seeking it. */
  articleIndexScans: string[];
}

interface Plan {
  operatorType: string;
  dbHits: number;
  arguments: Record<string, unknown>;
  children: Plan[];
}

function sumDbHits(plan: Plan): number {
  return plan.dbHits + plan.children.reduce<number>((sum, child) => sum + sumDbHits(child), 0);
}

function articleIndexScans(plan: Plan): string[] {
  const details = String(plan.arguments['Details'] ?? '');
  const own = plan.operatorType.startsWith('NodeIndexScan') && details.includes(':Article(') ? [details] : [];
  return [...own, ...plan.children.flatMap(articleIndexScans)];
}

/**
 * Runs a request through the API, then PROFILEs every statement it sent (the very text and
 * parameters); `indexScanFactor` forces a way of reading pages (0: along the sort index).
 */
export async function profiledRequest(
  api: TestApi,
  query: string,
  variables: Record<string, unknown>,
  indexScanFactor?: number,
): Promise<Profiled> {
  const sent: Array<{ cypher: string; params: CypherParams }> = [];
  const recording = new Database(api.db.driver, {
    timeoutMs: 60_000,
    onStatement: (cypher, params) => sent.push({ cypher, params }),
  });
  const contextValue: GraphQLContext = {
    repo: new Repository(recording.forRequest(), indexScanFactor === undefined ? {} : { indexScanFactor }),
  };
  let data: unknown;
  try {
    const response = await api.handle.apollo.executeOperation({ query, variables }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    const { errors } = response.body.singleResult;
    if (errors) throw new Error(errors.map((e) => e.message).join('; '));
    data = response.body.singleResult.data;
  } finally {
    await contextValue.repo.release();
  }
  expect(sent.length).toBeGreaterThan(0);
  const session = api.db.driver.session();
  let dbHits = 0;
  const scans: string[] = [];
  try {
    for (const statement of sent) {
      const result = await session.run(`PROFILE ${statement.cypher}`, toNeo4jParams(statement.params) as CypherParams);
      const plan = result.summary.profile as unknown as Plan;
      dbHits += sumDbHits(plan);
      scans.push(...articleIndexScans(plan));
    }
  } finally {
    await session.close();
  }
  return { data, dbHits, articleIndexScans: scans };
}
