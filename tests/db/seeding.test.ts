import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from '../../src/db/driver/Database.ts';
import { openTestDatabase, resetAndSeed, resetGraph, SEED_RECORDS, TEST_CORPUS } from '../helpers/testDatabase.ts';
import { seedFiles } from '../../src/ingest/seedFiles.ts';
import { fetchStats } from '../../src/db/cypher/lookupStatements.ts';
import { loadArticleBatch } from '../../src/ingest/load/loadGraph.ts';
import { testArticle } from '../helpers/testArticles.ts';

let db: Database;

beforeAll(() => {
  db = openTestDatabase();
});

afterAll(async () => {
  await db?.driver.close();
});

async function counts() {
  const [row] = await db.read<{ nodes: number; relationships: number }>(
    'CALL () { MATCH (n) RETURN count(n) AS nodes } CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships } RETURN nodes, relationships',
  );
  return row!;
}

describe('seeding', () => {
  it('is idempotent: seeding the same records again changes no count', async () => {
    await resetAndSeed(db, [SEED_RECORDS, TEST_CORPUS]);
    const first = await counts();
    const firstStats = await fetchStats(db);
    await seedFiles(db, [SEED_RECORDS, TEST_CORPUS]);
    await seedFiles(db, [SEED_RECORDS]);
    expect(await counts()).toEqual(first);
    expect(await fetchStats(db)).toEqual(firstStats);
    expect(firstStats.articles).toBe(6);
  });

  it('writes nothing when any record is bad, and names the file, line and field', async () => {
    await resetGraph(db);
    const dir = mkdtempSync(path.join(tmpdir(), 'seed-bad-'));
    writeFileSync(path.join(dir, 'a-good.txt'), readFileSync(path.join(SEED_RECORDS, '000_070daa3f198e0cee.txt')));
    const bad = readFileSync(path.join(TEST_CORPUS, 'test_101.txt'), 'utf8').replace(
      /2019;\d+\(\d+\):[\d-]+/,
      '2019;not a citation',
    );
    writeFileSync(path.join(dir, 'b-bad.txt'), bad);
    await expect(seedFiles(db, [dir])).rejects.toThrow(/b-bad\.txt:\d+: From: /);
    expect((await fetchStats(db)).articles).toBe(0);
  });

  it('rolls back a whole batch when a write fails inside it: no partial article', async () => {
    await resetGraph(db);
    const good = testArticle(1);
    // A property value Neo4j cannot store (a map) fails the batch after the first statements ran.
    const poisoned = { ...testArticle(2), volume: { not: 'storable' } as unknown as string };
    await expect(loadArticleBatch(db, [good, poisoned])).rejects.toThrow();
    const [row] = await db.read<{ entities: number }>('MATCH (n:Entity) RETURN count(n) AS entities');
    expect(row!.entities).toBe(0);
  });

  it('replaces an article’s links when its corrected record is loaded again', async () => {
    await resetGraph(db);
    const original = testArticle(3);
    await loadArticleBatch(db, [original]);
    const corrected = {
      ...original,
      authorships: original.authorships.slice(0, 1),
      topics: original.topics.slice(0, 1),
    };
    await loadArticleBatch(db, [corrected]);
    const [row] = await db.read<{ authors: number; topics: number }>(
      'MATCH (a:Article {id: $id}) RETURN COUNT { (a)<-[:AUTHORED]-() } AS authors, COUNT { (a)-[:HAS_TOPIC]->() } AS topics',
      { id: `Article:${original.key}` },
    );
    expect(row).toEqual({ authors: 1, topics: 1 });
  });
});
