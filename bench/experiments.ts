/**
 * `npx tsx bench/experiments.ts [--size 10000]`: checks suspected Cypher performance problems on
 * one synthetic corpus by running the API's query and a candidate fix side by side (sequentially,
 * one request at a time, alternating, so machine noise hits both alike), with PROFILE db hits.
 * Nothing in src/ is changed: the candidate fixes are Cypher text written here.
 */
import path from 'node:path';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import neo4j, { type Driver, type ProfiledPlan } from 'neo4j-driver';
import { createDatabase } from '../src/db/createDatabase.ts';
import { ARTICLE_PAGE } from '../src/db/articleQueries.ts';
import { RESOLVE_REFERENCES } from '../src/db/entityQueries.ts';
import { AUTOCOMPLETE, SEARCH } from '../src/db/searchQueries.ts';
import { NEIGHBOURS_OF, SUBGRAPH_OF } from '../src/db/graphQueries.ts';
import { MODEL_RELATIONSHIP_TYPES } from '../src/db/projections.ts';
import { articleProjection, entityProjection } from '../src/db/projections.ts';
import { prefixQuery, searchQuery } from '../src/db/luceneQuery.ts';
import { ensureSchema, loadArticles, loadVocabulary } from '../seed/load/loadGraph.ts';
import { loadReferenceData } from '../seed/normalize/loadReferenceData.ts';
import { startLocalNeo4j } from '../neo4j-local/index.ts';
import { generateCorpus, titleWords, TITLE_WORD_COUNT } from './generateCorpus.ts';
import { rawRead } from './operations.ts';

const { values: args } = parseArgs({ options: { size: { type: 'string', default: '10000' }, reps: { type: 'string', default: '5' } } });
const size = Number(args.size);
const reps = Number(args.reps);
const log = (line: string) => console.error(`[experiments] ${line}`);

/** SEARCH with the limit pushed into the full-text procedure (valid when no label filter is given). */
const SEARCH_LIMITED = `
CALL db.index.fulltext.queryNodes('entity_search', $query, {limit: $first}) YIELD node, score
WHERE $labels IS NULL OR any(l IN labels(node) WHERE l IN $labels)
RETURN ${entityProjection('node')} AS entity, score
LIMIT $first`;

/** AUTOCOMPLETE with the candidate limit pushed into the procedure. */
const AUTOCOMPLETE_LIMITED = AUTOCOMPLETE.replace("$query)", '$query, {limit: $candidates})');

/** First page only, as a Top-k sort (ORDER BY … LIMIT) with the count taken separately: no collect of every row. */
const TOPIC_FIRST_PAGE_TOPK = `
MATCH (anchor:Topic) WHERE anchor.id IN $filter.anchorIds
MATCH (anchor)<-[:HAS_TOPIC]-(a:Article)
WITH DISTINCT a
WITH a, right('00000' + toString(99999 - coalesce(a.year, 0)), 5) + '\\u0001' + a.id AS sortKey
ORDER BY sortKey ASC
LIMIT $take
WITH collect({sortKey: sortKey, article: ${articleProjection('a')}}) AS items
CALL () {
  MATCH (anchor:Topic) WHERE anchor.id IN $filter.anchorIds
  MATCH (anchor)<-[:HAS_TOPIC]-(a:Article)
  RETURN count(DISTINCT a) AS total
}
RETURN total, items`;

const SUBGRAPH_INNER = `  UNWIND nodes AS n
  MATCH (n)-[r]->(m:Entity)
  WHERE type(r) IN $relationshipTypes AND m.id IN $ids`;
if (!SUBGRAPH_OF.includes(SUBGRAPH_INNER)) throw new Error('SUBGRAPH_OF changed; update bench/experiments.ts');
/** Edges between known nodes by node identity (no property read per expanded relationship). */
const SUBGRAPH_BY_IDENTITY = SUBGRAPH_OF.replace(SUBGRAPH_INNER, `  UNWIND nodes AS n
  MATCH (n)-[r]->(m:Entity)
  WHERE type(r) IN $relationshipTypes AND m IN nodes`);
