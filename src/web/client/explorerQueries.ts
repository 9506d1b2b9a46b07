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
      ... on Article { title year }
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

/** Used when the server has no `autocomplete` (it is not in the base contract). */
export const SEARCH_QUERY = /* GraphQL */ `
  query ExplorerSearch($prefix: String!, $types: [EntityType!], $first: Int!) {
    hits: search(query: $prefix, types: $types, first: $first) { ${HIT_FIELDS} }
  }
`;

const LINK_FIELDS = 'kind label url identifier';

export const DETAILS_QUERY = /* GraphQL */ `
  query ExplorerDetails($id: ID!) {
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

/** A node of `Graph` as the explorer asks for it. */
export type ApiGraphNode = { id: string; type: string; label: string; properties?: Record<string, string | number | boolean | null> | null };
/** An edge of `Graph` as the explorer asks for it. */
export type ApiGraphEdge = { id: string; source: string; target: string; type: string; properties?: Record<string, string | number | boolean | null> | null };
/** `Graph` as the explorer asks for it. */
export type ApiGraph = { nodes: ApiGraphNode[]; edges: ApiGraphEdge[]; truncated?: boolean };

/** A link out as the API gives it (`links` on every entity type). */
export type ApiLink = { kind: string; label: string; url: string; identifier: string };

/** One bar of the year histogram. */
export type ApiYearBucket = { key: string; count: number };

/** A page of articles as the details panel lists them. */
export type ApiArticleList = { totalCount: number; edges: { node: { id: string; title: string; year?: number | null } }[] };

/** A search or autocomplete hit. */
export type ApiHit = {
  type: string;
  score: number;
  node: { id: string; title?: string; name?: string; year?: number | null; city?: string | null };
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
  | { __typename: 'Journal'; id: string; links: ApiLink[]; title: string; localTitle?: string | null; issn?: string | null; articles: ArticleList }
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
