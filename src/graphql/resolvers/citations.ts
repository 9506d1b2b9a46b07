import type {
  ArticleResolvers,
  CitationConnectionResolvers,
  CitationCountResolvers,
  CitationEdgeResolvers,
  QueryResolvers,
} from '../generated/resolvers-types.ts';
import type { CitationRecord, PageRecord } from '../../db/index.ts';
import { DEFAULT_PATH_MAX_LENGTH } from '../../inputLimits.ts';
import { citationPageArguments, citationPathMaxLength, listFirst, nodeArgument } from '../args/index.ts';

/**
 * The citation graph's resolvers (schema/citations.graphql): each asks the repository, which
 * batches the articles of a list into one statement (src/db/cypher/citationStatements.ts).
 */
export const CitationArticle: Pick<ArticleResolvers, 'references' | 'citedBy' | 'coCited' | 'coupled' | 'citingYears'> =
  {
    references: (article, args, { repo }) =>
      repo.nested.citations(article, 'references', citationPageArguments('references', args)),
    citedBy: (article, args, { repo }) =>
      repo.nested.citations(article, 'citedBy', citationPageArguments('citedBy', args)),
    coCited: (article, args, { repo }) => repo.nested.citationCounts(article, 'coCited', listFirst(args.first ?? 10)),
    coupled: (article, args, { repo }) => repo.nested.citationCounts(article, 'coupled', listFirst(args.first ?? 10)),
    citingYears: (article, _args, { repo }) => repo.nested.citingYears(article),
  };

export const CitationConnection: CitationConnectionResolvers = {
  edges: (page: PageRecord<CitationRecord>) => page.items,
  pageInfo: (page) => ({
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.hasPreviousPage,
    startCursor: page.items[0]?.cursor ?? null,
    endCursor: page.items.at(-1)?.cursor ?? null,
  }),
  totalCount: (page) => page.totalCount ?? 0,
};

export const CitationEdge: CitationEdgeResolvers = {
  cursor: (item) => item.cursor,
  node: (item) => item.node.article,
  sources: (item) => item.node.sources,
  text: (item) => item.node.text,
  position: (item) => item.node.position,
};

export const CitationCount: CitationCountResolvers = {};

/** Query.citationPath: ends resolved like shortestPath's (global id or DOI). */
export const CitationQuery: Pick<QueryResolvers, 'citationPath'> = {
  citationPath: async (_parent, args, { repo }) => {
    const [from, to] = await Promise.all([nodeArgument(repo, args.from, 'from'), nodeArgument(repo, args.to, 'to')]);
    return repo.citationPath(
      from,
      to,
      citationPathMaxLength(args.maxLength ?? DEFAULT_PATH_MAX_LENGTH),
      args.directed ?? true,
    );
  },
};