/** Edges between known nodes as Expand(Into) over node pairs: never walks a prolific author's whole AUTHORED list. */
const SUBGRAPH_PAIRWISE = SUBGRAPH_OF.replace(SUBGRAPH_INNER, `  UNWIND nodes AS n
  UNWIND nodes AS m
  MATCH (n)-[r]->(m)
  WHERE type(r) IN $relationshipTypes`);

function totalHits(plan: ProfiledPlan): number {
  return plan.dbHits + plan.children.reduce((sum, child) => sum + totalHits(child), 0);
}

async function compare(driver: Driver, name: string, variants: Array<[string, string, (input: string) => Record<string, unknown>]>, inputs: string[]) {
  const times = variants.map(() => [] as number[]);
  const hits = variants.map(() => 0);
  for (const input of inputs) {
    for (const [i, [, cypher, params]] of variants.entries()) {
      const result = await rawRead(driver, `PROFILE ${cypher}`, params(input));
      hits[i]! += result.summary.profile ? totalHits(result.summary.profile) : 0;
    }
  }
  for (let r = 0; r < reps; r += 1) {
    for (const input of inputs) {
      for (const [i, [, cypher, params]] of variants.entries()) {
        const t0 = performance.now();
        await rawRead(driver, cypher, params(input));
        times[i]!.push(performance.now() - t0);
      }
    }
  }
  const median = (list: number[]) => list.slice().sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
  for (const [i, [label]] of variants.entries()) {
    console.log(`| ${name} | ${label} | ${median(times[i]!).toFixed(2)} | ${Math.round(hits[i]! / inputs.length)} |`);
  }
}

