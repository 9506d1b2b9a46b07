/** The GraphQL operations the explorer sends (public API only). */

const GRAPH_FIELDS = /* GraphQL */ `
    nodes { id type label properties }
    edges { id source target type properties }
`;

export const NEIGHBORHOOD_QUERY = /* GraphQL */ `
  query ExplorerNeighborhood($id: ID!, $depth: Int!, $limit: Int!) {
    neighborhood(id: $id, depth: $depth, limit: $limit) { truncated ${GRAPH_FIELDS} }
  }
`;

/** Articles per year for the year histogram of a topic or an author. */
export const YEAR_FACETS_QUERY = /* GraphQL */ `
  query ExplorerYears($filter: ArticleFilter!) {
    facets(by: YEAR, filter: $filter, first: 100) { key count }
  }
`;

/** A topic's or author's articles of one year (the histogram's filter). */
export const YEAR_ARTICLES_QUERY = /* GraphQL */ `
  query ExplorerYearArticles($filter: ArticleFilter!) {
    articles(filter: $filter, first: 20) { totalCount edges { node { id title year } } }
  }
`;

const HIT_FIELDS = /* GraphQL */ `
    type
    score
    node {
      id
      ... on Article { title year referenceOnly }
      ... on Author { name }
      ... on Institution { name city }
      ... on Journal { title }
      ... on Topic { name }
    }
`;

export const AUTOCOMPLETE_QUERY = /* GraphQL */ `
  query ExplorerAutocomplete($prefix: String!, $types: [EntityType!], $first: Int!) {
    hits: autocomplete(prefix: $prefix, types: $types, first: $first) { ${HIT_FIELDS} }
  }
`;

/** One article by an identifier typed into the search box (exact, whatever full-text search makes of it). */
export const ARTICLE_BY_IDENTIFIER_QUERY = /* GraphQL */ `
  query ExplorerArticleByIdentifier($doi: String, $pmid: String, $pmcid: String, $openalexId: String) {
    article(doi: $doi, pmid: $pmid, pmcid: $pmcid, openalexId: $openalexId) { id title year referenceOnly }
  }
`;

/** Used when the server has no `autocomplete` (it is not in the base contract). */
export const SEARCH_QUERY = /* GraphQL */ `
  query ExplorerSearch($prefix: String!, $types: [EntityType!], $first: Int!) {
    hits: search(query: $prefix, types: $types, first: $first) { ${HIT_FIELDS} }
  }
`;

const LINK_FIELDS = 'kind label url identifier';

export const DETAILS_QUERY = /* GraphQL */ `
  query ExplorerDetails($id: ID!, $citations: Int = 10) {
    node(id: $id) {
      id
      __typename
      ... on Article {
        links { ${LINK_FIELDS} }
        title vernacularTitle doi year volume issue firstPage lastPage language country keywords
        abstract
        journal { id title }
        authorships { position rawAffiliation author { id name } institutions { id name } }
        topics { id name }
        referenceOnly citedByCount referenceAuthor referenceJournal
        references(first: $citations) { totalCount edges { node { id title year referenceOnly } } }
        citedBy(first: $citations) { totalCount edges { node { id title year referenceOnly } } }
      }
      ... on Author {
        links { ${LINK_FIELDS} }
        name
        institutions { id name city country }
        coauthors(first: 12) { sharedArticles author { id name } }
        articles(first: 8) { totalCount edges { node { id title year } } }
      }
      ... on Institution {
        links { ${LINK_FIELDS} }
        name localName city postalCode country
        parent { id name }
        authors { id name }
        articles(first: 8) { totalCount edges { node { id title year } } }
      }
      ... on Journal {
        links { ${LINK_FIELDS} }
        title localTitle issn
        articles(first: 8) { totalCount edges { node { id title year } } }
      }
      ... on Topic {
        links { ${LINK_FIELDS} }
        name meshId synonyms
        broader { id name }
        narrower { id name }
        related { relation outgoing topic { id name } }
        coOccurring(first: 10) { articleCount topic { id name } }
        articles(first: 8) { totalCount edges { node { id title year } } }
      }
    }
  }
`;

/** A shortest path between any two nodes (names, DOIs and ids work as ends). */
export const PATH_QUERY = /* GraphQL */ `
  query ExplorerPath($from: ID!, $to: ID!, $maxLength: Int!) {
    path: shortestPath(from: $from, to: $to, maxLength: $maxLength) { ${GRAPH_FIELDS} }
  }
`;

/** A shortest chain of citations between two articles, in either direction. */
export const CITATION_PATH_QUERY = /* GraphQL */ `
  query ExplorerCitationPath($from: ID!, $to: ID!, $maxLength: Int!) {
    path: citationPath(from: $from, to: $to, maxLength: $maxLength, directed: false) { ${GRAPH_FIELDS} }
  }
`;

/** One page of the articles matching the shared filters (the panel's list, and which drawn articles match). */
export const FILTERED_ARTICLES_QUERY = /* GraphQL */ `
  query ExplorerFilteredArticles($filter: ArticleFilter!, $first: Int!, $after: String) {
    articles(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id title year referenceOnly } }
    }
  }
`;

