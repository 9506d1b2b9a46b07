import { Kind, parse, valueFromASTUntyped } from 'graphql';
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

/** One example operation: a named GraphQL operation whose variables all have defaults. */
export type ExampleOperation = {
  /** The operation name (also the playground tab's title). */
  name: string;
  /** The operation text, comment lines first. */
  query: string;
};

/**
 * The example operations, shown as the playground's tabs and in docs/usage.md's "Example queries"
 * block (a unit test keeps the two identical). Each is a named operation whose variables carry
 * their default values in the document itself, so it runs as it is, with the variables pane
 * empty or edited, and all of them together are one valid document (paste it anywhere and pick
 * an operation). Ids are not needed: `shortestPath` and `neighborhood` take names too.
 */
export const EXAMPLE_OPERATIONS: readonly ExampleOperation[] = [
  {
    name: 'SeedArticle',
    query: `# The seed article with its journal, topics, authors and their affiliations, and links out.
# Press the play button (or Ctrl-Enter). Ctrl-Space autocompletes; the Docs
# button (top left) browses the schema; History keeps what you ran.
query SeedArticle($doi: String! = "${SEED_ARTICLE_DOI}") {
  article(doi: $doi) {
    id
    title
    vernacularTitle
    year
    volume
    issue
    firstPage
    lastPage
    doiUrl
    journal { title issn issnUrl }
    authorships {
      position
      author { id name }
      rawAffiliation
      institutions { name parent { name parent { name } } }
    }
    topics { name meshId meshUrl related { relation outgoing topic { name } } }
  }
}`,
  },
  {
    name: 'TopicStudies',
    query: `# Studies linking exosomes to necrotizing enterocolitis: any synonym works, Chinese too.
query TopicStudies($topics: [String!]! = ["外泌体", "necrotizing enterocolitis"]) {
  articles(filter: { topics: $topics, topicsMatch: ALL }) {
    totalCount
    edges { node { title year authorships { author { name } } } }
  }
}`,
  },
  {
    name: 'TopicNeighbours',
    query: `# A topic's place in the hierarchy, its articles and the topics that travel with it (Jaccard strength).
query TopicNeighbours($name: String! = "NEC") {
  topic(name: $name) {
    id
    name
    meshId
    synonyms
    broader { name }
    narrower { name }
    related { relation outgoing topic { name } }
    articles(first: 10) { totalCount edges { node { title year journal { title } } } }
    coOccurring(first: 5) { articleCount strength topic { name } }
  }
}`,
  },
  {
    name: 'AuthorCoauthors',
    query: `# An author's co-authors (with how many articles they share), affiliations and articles.
query AuthorCoauthors($name: String! = "${EXAMPLE_AUTHOR}") {
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
  },
  {
    name: 'AuthorToDisease',
    query: `# From an author to a disease: ids, or names that name exactly one node.
query AuthorToDisease($from: ID! = "${EXAMPLE_AUTHOR}", $to: ID! = "${EXAMPLE_DISEASE}") {
  shortestPath(from: $from, to: $to, maxLength: 6) {
    nodes { id type label }
    edges { source target type }
  }
}`,
  },
  {
    name: 'Neighbourhood',
    query: `# The neighbourhood of a node: the feed for a visualization (try /explore).
# export(format:) gives the same subgraph as CYTOSCAPE, D3, GRAPHOLOGY, GRAPHML or GEXF.
query Neighbourhood($id: ID! = "Topic:mesh:D020345", $depth: Int = 2, $format: GraphFormat! = GRAPHML) {
  neighborhood(id: $id, depth: $depth, limit: 200) {
    truncated
    nodeCount
    edgeCount
    nodes { id type label properties }
    edges { id source target type properties }
    export(format: $format)
  }
}`,
  },
  {
    name: 'SearchAndCharts',
    query: `# Search boxes and charts: full-text search, prefix autocomplete and a year histogram.
query SearchAndCharts($query: String! = "mesenchymal stem cells", $prefix: String! = "necro", $topic: String! = "Infant, Premature") {
  search(query: $query, types: [ARTICLE, TOPIC], first: 10) {
    type
    score
    label
    node { id }
  }
  autocomplete(prefix: $prefix, types: [TOPIC, AUTHOR], first: 5) { type label node { id } }
  facets(by: YEAR, filter: { topic: $topic }) { key count }
}`,
  },
  {
    name: 'ScienceMap',
    query: `# A science map (VOSviewer-style): topic co-occurrence over the articles since 2015, clustered and laid out.
query ScienceMap($kind: MapKind! = TOPIC_COOCCURRENCE, $yearFrom: Int! = 2015) {
  scienceMap(kind: $kind, filter: { yearFrom: $yearFrom }, limit: 50) {
    articleCount totalNodes limited modularity
    nodes { id label type weight citations cluster x y meanYear }
    links { source target strength count }
    clusters { cluster size topLabels }
  }
}`,
  },
  {
    name: 'Stats',
    query: `# How big the graph is.
query Stats {
  stats { articles authors institutions journals topics relationships }
}`,
  },
];

/** All example operations as one document (the "Example queries" block of docs/usage.md). */
export function exampleDocument(): string {
  return EXAMPLE_OPERATIONS.map((operation) => operation.query).join('\n\n');
}

/**
 * GraphiQL's default tabs: one per example. The variables pane shows each operation's defaults
 * as JSON, ready to edit; the operations run without them too.
 */
export function exampleTabs(): ExampleTab[] {
  return EXAMPLE_OPERATIONS.map((operation) => {
    const defaults = variableDefaults(operation.query);
    return Object.keys(defaults).length
      ? { query: operation.query, variables: JSON.stringify(defaults, null, 2) }
      : { query: operation.query };
  });
}

/** The default values of an operation's variables, as JSON values (`valueFromASTUntyped`). */
function variableDefaults(query: string): Record<string, unknown> {
  const definition = parse(query).definitions[0];
  if (definition?.kind !== Kind.OPERATION_DEFINITION) return {};
  const defaults: Record<string, unknown> = {};
  for (const variable of definition.variableDefinitions ?? []) {
    if (variable.defaultValue) defaults[variable.variable.name.value] = valueFromASTUntyped(variable.defaultValue);
  }
  return defaults;
}
