import type { JournalResolvers } from '../generated/resolvers-types.ts';

/** Journal relationship fields. */
export const Journal: JournalResolvers = {
  articles: (journal, { filter, sort, first, after }, { repo }) => repo.articles(filter, sort, { first, after }, { label: 'Journal', id: journal.id }),
};
