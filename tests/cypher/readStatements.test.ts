import { describe, expect, it } from 'vitest';
import { encodeSortKey } from '../../src/db/cypher/paging.ts';
import { PATH_ENDS, PATH_SEARCH_STEP } from '../../src/db/cypher/graphStatements.ts';
import { statementsFor, type Answer } from './recordStatements.ts';

/**
 * The Cypher the API compiles for representative selections, with its parameters, pinned as
 * snapshots (tests/cypher/__snapshots__): a change to a statement builder shows here as a readable
 * diff of the statement text, to be reviewed and accepted with `vitest -u`. Which rows the
 * statements return from a real graph is tested in the db tier.
 */

/** The one row an article page statement always returns, here for an empty page. */
const EMPTY_PAGE: Answer = (cypher) =>
  cypher.endsWith('RETURN s0') ? [{ s0: { rows: [], beyond: false, total: 0 } }] : [];

const ARTICLE_FIELDS = `id doi title year
  journal { id title }
  authorships { position author { id name } institutions { id name } }
  topics { id name }`;

describe('statements compiled for a selection', () => {
  it('article by DOI, with its journal, byline and topics: one statement', async () => {
    const statements = await statementsFor(`query($doi: String!) { article(doi: $doi) { ${ARTICLE_FIELDS} } }`, {
      doi: 'https://doi.org/10.1000/ABC.123',
    });
    expect(statements).toHaveLength(1);
    expect(statements).toMatchSnapshot();
  });

  it('article by PubMed id, through the identifier aliases', async () => {
    expect(await statementsFor(`{ article(pmid: "12345") { id title } }`)).toMatchSnapshot();
  });

  it('article page with a filter, a title sort and a cursor, with its total and page info', async () => {
    const after = encodeSortKey('articles:TITLE_ASC', ['heart failure', 'Article:doi:10.1000/xyz']);
    const statements = await statementsFor(
      `query($after: String) {
        articles(filter: { topic: "Hypertension", yearFrom: 2015, yearTo: 2020, language: "Chinese" }, sort: TITLE_ASC, first: 10, after: $after) {
          totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
          edges { cursor node { id title year journal { title } } }
        }
      }`,
      { after },
      EMPTY_PAGE,
    );
    expect(statements).toHaveLength(1);
    expect(statements).toMatchSnapshot();
  });

  it('article page backwards by year, several topics and an author', async () => {
    const before = encodeSortKey('articles:YEAR_DESC', [2019, 'Article:doi:10.1000/xyz']);
    expect(
      await statementsFor(
        `query($before: String) {
          articles(filter: { topics: ["Hypertension", "Topic:mesh:D003920"], topicsMatch: ANY, author: "Author:haoming chen" }, last: 5, before: $before) {
            edges { node { id title } }
          }
        }`,
        { before },
        EMPTY_PAGE,
      ),
    ).toMatchSnapshot();
  });

  it("two topics (ALL) with the total: the smaller topic's articles tested once, the page cut from the matches", async () => {
    const statements = await statementsFor(
      `query($a: String!, $b: String!) {
        articles(filter: { topics: [$a, $b], topicsMatch: ALL }, first: 20) { totalCount edges { node { title year } } }
      }`,
      { a: 'Hypertension', b: 'Topic:mesh:D003920' },
      EMPTY_PAGE,
    );
    expect(statements).toHaveLength(1);
    expect(statements).toMatchSnapshot();
  });

  it('topic page: the topic, its broader and narrower topics and a page of its articles', async () => {
    const statements = await statementsFor(`{
      topic(name: "Hypertension") {
        id name meshId synonyms broader { id name } narrower { id name }
        articles(first: 5, sort: YEAR_DESC) { totalCount edges { node { id title year } } }
      }
    }`);
    expect(statements).toHaveLength(1);
    expect(statements).toMatchSnapshot();
  });

  it('co-authors of an author', async () => {
    expect(
      await statementsFor(
        `{ node(id: "Author:haoming chen") { ... on Author { name coauthors(first: 5) { author { id name } sharedArticles } } } }`,
      ),
    ).toMatchSnapshot();
  });

  it('co-occurring topics, rolled up to their broader topics', async () => {
    expect(
      await statementsFor(
        `{ topic(name: "Hypertension") { coOccurring(first: 10, rollUp: true) { topic { id name } articleCount strength } } }`,
      ),
    ).toMatchSnapshot();
  });

  it('co-citation and bibliographic coupling of an article', async () => {
    // The article is found (without a row for it the lists would never be asked for).
    const found: Answer = (cypher) => (cypher.includes('$doi') ? [{ node: { id: 'Article:doi:10.1000/abc' } }] : []);
    const statements = await statementsFor(
      `{ article(doi: "10.1000/abc") { id coCited(first: 5) { article { id title } count } coupled(first: 5) { article { id title } count } } }`,
      {},
      found,
    );
    expect(statements).toHaveLength(3);
    expect(statements).toMatchSnapshot();
  });

  it('neighbourhood two hops out, restricted to some relationship types and node types', async () => {
    // The first level finds two neighbours, so the second level is asked for too.
    let level = 0;
    const answer: Answer = (cypher) =>
      cypher.includes('$frontier') && level++ === 0
        ? [{ found: 2, ids: ['Topic:mesh:D006973', 'Journal:issn:1234-5678'] }]
        : [];
    expect(
      await statementsFor(
        `{ neighborhood(id: "Article:doi:10.1000/abc", depth: 2, limit: 50, relationshipTypes: [HAS_TOPIC, PUBLISHED_IN], types: [TOPIC, JOURNAL, ARTICLE]) { nodes { id } edges { source target type } truncated } }`,
        {},
        answer,
      ),
    ).toMatchSnapshot();
  });

  it('shortest path search: both ends, two levels reaching the other end, then the path subgraph', async () => {
    const from = 'Author:haoming chen';
    const to = 'Topic:mesh:D006973';
    const middle = 'Article:doi:10.1000/abc';
    const answer: Answer = (cypher, params) => {
      if (cypher === PATH_ENDS) return [{ ids: [from, to] }];
      // From the start, an article; from the article, the end: the search reaches the other side.
      const frontier = params.frontier as string[];
      if (cypher === PATH_SEARCH_STEP && frontier.includes(from)) return [{ id: middle, parent: from }];
      if (cypher === PATH_SEARCH_STEP && frontier.includes(middle)) return [{ id: to, parent: middle }];
      return [];
    };
    const statements = await statementsFor(
      `{ shortestPath(from: "${from}", to: "${to}", maxLength: 4, through: [ARTICLE]) { nodes { id } edges { type } } }`,
      {},
      answer,
    );
    expect(
      statements.map((s) => (s.cypher === PATH_ENDS ? 'ends' : s.cypher === PATH_SEARCH_STEP ? 'step' : 'subgraph')),
    ).toEqual(['ends', 'step', 'step', 'subgraph']);
    expect(statements).toMatchSnapshot();
  });
});