async function main(): Promise<void> {
  const reference = await loadReferenceData();
  const dataDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'corpus', `neo4j-experiments-${size}`);
  rmSync(dataDir, { recursive: true, force: true });
  const local = await startLocalNeo4j({ dataDir, ephemeral: true, heap: '1g', pageCache: '512m', log });
  const db = createDatabase({ uri: local.uri, auth: neo4j.auth.basic(local.user, local.password), queryTimeoutMs: 120_000 });
  try {
    await ensureSchema(db);
    await loadVocabulary(db, reference.vocabulary);
    const corpus = generateCorpus({ articles: size, seed: 42, realTopics: reference.vocabulary.topics });
    const t0 = performance.now();
    await loadArticles(db, corpus);
    await db.write('CALL db.awaitIndexes(600)');
    log(`loaded ${size} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // Topics: the 10 most popular (where growth shows first) by article count.
    const counts = new Map<string, number>();
    for (const a of corpus) for (const t of a.topics) counts.set(t.key, (counts.get(t.key) ?? 0) + 1);
    const topTopics = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([key]) => `Topic:${key}`);
    const words = titleWords(TITLE_WORD_COUNT);
    const searches = Array.from({ length: 20 }, (_, i) => words[20 + i * 25]!);
    const prefixes = Array.from({ length: 20 }, (_, i) => words[30 + i * 26]!.slice(0, 4));

    console.log(`\n### ${size} articles: API query vs candidate fix (median ms, sequential; mean PROFILE db hits)\n`);
    console.log('| Query | Variant | Median ms | db hits |');
    console.log('| --- | --- | ---: | ---: |');
    const filterOf = async (id: string) => {
      const r = await rawRead(db.driver, RESOLVE_REFERENCES, { refs: [{ label: 'Topic', text: id, alias: '', withDescendants: true }] });
      const row = r.records[0];
      return [...new Set([...((row?.get('ids') as string[]) ?? []), ...((row?.get('descendantLists') as string[][]) ?? []).flat()])];
    };
    const anchorIds = new Map<string, string[]>();
    for (const id of topTopics) anchorIds.set(id, await filterOf(id));
    const pageParams = (withTopicGroup: boolean) => (id: string) => {
      const ids = anchorIds.get(id)!;
      return {
        filter: { anchor: 'topic', anchorIds: ids, topicGroups: withTopicGroup ? [ids] : [], authorGroups: [], institutionGroups: [], journalGroups: [], yearFrom: null, yearTo: null, language: null },
        order: 'YEAR_DESC',
        descending: false,
        cursor: null,
        take: neo4j.int(21),
      };
    };
    await compare(
      db.driver,
      'ARTICLE_PAGE.topic (10 most popular topics)',
      [
        ['as the API runs it', ARTICLE_PAGE.topic, pageParams(true)],
        ['same query, anchor group not re-checked (topicGroups: [])', ARTICLE_PAGE.topic, pageParams(false)],
        ['first page as Top-k + separate count', TOPIC_FIRST_PAGE_TOPK, pageParams(false)],
      ],
      topTopics,
    );
    // Neighbourhood (depth 2, limit 200) node sets of 10 mid-popularity authors, as fetchNeighborhood builds them.
    const authorCounts = new Map<string, number>();
    for (const a of corpus) for (const w of a.authorships) authorCounts.set(w.author.key, (authorCounts.get(w.author.key) ?? 0) + 1);
    const rankedAuthors = [...authorCounts.entries()].sort((a, b) => b[1] - a[1]);
    const centres = Array.from({ length: 10 }, (_, i) => `Author:${rankedAuthors[Math.floor(rankedAuthors.length * (0.01 + i * 0.025))]![0]}`);
    const neighbourhoods = new Map<string, string[]>();
    for (const centre of centres) {
      const seen = [centre];
      let frontier = [centre];
      for (let level = 1; level <= 2 && frontier.length > 0; level += 1) {
        const room = 200 - seen.length;
        const r = await rawRead(db.driver, NEIGHBOURS_OF, { frontier, seen, take: neo4j.int(room + 1), relationshipTypes: MODEL_RELATIONSHIP_TYPES, labels: null });
        frontier = r.records.slice(0, room).map((x) => x.get('id') as string);
        seen.push(...frontier);
        if (r.records.length > room) break;
      }
      neighbourhoods.set(centre, seen);
    }
    const subgraphParams = (centre: string) => ({ ids: neighbourhoods.get(centre)!, relationshipTypes: MODEL_RELATIONSHIP_TYPES });
    await compare(
      db.driver,
      'SUBGRAPH_OF (neighbourhood node sets of 10 authors)',
      [
        ['as the API runs it (m.id IN $ids)', SUBGRAPH_OF, subgraphParams],
        ['m IN nodes (identity)', SUBGRAPH_BY_IDENTITY, subgraphParams],
        ['pairwise Expand(Into)', SUBGRAPH_PAIRWISE, subgraphParams],
      ],
      centres,
    );
    await compare(
      db.driver,
      'RESOLVE_REFERENCES (10 most popular topics, by id)',
      [
        ['withDescendants: true (articles scope)', RESOLVE_REFERENCES, (id) => ({ refs: [{ label: 'Topic', text: id, alias: '', withDescendants: true }] })],
        ['withDescendants: false (topic(name))', RESOLVE_REFERENCES, (id) => ({ refs: [{ label: 'Topic', text: id, alias: '', withDescendants: false }] })],
      ],
      topTopics,
    );
    await compare(
      db.driver,
      'SEARCH (20 single title words)',
      [
        ['as the API runs it', SEARCH, (text) => ({ query: searchQuery(text), labels: null, first: neo4j.int(10) })],
        ['{limit: $first} passed to queryNodes', SEARCH_LIMITED, (text) => ({ query: searchQuery(text), labels: null, first: neo4j.int(10) })],
      ],
      searches,
    );
    await compare(
      db.driver,
      'AUTOCOMPLETE (20 four-letter prefixes)',
      [
        ['as the API runs it', AUTOCOMPLETE, (p) => ({ query: prefixQuery(p), labels: null, first: neo4j.int(10), candidates: neo4j.int(50) })],
        ['{limit: $candidates} passed to queryNodes', AUTOCOMPLETE_LIMITED, (p) => ({ query: prefixQuery(p), labels: null, first: neo4j.int(10), candidates: neo4j.int(50) })],
      ],
      prefixes,
    );
  } finally {
    await db.driver.close();
    await local.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
