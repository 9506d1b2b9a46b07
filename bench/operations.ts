/**
 * The benchmarked operations, each as a pair: the GraphQL request the API gets, and the same
 * Cypher (the API's own query constants, same parameters, same round trips) run directly through
 * neo4j-driver with executeRead: the "raw-driver floor".
 */
import neo4j, { type Driver, type QueryResult } from 'neo4j-driver';
import { ARTICLE_PAGE, AUTHORSHIPS_BY_ARTICLE } from '../src/db/articleQueries.ts';
import { createHash } from 'node:crypto';
import { ENTITIES_BY_ID, RESOLVE_REFERENCES, TOPIC_BY_NAME } from '../src/db/entityQueries.ts';
import { COAUTHORS, TOPIC_CO_OCCURRENCE } from '../src/db/relationQueries.ts';
import { NEIGHBOURS_OF, SUBGRAPH_OF } from '../src/db/graphQueries.ts';
import { AUTOCOMPLETE, SEARCH } from '../src/db/searchQueries.ts';
import { prefixQuery, searchQuery } from '../src/db/luceneQuery.ts';
import { aliasValue } from '../src/identity/index.ts';
import { MODEL_RELATIONSHIP_TYPES } from '../src/db/projections.ts';

/** The transaction timeout the bench's API process uses too (sent with BEGIN either way). */
const TX_CONFIG = { timeout: 60_000 };

/** Every Cypher text the raw side runs: both processes hash it, so a mid-run edit of src/ is caught. */
export function cypherFingerprint(): string {
  const texts = [TOPIC_BY_NAME, RESOLVE_REFERENCES, ENTITIES_BY_ID, ARTICLE_PAGE.topic, AUTHORSHIPS_BY_ARTICLE, COAUTHORS, TOPIC_CO_OCCURRENCE, NEIGHBOURS_OF, SUBGRAPH_OF, SEARCH, AUTOCOMPLETE];
  return createHash('sha256').update(texts.join('\u0000')).digest('hex').slice(0, 12);
}

/** Read transactions run by rawRead so far (the raw side's round trips). */
export let rawRoundTrips = 0;

/** One managed read transaction in its own session: what Database.read does, minus the record conversion. */
export async function rawRead(driver: Driver, cypher: string, params: Record<string, unknown>): Promise<QueryResult> {
  rawRoundTrips += 1;
  const session = driver.session({ defaultAccessMode: neo4j.session.READ });
  try {
    return await session.executeRead((tx) => tx.run(cypher, params), TX_CONFIG);
  } finally {
    await session.close();
  }
}

/** A short comparable summary of one answer, so the two sides can be checked to agree. */
export type Signature = string;

export interface Operation {
  /** Short id used in tables. */
  id: string;
  title: string;
  /** What kind of input this op takes: topic names, author ids, search texts or prefixes. */
  input: 'topic' | 'author' | 'search' | 'prefix';
  /** Counts for the "within 2x of 1k" goal. */
  indexBacked: boolean;
  /** The GraphQL document (variables: $input). */
  graphql: string;
  /** The variables for one input. */
  variables(input: string): Record<string, unknown>;
  /** Signature of the GraphQL `data`. */
  graphqlSignature(data: Record<string, unknown>): Signature;
  /** The raw side: the same Cypher, same round trips. Returns its signature. */
  raw(driver: Driver, input: string): Promise<Signature>;
  /** The raw side's round trips, for RESULTS.md. */
  rawPairing: string;
}

const int = (n: number) => neo4j.int(n);

