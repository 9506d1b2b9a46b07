import type { JournalResolvers } from '../generated/resolvers-types.ts';
import { externalLinks, issnUrl } from '../../identity/index.ts';

/** Journal relationship fields, through the repository. */
export const Journal: JournalResolvers = {
  issnUrl: (journal) => issnUrl(journal.issn) ?? null,
  links: (journal) => externalLinks(journal),
  articles: (journal, args, { repo }, info) => repo.nested.articlesOf('Journal', journal, args, info),
  issnSources: (journal, _args, { repo }) => repo.nested.journalIssnSources(journal),
};
