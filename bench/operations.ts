/**
 * The benchmarked operations: for each, the request this project's API gets, the request the peer
 * (@neo4j/graphql, bench/peer/typeDefs.graphql) gets for the same answer, and how to bring both
 * answers to one shape, so they can be checked to be identical before anything is timed.
 *
 * The raw-driver floor of an operation is not written here: it replays, through neo4j-driver
 * alone, exactly the statements the API sent for the same input (recorded at the driver).
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

/** The inputs an operation cycles through (picked from the corpus by bench/run.ts). */
export type InputKind = 'doi' | 'topic' | 'author' | 'topicPair' | 'none' | 'topTopic' | 'cited';

export interface Operation {
  /** Short id used in tables and results.json. */
  id: string;
  /** What it asks, in words (the table). */
  title: string;
  input: InputKind;
  /** Compared with the peer (false: the API against its raw-driver floor only). */
  peer: boolean;
  project: { query: string; variables(input: string): Record<string, unknown>; normalize(data: Any): unknown };
  /**
   * The idiomatic ways of asking the peer for the same answer. bench/run.ts checks each against
   * the API's answers, times the ones that agree in short alternating trials and measures the
   * fastest: the peer is compared at its best, not at the first query that came to mind.
   */
  peerAlternatives?: readonly PeerQuery[];
}

export interface PeerQuery {
  /** Short name of the alternative, recorded in results.json (`peerQuery`). */
  id: string;
  query: string;
  variables(input: string): Record<string, unknown>;
  normalize(data: Any): unknown;
}

const byPosition = (a: Any, b: Any) => a.position - b.position;

/** Peer authorships: AUTHORED relationship properties with the author, in byline order. */
const peerAuthorships = (connection: Any, withInstitutions: boolean) =>
  [...connection.edges]
    .map((edge: Any) => ({
      position: edge.properties.position,
      author: edge.node.name,
      ...(withInstitutions ? { institutions: edge.node.institutions.map((i: Any) => i.name).sort() } : {}),
    }))
    .sort(byPosition);

const projectAuthorships = (authorships: Any[], withInstitutions: boolean) =>
  authorships.map((w: Any) => ({
    position: w.position,
    author: w.author.name,
    ...(withInstitutions ? { institutions: w.institutions.map((i: Any) => i.name).sort() } : {}),
  }));

/** The fields of an article both sides read for the article page and the 100-article page. */
const ARTICLE_FIELDS =
  'title year journal { title issn } authorships { position author { name } institutions { name } } topics { name }';
const PEER_ARTICLE_FIELDS = `title year journal { title issn }
  authorsConnection(sort: [{ edge: { position: ASC } }]) { edges { properties { position } node { name institutions { name } } } }
  topicsConnection(sort: [{ edge: { position: ASC } }]) { edges { node { name } } }`;

const projectArticle = (a: Any) => ({
  title: a.title,
  year: a.year,
  journal: a.journal ? { title: a.journal.title, issn: a.journal.issn } : null,
  authorships: projectAuthorships(a.authorships, true),
  topics: a.topics.map((t: Any) => t.name),
});
const peerArticle = (a: Any) => ({
  title: a.title,
  year: a.year,
  journal: a.journal[0] ? { title: a.journal[0].title, issn: a.journal[0].issn } : null,
  authorships: peerAuthorships(a.authorsConnection, true),
  // Sorted here too: the alternatives that leave the connections unsorted (the client orders them) give the same list.
  topics: [...a.topicsConnection.edges]
    .sort((x: Any, y: Any) => (x.properties?.position ?? 0) - (y.properties?.position ?? 0))
    .map((edge: Any) => edge.node.name),
});
/** The same fields with both connections unsorted and the relationship positions read, so the client orders them. */
const PEER_ARTICLE_FIELDS_UNSORTED = `title year journal { title issn }
  authorsConnection { edges { properties { position } node { name institutions { name } } } }
  topicsConnection { edges { properties { position } node { name } } }`;

/** Newest first, ties by id: the project's YEAR_DESC, spelled out for the peer. */
const PEER_YEAR_DESC = '[{ year: DESC }, { id: ASC }]';

/** A peer topic page (an articles connection) in the project's shape. */
const peerTopicPage = (connection: Any) => ({
  total: connection.totalCount,
  articles: connection.edges.map((edge: Any) => ({
    title: edge.node.title,
    year: edge.node.year,
    journal: edge.node.journal[0]?.title ?? null,
    authorships: peerAuthorships(edge.node.authorsConnection, false),
  })),
});