/** Which `ArticleFilter` fields and map kinds this server offers (the panel shows only what works). */
export const CAPABILITIES_QUERY = /* GraphQL */ `
  query ExplorerCapabilities {
    filter: __type(name: "ArticleFilter") { inputFields { name type { kind name ofType { kind name } } } }
    kinds: __type(name: "MapKind") { enumValues { name } }
    documentTypes: __type(name: "DocumentType") { enumValues { name } }
  }
`;

/** The science map of the filtered articles (schema/maps.graphql). */
export const MAP_QUERY = /* GraphQL */ `
  query ExplorerMap($kind: MapKind!, $filter: ArticleFilter, $minStrength: Int, $limit: Int, $normalization: MapNormalization) {
    map: scienceMap(kind: $kind, filter: $filter, minStrength: $minStrength, limit: $limit, normalization: $normalization) {
      kind normalization modularity resolution seed articleCount totalNodes limited
      nodes { id label type weight citations cluster x y meanYear }
      links { source target strength count }
      clusters { cluster size topLabels }
    }
  }
`;

/** An article's references and citing articles, a longer page than the details panel's. */
export const CITATIONS_QUERY = /* GraphQL */ `
  query ExplorerCitations($id: ID!, $first: Int!) {
    node(id: $id) {
      ... on Article {
        references(first: $first) { totalCount edges { node { id title year referenceOnly } } }
        citedBy(first: $first) { totalCount edges { node { id title year referenceOnly } } }
      }
    }
  }
`;

/** A page of articles with the reference-only mark (citation lists, the filter panel's list). */
export type ApiArticlePage = {
  totalCount: number;
  pageInfo?: { hasNextPage: boolean; endCursor?: string | null };
  edges: { node: { id: string; title: string; year?: number | null; referenceOnly?: boolean } }[];
};

/** What {@link CAPABILITIES_QUERY} answers. */
export type ApiCapabilities = {
  filter: {
    inputFields: {
      name: string;
      type: { kind: string; name: string | null; ofType?: { kind: string; name: string | null } | null };
    }[];
  } | null;
  kinds: { enumValues: { name: string }[] } | null;
  documentTypes: { enumValues: { name: string }[] } | null;
};

/** A node of `Graph` as the explorer asks for it. */
export type ApiGraphNode = {
  id: string;
  type: string;
  label: string;
  properties?: Record<string, string | number | boolean | null> | null;
};
/** An edge of `Graph` as the explorer asks for it. */
export type ApiGraphEdge = {
  id: string;
  source: string;
  target: string;
  type: string;
  properties?: Record<string, string | number | boolean | null> | null;
};
/** `Graph` as the explorer asks for it. */
export type ApiGraph = { nodes: ApiGraphNode[]; edges: ApiGraphEdge[]; truncated?: boolean };

/** A link out as the API gives it (`links` on every entity type). */
export type ApiLink = { kind: string; label: string; url: string; identifier: string };

/** One bar of the year histogram. */
export type ApiYearBucket = { key: string; count: number };

/** A page of articles as the details panel lists them. */
export type ApiArticleList = {
  totalCount: number;
  edges: { node: { id: string; title: string; year?: number | null } }[];
};

/** A search or autocomplete hit. */
export type ApiHit = {
  type: string;
  score: number;
  node: {
    id: string;
    title?: string;
    name?: string;
    year?: number | null;
    city?: string | null;
    referenceOnly?: boolean;
  };
};

type Ref = { id: string; name: string };
type ArticleRef = { id: string; title: string; year?: number | null };
type ArticleList = { totalCount: number; edges: { node: ArticleRef }[] };

/** `Query.node` with the fields the details panel shows, by `__typename`. */
export type ApiDetails =
  | {
      __typename: 'Article';
      id: string;
      links: ApiLink[];
      title: string;
      vernacularTitle?: string | null;
      doi?: string | null;
      year?: number | null;
      volume?: string | null;
      issue?: string | null;
      firstPage?: string | null;
      lastPage?: string | null;
      language?: string | null;
      country?: string | null;
      keywords: string[];
      abstract?: string | null;
      journal?: { id: string; title: string } | null;
      authorships: { position: number; rawAffiliation?: string | null; author: Ref; institutions: Ref[] }[];
      topics: Ref[];
      referenceOnly?: boolean;
      citedByCount?: number | null;
      referenceAuthor?: string | null;
      referenceJournal?: string | null;
      references?: ApiArticlePage;
      citedBy?: ApiArticlePage;
    }
  | {
      __typename: 'Author';
      id: string;
      links: ApiLink[];
      name: string;
      institutions: (Ref & { city?: string | null; country?: string | null })[];
      coauthors: { sharedArticles: number; author: Ref }[];
      articles: ArticleList;
    }
  | {
      __typename: 'Institution';
      id: string;
      links: ApiLink[];
      name: string;
      localName?: string | null;
      city?: string | null;
      postalCode?: string | null;
      country?: string | null;
      parent?: Ref | null;
      authors: Ref[];
      articles: ArticleList;
    }
  | {
      __typename: 'Journal';
      id: string;
      links: ApiLink[];
      title: string;
      localTitle?: string | null;
      issn?: string | null;
      articles: ArticleList;
    }
  | {
      __typename: 'Topic';
      id: string;
      links: ApiLink[];
      name: string;
      meshId?: string | null;
      synonyms: string[];
      broader: Ref[];
      narrower: Ref[];
      related: { relation: string; outgoing: boolean; topic: Ref }[];
      coOccurring: { articleCount: number; topic: Ref }[];
      articles: ArticleList;
    };
