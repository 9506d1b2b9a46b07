import type {
  ArticleConnectionResolvers,
  AuthorConnectionResolvers,
  InstitutionConnectionResolvers,
  JournalConnectionResolvers,
  TopicConnectionResolvers,
} from '../generated/resolvers-types.ts';
import type { PageRecord } from '../../db/index.ts';

function pageInfo<T>(page: PageRecord<T>) {
  return {
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.hasPreviousPage,
    startCursor: page.items[0]?.cursor ?? null,
    endCursor: page.items.at(-1)?.cursor ?? null,
  };
}

/** The Relay connection fields, the same for every paged list: a PageRecord already holds the edges. */
function connection<T>() {
  return {
    edges: (page: PageRecord<T>) => page.items,
    pageInfo: (page: PageRecord<T>) => pageInfo(page),
    totalCount: (page: PageRecord<T>) => {
      // The page statement counts only when totalCount is selected; this is that selection.
      if (page.totalCount === undefined) throw new Error('totalCount was selected but not counted');
      return page.totalCount;
    },
  };
}

export const ArticleConnection: ArticleConnectionResolvers = connection();
export const AuthorConnection: AuthorConnectionResolvers = connection();
export const InstitutionConnection: InstitutionConnectionResolvers = connection();
export const JournalConnection: JournalConnectionResolvers = connection();
export const TopicConnection: TopicConnectionResolvers = connection();