/** A peer page of [title, year] with its total; a missing start topic is an empty page. */
const peerTitleYearPage = (connection: Any) =>
  connection
    ? { total: connection.totalCount, articles: connection.edges.map((edge: Any) => [edge.node.title, edge.node.year]) }
    : { total: 0, articles: [] };

const TOPIC_PAGE: Operation['project'] = {
  query: `query ($input: String!) { topic(name: $input) { articles(first: 20) { totalCount edges { node { title year journal { title } authorships { position author { name } } } } } } }`,
  variables: (input) => ({ input }),
  normalize: (data) =>
    data.topic && {
      total: data.topic.articles.totalCount,
      articles: data.topic.articles.edges.map((edge: Any) => ({
        title: edge.node.title,
        year: edge.node.year,
        journal: edge.node.journal?.title ?? null,
        authorships: projectAuthorships(edge.node.authorships, false),
      })),
    },
};

export const OPERATIONS: readonly Operation[] = [
  {
    id: 'articleByDoi',
    title: 'article by DOI with authors, affiliations, journal, topics',
    input: 'doi',
    peer: true,
    project: {
      query: `query ($input: String!) { article(doi: $input) { ${ARTICLE_FIELDS} } }`,
      variables: (input) => ({ input }),
      normalize: (data) => data.article && projectArticle(data.article),
    },
    // Tried: the list field by the indexed doiLower, with the connections sorted by the peer or by the
    // client; the connection field with first: 1. All look the article up through the doiLower index.
    peerAlternatives: [
      {
        id: 'articles-doiLower',
        query: `query ($input: String!) { articles(where: { doiLower: { eq: $input } }) { ${PEER_ARTICLE_FIELDS} } }`,
        variables: (input) => ({ input: input.toLowerCase() }),
        normalize: (data) => (data.articles[0] ? peerArticle(data.articles[0]) : null),
      },
      {
        id: 'articles-doiLower-unsorted',
        query: `query ($input: String!) { articles(where: { doiLower: { eq: $input } }) { ${PEER_ARTICLE_FIELDS_UNSORTED} } }`,
        variables: (input) => ({ input: input.toLowerCase() }),
        normalize: (data) => (data.articles[0] ? peerArticle(data.articles[0]) : null),
      },
      {
        id: 'articlesConnection-doiLower',
        query: `query ($input: String!) { articlesConnection(first: 1, where: { doiLower: { eq: $input } }) { edges { node { ${PEER_ARTICLE_FIELDS} } } } }`,
        variables: (input) => ({ input: input.toLowerCase() }),
        normalize: (data) =>
          data.articlesConnection.edges[0] ? peerArticle(data.articlesConnection.edges[0].node) : null,
      },
    ],
  },
  {
    id: 'topicPage',
    title: "a topic's first 20 articles by year with authors and journal",
    input: 'topic',
    peer: true,
    project: TOPIC_PAGE,
    // Tried: from the topic (nameLower index) down its articles, with the authors sorted by the peer or
    // by the client; from all articles filtered by a topic (articlesConnection where topics some).
    peerAlternatives: [
      {
        id: 'topic-articlesConnection',
        query: `query ($input: String!) { topics(where: { nameLower: { eq: $input } }) { articlesConnection(first: 20, sort: [{ node: { year: DESC } }, { node: { id: ASC } }]) {
        totalCount edges { node { title year journal { title } authorsConnection(sort: [{ edge: { position: ASC } }]) { edges { properties { position } node { name } } } } } } } }`,
        variables: (input) => ({ input: input.toLowerCase() }),
        normalize: (data) => data.topics[0] && peerTopicPage(data.topics[0].articlesConnection),
      },
      {
        id: 'topic-articlesConnection-unsorted-authors',
        query: `query ($input: String!) { topics(where: { nameLower: { eq: $input } }) { articlesConnection(first: 20, sort: [{ node: { year: DESC } }, { node: { id: ASC } }]) {
        totalCount edges { node { title year journal { title } authorsConnection { edges { properties { position } node { name } } } } } } } }`,
        variables: (input) => ({ input: input.toLowerCase() }),
        normalize: (data) => data.topics[0] && peerTopicPage(data.topics[0].articlesConnection),
      },
      {
        id: 'articlesConnection-where-topic',
        query: `query ($input: String!) { articlesConnection(first: 20, sort: ${PEER_YEAR_DESC}, where: { topics: { some: { nameLower: { eq: $input } } } }) {
        totalCount edges { node { title year journal { title } authorsConnection(sort: [{ edge: { position: ASC } }]) { edges { properties { position } node { name } } } } } } }`,
        variables: (input) => ({ input: input.toLowerCase() }),
        // The topic exists for every input (picked from the corpus), so an empty page is not a missing topic here.
        normalize: (data) => peerTopicPage(data.articlesConnection),
      },
    ],
  },
  {
    id: 'coauthors',
    title: "an author's co-authors",
    input: 'author',
    peer: true,
    project: {
      query: `query ($input: ID!) { node(id: $input) { ... on Author { name coauthors(first: 20) { sharedArticles author { name } } } } }`,
      variables: (input) => ({ input }),
      normalize: (data) =>
        data.node && {
          name: data.node.name,
          coauthors: data.node.coauthors.map((c: Any) => [c.sharedArticles, c.author.name]),
        },
    },
    // One alternative only: co-authors are an aggregation the peer can give only through the @cypher
    // field (bench/peer/typeDefs.graphql, the project's own Cypher), and the author is found by its unique id.
    peerAlternatives: [
      {
        id: 'authors-id-cypher',
        query: `query ($input: ID!) { authors(where: { id: { eq: $input } }) { name coauthors(first: 20) { sharedArticles author { name } } } }`,
        variables: (input) => ({ input }),
        normalize: (data) =>
          data.authors[0] && {
            name: data.authors[0].name,
            coauthors: data.authors[0].coauthors.map((c: Any) => [c.sharedArticles, c.author.name]),
          },
      },
    ],
  },
  {
    id: 'twoTopics',
    title: 'articles having two given topics',
    input: 'topicPair',
    peer: true,
    project: {
      query: `query ($a: String!, $b: String!) { articles(filter: { topics: [$a, $b], topicsMatch: ALL }, first: 20) { totalCount edges { node { title year } } } }`,
      variables: (input) => ({ a: input.split('|')[0], b: input.split('|')[1] }),
      normalize: (data) => ({
        total: data.articles.totalCount,
        articles: data.articles.edges.map((edge: Any) => [edge.node.title, edge.node.year]),
      }),
    },
    // Tried: every article filtered by two `topics some` conditions (a scan of all articles with two
    // subqueries each); from the first (popular) topic down its articles filtered by the second; from
    // the second (less popular) topic filtered by the first. The inputs pair a popular topic with a
    // mid-popularity one, so starting from the second usually touches the fewest articles.
    peerAlternatives: [
      {
        id: 'articlesConnection-and-some',
        query: `query ($a: String!, $b: String!) { articlesConnection(first: 20, sort: ${PEER_YEAR_DESC},
        where: { AND: [{ topics: { some: { nameLower: { eq: $a } } } }, { topics: { some: { nameLower: { eq: $b } } } }] }) { totalCount edges { node { title year } } } }`,
        variables: (input) => ({ a: input.split('|')[0]!.toLowerCase(), b: input.split('|')[1]!.toLowerCase() }),
        normalize: (data) => peerTitleYearPage(data.articlesConnection),
      },
      {
        id: 'from-first-topic',
        query: `query ($a: String!, $b: String!) { topics(where: { nameLower: { eq: $a } }) { articlesConnection(first: 20, sort: [{ node: { year: DESC } }, { node: { id: ASC } }],
        where: { node: { topics: { some: { nameLower: { eq: $b } } } } }) { totalCount edges { node { title year } } } } }`,
        variables: (input) => ({ a: input.split('|')[0]!.toLowerCase(), b: input.split('|')[1]!.toLowerCase() }),
        normalize: (data) => peerTitleYearPage(data.topics[0]?.articlesConnection),
      },
      {
        id: 'from-second-topic',
        query: `query ($a: String!, $b: String!) { topics(where: { nameLower: { eq: $b } }) { articlesConnection(first: 20, sort: [{ node: { year: DESC } }, { node: { id: ASC } }],
        where: { node: { topics: { some: { nameLower: { eq: $a } } } } }) { totalCount edges { node { title year } } } } }`,
        variables: (input) => ({ a: input.split('|')[0]!.toLowerCase(), b: input.split('|')[1]!.toLowerCase() }),
        normalize: (data) => peerTitleYearPage(data.topics[0]?.articlesConnection),
      },
    ],
  },
  {
    id: 'hundred',
    title: 'a page of 100 articles with authorships, institutions, journal, topics',
    input: 'none',
    peer: true,
    project: {
      query: `{ articles(first: 100) { edges { node { ${ARTICLE_FIELDS} } } } }`,
      variables: () => ({}),
      normalize: (data) => data.articles.edges.map((edge: Any) => projectArticle(edge.node)),
    },
    // Tried: the list field with limit, with the connections sorted by the peer or by the client; the
    // connection field with first (which also counts every article for its totalCount-capable shape).
    peerAlternatives: [
      {
        id: 'articles-limit',
        query: `{ articles(limit: 100, sort: ${PEER_YEAR_DESC}) { ${PEER_ARTICLE_FIELDS} } }`,
        variables: () => ({}),
        normalize: (data) => data.articles.map(peerArticle),
      },
      {
        id: 'articles-limit-unsorted',
        query: `{ articles(limit: 100, sort: ${PEER_YEAR_DESC}) { ${PEER_ARTICLE_FIELDS_UNSORTED} } }`,
        variables: () => ({}),
        normalize: (data) => data.articles.map(peerArticle),
      },
      {
        id: 'articlesConnection-first',
        query: `{ articlesConnection(first: 100, sort: ${PEER_YEAR_DESC}) { edges { node { ${PEER_ARTICLE_FIELDS} } } } }`,
        variables: () => ({}),
        normalize: (data) => data.articlesConnection.edges.map((edge: Any) => peerArticle(edge.node)),
      },
    ],
  },
  {
    id: 'coOccurrence',
    title: "a topic's co-occurring topics",
    input: 'topic',
    peer: true,
    project: {
      query: `query ($input: String!) { topic(name: $input) { name coOccurring(first: 20) { articleCount strength topic { name } } } }`,
      variables: (input) => ({ input }),
      normalize: (data) =>
        data.topic && {
          name: data.topic.name,
          items: data.topic.coOccurring.map((c: Any) => [c.articleCount, c.strength, c.topic.name]),
        },
    },
    // One alternative only: co-occurrence is an aggregation the peer can give only through the @cypher
    // field (the project's own Cypher), and the topic is found through the nameLower index.
    peerAlternatives: [
      {
        id: 'topics-nameLower-cypher',
        query: `query ($input: String!) { topics(where: { nameLower: { eq: $input } }) { name coOccurring(first: 20) { articleCount strength topic { name } } } }`,
        variables: (input) => ({ input: input.toLowerCase() }),
        normalize: (data) =>
          data.topics[0] && {
            name: data.topics[0].name,
            items: data.topics[0].coOccurring.map((c: Any) => [c.articleCount, c.strength, c.topic.name]),
          },
      },
    ],
  },
  {
    id: 'coCited',
    title: "an often-cited article's 20 most co-cited articles (co-citation)",
    input: 'cited',
    peer: false,
    project: {
      query: `query ($input: String!) { article(doi: $input) { title coCited(first: 20) { count article { title } } } }`,
      variables: (input) => ({ input }),
      normalize: (data) =>
        data.article && {
          title: data.article.title,
          items: data.article.coCited.map((c: Any) => [c.count, c.article.title]),
        },
    },
  },
  {
    id: 'coupled',
    title: "an article's 20 most coupled articles (shared references)",
    input: 'doi',
    peer: false,
    project: {
      query: `query ($input: String!) { article(doi: $input) { title coupled(first: 20) { count article { title } } } }`,
      variables: (input) => ({ input }),
      normalize: (data) =>
        data.article && {
          title: data.article.title,
          items: data.article.coupled.map((c: Any) => [c.count, c.article.title]),
        },
    },
  },
  {
    id: 'citedByPage',
    title: "an often-cited article's first 20 citing articles with the graph's count",
    input: 'cited',
    peer: false,
    project: {
      query: `query ($input: String!) { article(doi: $input) { citedBy(first: 20) { totalCount edges { node { title year } } } } }`,
      variables: (input) => ({ input }),
      normalize: (data) =>
        data.article && {
          total: data.article.citedBy.totalCount,
          items: data.article.citedBy.edges.map((e: Any) => [e.node.title, e.node.year]),
        },
    },
  },
  {
    id: 'topTopicPage',
    title: "the most popular topic's first page (as topicPage): O(page) at any corpus size",
    input: 'topTopic',
    peer: false,
    project: TOPIC_PAGE,
  },
];
