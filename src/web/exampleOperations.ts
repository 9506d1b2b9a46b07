import type { ExampleTab } from './playgroundConfig.ts';

/** The seed article every example starts from (the corpus' first record). */
export const SEED_ARTICLE_DOI = '10.3760/cma.j.cn101070-20200616-01000';
/** A disease topic of the seed article, for the path and topic examples. */
export const EXAMPLE_DISEASE = 'Bronchopulmonary dysplasia';
/** A topic with several co-occurring topics. */
export const EXAMPLE_TOPIC = 'Exosomes';
/** The seed article's first author. */
export const EXAMPLE_AUTHOR = 'Haoming CHEN';

/** Global ids the id-taking examples need, found through the API itself. */
export type ExampleIds = {
  articleId?: string;
  articleTitle?: string;
  authorId?: string;
  authorName?: string;
  diseaseId?: string;
  diseaseName?: string;
};

/** The executor `createWebRouter` receives. */
export type GraphQLExecutor = (
  query: string,
  variables?: Record<string, unknown>,
) => Promise<{
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
}>;

const EXAMPLE_IDS_QUERY = /* GraphQL */ `
  query PlaygroundExampleIds($doi: String!, $disease: String!) {
    article(doi: $doi) {
      id
      title
      authorships { author { id name } }
    }
    topic(name: $disease) { id name }
  }
`;

type ExampleIdsData = {
  article?: { id: string; title: string; authorships?: { author: { id: string; name: string } }[] } | null;
  topic?: { id: string; name: string } | null;
};

/**
 * Looks up the ids of the seed article, its first author and the example
 * disease, so the examples that take ids run as they are. Never throws: a
 * missing piece leaves that id out (the example then shows a placeholder).
 */
export async function resolveExampleIds(execute: GraphQLExecutor): Promise<ExampleIds> {
  try {
    const result = await execute(EXAMPLE_IDS_QUERY, { doi: SEED_ARTICLE_DOI, disease: EXAMPLE_DISEASE });
    const data = (result.data ?? {}) as ExampleIdsData;
    const author = data.article?.authorships?.[0]?.author;
    return {
      articleId: data.article?.id,
      articleTitle: data.article?.title,
      authorId: author?.id,
      authorName: author?.name,
      diseaseId: data.topic?.id,
      diseaseName: data.topic?.name,
    };
  } catch {
    return {};
  }
}

const PLACEHOLDER = 'paste an id from a search result';

const variables = (value: Record<string, unknown>): string => JSON.stringify(value, null, 2);

/**
 * GraphiQL's default tabs: one per question the service answers. Each
 * operation is named, so the tab titles read as a menu.
 */
export function exampleTabs(ids: ExampleIds): ExampleTab[] {
  return [
    {
      query: `# The seed article with its journal, topics and authors with their affiliations.
# Press the play button (or Ctrl-Enter). Ctrl-Space autocompletes; the Docs
# button (top left) browses the schema; History keeps what you ran.
query SeedArticle($doi: String!) {
  article(doi: $doi) {
    id
    title
    vernacularTitle
    year
    volume
    issue
    firstPage
    lastPage
    keywords
    journal { title issn }
    authorships {
      position
      author { id name }
      institutions { name localName city country parent { name } }
      rawAffiliation
    }
    topics { name meshId }
  }
}`,
      variables: variables({ doi: SEED_ARTICLE_DOI }),
    },
    {
      query: `# A topic's articles, the topics that co-occur with it, and its place in the hierarchy.
query TopicArticles($name: String!) {
  topic(name: $name) {
    id
    name
    meshId
    synonyms
    broader { name }
    narrower { name }
    related { relation outgoing topic { name } }
    articles(first: 10) {
      totalCount
      edges { node { title year journal { title } } }
    }
    coOccurring(first: 10) { articleCount topic { name } }
  }
}`,
      variables: variables({ name: EXAMPLE_TOPIC }),
    },
    {
      query: `# An author's co-authors (with how many articles they share) and affiliations.
query AuthorCoauthors($name: String!) {
  authors(name: $name, first: 5) {
    totalCount
    edges {
      node {
        id
        name
        institutions { name city }
        coauthors(first: 20) { sharedArticles author { id name } }
        articles(first: 5) { edges { node { title year } } }
      }
    }
  }
}`,
      variables: variables({ name: ids.authorName ?? EXAMPLE_AUTHOR }),
    },
    {
      query: `# A shortest path between an author and a disease (a Topic), as a graph.
query AuthorToDisease($from: ID!, $to: ID!) {
  shortestPath(from: $from, to: $to, maxLength: 6) {
    nodes { id type label }
    edges { source target type }
  }
}`,
      variables: variables({ from: ids.authorId ?? PLACEHOLDER, to: ids.diseaseId ?? PLACEHOLDER }),
    },
    {
      query: `# The neighbourhood of a node: the feed for a visualization (try /explore).
# export(format:) gives the same subgraph as CYTOSCAPE, D3, GRAPHOLOGY, GRAPHML or GEXF.
query Neighbourhood($id: ID!, $depth: Int = 1) {
  neighborhood(id: $id, depth: $depth, limit: 200) {
    nodes { id type label properties }
    edges { id source target type properties }
    export(format: CYTOSCAPE)
  }
}`,
      variables: variables({ id: ids.articleId ?? PLACEHOLDER, depth: 1 }),
    },
    {
      query: `# Full-text search over titles, abstracts, names and synonyms, and prefix autocomplete.
query Search($query: String!, $prefix: String!) {
  search(query: $query, first: 10) {
    type
    score
    node {
      id
      ... on Article { title year }
      ... on Author { name }
      ... on Topic { name meshId }
      ... on Institution { name }
      ... on Journal { title }
    }
  }
  autocomplete(prefix: $prefix, types: [TOPIC, AUTHOR], first: 5) {
    type
    node { id ... on Topic { name } ... on Author { name } }
  }
}`,
      variables: variables({ query: 'mesenchymal stem cells', prefix: 'bron' }),
    },
    {
      query: `# How big the graph is.
query Stats {
  stats { articles authors institutions journals topics relationships }
}`,
    },
  ];
}