/** Query.topic(name): TOPIC_BY_NAME, as Repository.topicByName runs it. */
async function resolveTopicId(driver: Driver, name: string): Promise<string | null> {
  const result = await rawRead(driver, TOPIC_BY_NAME, { text: name.trim(), alias: aliasValue(name) });
  return ((result.records[0]?.get('topic') as { id?: string } | undefined)?.id as string | undefined) ?? null;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const OPERATIONS: readonly Operation[] = [
  {
    id: 'topicPage',
    title: 'topic → first page of 20 articles with authors',
    input: 'topic',
    indexBacked: true,
    graphql: `query ($input: String!) { topic(name: $input) { articles(first: 20) { totalCount edges { node { title year authorships { position author { name } } } } } } }`,
    variables: (input) => ({ input }),
    graphqlSignature: (data: Any) => {
      const c = data.topic?.articles;
      return `${c?.totalCount}|${c?.edges?.[0]?.node?.title}|${c?.edges?.length}|${c?.edges?.[0]?.node?.authorships?.length}`;
    },
    rawPairing:
      'TOPIC_BY_NAME · RESOLVE_REFERENCES (scope id + narrower topics) · ARTICLE_PAGE.topic (YEAR_DESC, take 21) · AUTHORSHIPS_BY_ARTICLE (the 20 ids)',
    async raw(driver, name) {
      const id = await resolveTopicId(driver, name);
      if (!id) return 'null';
      const scope = await rawRead(driver, RESOLVE_REFERENCES, { refs: [{ label: 'Topic', text: id, alias: '', withDescendants: true }] });
      const row = scope.records[0];
      const anchorIds = [...new Set([...((row?.get('ids') as string[]) ?? []), ...((row?.get('descendantLists') as string[][]) ?? []).flat()])];
      const filter = {
        anchor: 'topic',
        anchorIds,
        // As the API sends it: the anchor's own group is not re-checked.
        topicGroups: [],
        authorGroups: [],
        institutionGroups: [],
        journalGroups: [],
        yearFrom: null,
        yearTo: null,
        language: null,
      };
      const page = await rawRead(driver, ARTICLE_PAGE.topic, { filter, order: 'YEAR_DESC', descending: false, cursor: null, take: int(21) });
      const items = page.records.map((r) => r.get('item') as Any).filter((item) => item !== null).slice(0, 20);
      const ids = items.map((item: Any) => item.node.id as string);
      const authorships = await rawRead(driver, AUTHORSHIPS_BY_ARTICLE, { ids });
      const firstAuthors = authorships.records.find((r) => r.get('articleId') === ids[0])?.get('authorships') as unknown[] | undefined;
      const total = page.records[0]?.get('total') as Any;
      return `${total?.toNumber?.() ?? total}|${items[0]?.node.title}|${items.length}|${firstAuthors?.length}`;
    },
  },
  {
    id: 'coauthors',
    title: 'author → 20 co-authors',
    input: 'author',
    indexBacked: true,
    graphql: `query ($input: ID!) { node(id: $input) { ... on Author { name coauthors(first: 20) { sharedArticles author { name } } } } }`,
    variables: (input) => ({ input }),
    graphqlSignature: (data: Any) => `${data.node?.coauthors?.length}|${data.node?.coauthors?.[0]?.author?.name}`,
    rawPairing: 'ENTITIES_BY_ID (the Author) · COAUTHORS (first 20)',
    async raw(driver, id) {
      await rawRead(driver, ENTITIES_BY_ID, { ids: [id] });
      const result = await rawRead(driver, COAUTHORS, { ids: [id], first: int(20) });
      const items = (result.records[0]?.get('items') as Any[]) ?? [];
      return `${items.length}|${items[0]?.author?.name}`;
    },
  },
  {
    id: 'coOccurrence',
    title: 'topic → 20 co-occurring topics',
    input: 'topic',
    indexBacked: false,
    graphql: `query ($input: String!) { topic(name: $input) { name coOccurring(first: 20) { articleCount strength topic { name } } } }`,
    variables: (input) => ({ input }),
    graphqlSignature: (data: Any) => `${data.topic?.coOccurring?.length}|${data.topic?.coOccurring?.[0]?.topic?.name}|${data.topic?.coOccurring?.[0]?.articleCount}`,
    rawPairing: 'TOPIC_BY_NAME · TOPIC_CO_OCCURRENCE (first 20)',
    async raw(driver, name) {
      const id = await resolveTopicId(driver, name);
      if (!id) return 'null';
      const result = await rawRead(driver, TOPIC_CO_OCCURRENCE, { ids: [id], first: int(20) });
      const items = (result.records[0]?.get('items') as Any[]) ?? [];
      const count = items[0]?.articleCount;
      return `${items.length}|${items[0]?.topic?.name}|${count?.toNumber?.() ?? count}`;
    },
  },
  {
    id: 'neighbourhood',
    title: 'neighbourhood of an author, depth 2, limit 200',
    input: 'author',
    indexBacked: false,
    graphql: `query ($input: ID!) { neighborhood(id: $input, depth: 2, limit: 200) { truncated nodes { id type label } edges { id source target type } } }`,
    variables: (input) => ({ input }),
    graphqlSignature: (data: Any) => `${data.neighborhood?.nodes?.length}|${data.neighborhood?.edges?.length}|${data.neighborhood?.truncated}`,
    rawPairing: 'NEIGHBOURS_OF (level 1) · NEIGHBOURS_OF (level 2, unless level 1 hit the limit) · SUBGRAPH_OF — the loop of fetchNeighborhood, re-run over the driver',
    async raw(driver, centre) {
      // fetchNeighborhood's algorithm, over the driver directly (fetchNeighborhood itself takes the API's Database).
      const limit = 200;
      const seen = [centre];
      let frontier = [centre];
      let truncated = false;
      for (let level = 1; level <= 2 && frontier.length > 0; level += 1) {
        const room = limit - seen.length;
        const result = await rawRead(driver, NEIGHBOURS_OF, {
          frontier,
          seen,
          take: int(room + 1),
          relationshipTypes: MODEL_RELATIONSHIP_TYPES,
          labels: null,
        });
        if (result.records.length > room) truncated = true;
        frontier = result.records.slice(0, room).map((r) => r.get('id') as string);
        seen.push(...frontier);
        if (truncated) break;
      }
      const graph = await rawRead(driver, SUBGRAPH_OF, { ids: seen, relationshipTypes: MODEL_RELATIONSHIP_TYPES });
      const row = graph.records[0];
      return `${(row?.get('nodes') as unknown[]).length}|${(row?.get('edges') as unknown[]).length}|${truncated}`;
    },
  },
  {
    id: 'search',
    title: 'full-text search, first 10',
    input: 'search',
    indexBacked: true,
    graphql: `query ($input: String!) { search(query: $input, first: 10) { score type label node { id } } }`,
    variables: (input) => ({ input }),
    graphqlSignature: (data: Any) => `${data.search?.length}|${data.search?.[0]?.node?.id}`,
    rawPairing: 'SEARCH (Lucene string from searchQuery(), labels null, first 10)',
    async raw(driver, text) {
      const result = await rawRead(driver, SEARCH, { query: searchQuery(text), labels: null, first: int(10) });
      return `${result.records.length}|${(result.records[0]?.get('entity') as Any)?.record?.id}`;
    },
  },
  {
    id: 'autocomplete',
    title: 'autocomplete, first 10',
    input: 'prefix',
    indexBacked: true,
    graphql: `query ($input: String!) { autocomplete(prefix: $input, first: 10) { score type label node { id } } }`,
    variables: (input) => ({ input }),
    graphqlSignature: (data: Any) => `${data.autocomplete?.length}|${data.autocomplete?.[0]?.node?.id}`,
    rawPairing: 'AUTOCOMPLETE (Lucene string from prefixQuery(), labels null, first 10, candidates 50)',
    async raw(driver, prefix) {
      const result = await rawRead(driver, AUTOCOMPLETE, { query: prefixQuery(prefix), labels: null, first: int(10), candidates: int(50) });
      return `${result.records.length}|${(result.records[0]?.get('entity') as Any)?.record?.id}`;
    },
  },
];
