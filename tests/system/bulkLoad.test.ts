import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../../src/db/driver/Database.ts';
import { createServer, type ServerHandle } from '../../src/server.ts';
import { createLogger } from '../../src/logger.ts';
import { generateCorpus } from '../helpers/generateCorpus.ts';
import type { NormalizedArticle } from '../../src/ingest/model.ts';
import { loadReferenceData } from '../../src/ingest/normalize/loadReferenceData.ts';
import type { ReferenceData } from '../../src/ingest/normalize/ReferenceData.ts';
import { collectFiles } from '../../src/ingest/pipeline/collectFiles.ts';
import { readCheckedRecords } from '../../src/ingest/pipeline/importRecords.ts';
import { loadArticles, loadVocabulary, newImportContext } from '../../src/ingest/load/loadGraph.ts';
import { retractSources } from '../../src/ingest/load/retractSources.ts';
import {
  assertBulkLoadAvailable,
  bulkLoadLocal,
  BulkLoadUnavailableError,
  type BulkLoadResult,
} from '../../src/ingest/load/bulk/bulkLoad.ts';
import { canonicalGraph, ensureSchema } from '../../src/graph/index.ts';
import { openTestDatabase, resetGraph } from '../helpers/testDatabase.ts';
import { query } from '../helpers/graphql.ts';

const FORMAT_FIXTURES = fileURLToPath(new URL('../fixtures/formats/', import.meta.url));
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every record of the format fixtures the readers accept (the malformed ones are left out, as an import with --keep-going does). */
async function fixtureArticles(reference: ReferenceData): Promise<NormalizedArticle[]> {
  const { files } = await collectFiles([FORMAT_FIXTURES], { root: PROJECT_ROOT });
  const articles: NormalizedArticle[] = [];
  for await (const checked of readCheckedRecords(files, { reference }))
    if (checked.article) articles.push(checked.article);
  return articles;
}

/**
 * The canonical dump of a graph without the marker node the test database helper adds. Nothing else is
 * left out: the per-run values (Source importedAt/importId/seenIn, the Import node's id and startedAt)
 * are equal because both loads are given the same ImportContext, and internal element ids are never
 * part of the dump (nodes are keyed by their id or alias value).
 */
async function dump(db: Database): Promise<string[]> {
  return canonicalGraph(db, { withoutLabels: ['TestDatabaseMarker'] });
}

/** Answers a user would compare: stats, an article with its byline, journal and topics, a topic's page, a search. */
const ANSWERS = `query Answers($doi: String!) {
  stats { articles authors institutions journals topics relationships sources imports }
  article(doi: $doi) {
    id doi title year keywords journal { id title issn }
    authorships { position rawAffiliation author { id name institutions { id name parent { id } } } institutions { id name } }
    topics { id name meshId synonyms broader { id } }
  }
  articles(first: 50) { totalCount edges { node { id title year } } }
  topics(first: 50) { edges { node { id name } } }
  search(query: "synthetic", first: 10) { __typename }
}`;

