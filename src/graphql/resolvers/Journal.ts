import type { JournalResolvers } from '../generated/resolvers-types.ts';

/** Journal relationship fields, through the repository. */
export const Journal: JournalResolvers = {
  articles: (journal, args, { repo }, info) => repo.articlesOf('Journal', journal, args, info),
};