describe('bulk load into a new local Neo4j', () => {
  let reference: ReferenceData;
  let articles: NormalizedArticle[];
  let tx: Database;
  let bulk: BulkLoadResult | undefined;
  let bulkDir: string;
  const servers: ServerHandle[] = [];
  const context = newImportContext({ importedBy: 'test', tool: 'test' });

  beforeAll(async () => {
    reference = await loadReferenceData();
    const fixtures = await fixtureArticles(reference);
    const corpus = generateCorpus({
      articles: 300,
      seed: 11,
      references: true,
      realTopics: reference.vocabulary.topics,
    });
    articles = [...fixtures, ...corpus];

    tx = openTestDatabase(300_000);
    await resetGraph(tx);
    await ensureSchema(tx);
    await loadVocabulary(tx, reference.vocabulary);
    await loadArticles(tx, articles, { context });

    bulkDir = mkdtempSync(path.join(os.tmpdir(), 'bulk-load-test-'));
    // The bulk side is this test's own local Neo4j, whatever Neo4j the test run uses. A memory budget
    // far below what the plan's rows take: every sorter spills runs to disk and merges them.
    bulk = await bulkLoadLocal({
      dataDir: bulkDir,
      vocabulary: reference.vocabulary,
      articles,
      context,
      memoryMb: 0.1,
      start: { ephemeral: true },
      env: {},
      log: () => {},
    });
  }, 600_000);

  afterAll(async () => {
    for (const server of servers) await server.stop();
    await bulk?.db.driver.close();
    await bulk?.neo4j.stop();
    rmSync(bulkDir, { recursive: true, force: true });
    await tx?.driver.close();
  });

  it('builds the same graph as the transactional loader: nodes, labels, typed properties, relationships', async () => {
    const [expected, actual] = [await dump(tx), await dump(bulk!.db)];
    // Not a vacuous comparison: the input reaches every part of the graph.
    const text = expected.join('\n');
    for (const part of [
      '"ReferenceOnly"',
      '"Alias"',
      '"Source"',
      '"Import"',
      '"Institution"',
      '"CITES"',
      '"AFFILIATED_WITH"',
      '"PART_OF"',
      '"HAS_TOPIC"',
      '"PUBLISHED_IN"',
      '"ALIAS_OF"',
      '"DESCRIBES"',
      '"BROADER"',
      '"LIST<NOTHING> NOT NULL"',
      '"INTEGER NOT NULL"',
      '"BOOLEAN NOT NULL"',
    ]) {
      expect(text, part).toContain(part);
    }
    expect(actual.length).toBe(expected.length);
    expect(actual.filter((line) => !expected.includes(line)).slice(0, 5)).toEqual([]);
    expect(actual).toEqual(expected);
    expect(bulk!.outcomes.filter((o) => o.status === 'added').length).toBe(articles.length);
    expect(bulk!.spill.runs).toBeGreaterThan(20);
  });

  it('answers stats and queries exactly as the transactionally loaded graph', async () => {
    for (const db of [tx, bulk!.db]) servers.push(await createServer({ db, logger: createLogger('error') }));
    const doi = articles.find((a) => a.doi && a.authorships.length > 1 && a.topics.length > 0)!.doi!;
    const [expected, actual] = [await query(servers[0]!, ANSWERS, { doi }), await query(servers[1]!, ANSWERS, { doi })];
    expect((expected as { stats: { articles: number } }).stats.articles).toBeGreaterThan(300);
    expect(actual).toEqual(expected);
  });

  it('takes later transactional imports and retractions as a transactionally loaded graph does', async () => {
    const later = newImportContext({ importedBy: 'test', tool: 'test' });
    const corrected = articles
      .filter((a) => a.doi && a.origin.format !== 'ris')
      .slice(0, 3)
      .map((a) => ({ ...a, title: `${a.title} (corrected)`, keywords: [...a.keywords, 'erratum'] }));
    const [retracted] = await tx.read<{ id: string }>(
      'MATCH (s:Source)-[:DESCRIBES]->(a:Article) WHERE EXISTS { (a)-[:CITES]->() } RETURN s.id AS id ORDER BY s.id LIMIT 1',
    );
    for (const db of [tx, bulk!.db]) {
      await loadArticles(db, corrected, { context: later });
      await retractSources(db, [retracted!.id], later);
    }
    const [expected, actual] = [await dump(tx), await dump(bulk!.db)];
    expect(expected.join('\n')).toContain('(corrected)');
    expect(actual).toEqual(expected);
    // Two imports and a retraction into each graph, then two dumps: over a minute on a busy machine.
  }, 240_000);

  it('refuses any target but a stopped local Neo4j without a database', () => {
    const check = (target: Parameters<typeof assertBulkLoadAvailable>[0]) => () => assertBulkLoadAvailable(target);
    const fresh = mkdtempSync(path.join(os.tmpdir(), 'bulk-load-refusal-'));
    try {
      expect(check({ dataDir: fresh, env: {} })).not.toThrow();
      expect(check({ dataDir: fresh, env: { NEO4J_URI: 'neo4j+s://example.databases.neo4j.io' } })).toThrow(
        BulkLoadUnavailableError,
      );
      expect(check({ dataDir: fresh, env: { NEO4J_URI: 'neo4j+s://example.databases.neo4j.io' } })).toThrow(
        /NEO4J_URI is set/,
      );
      // The running bulk-loaded Neo4j: its store is in use.
      expect(check({ dataDir: bulkDir, env: {} })).toThrow(/is running/);
      // A stopped local Neo4j that already has its database.
      mkdirSync(path.join(fresh, 'data', 'databases', 'neo4j'), { recursive: true });
      expect(check({ dataDir: fresh, env: {} })).toThrow(/already has a database/);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
