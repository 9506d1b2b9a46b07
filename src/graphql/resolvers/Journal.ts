import type { JournalResolvers } from '../generated/resolvers-types.ts';
import { externalLinks, issnUrl } from '../../identity/index.ts';

/** Journal relationship fields. */
export const Journal: JournalResolvers = {
  issnUrl: (journal) => issnUrl(journal.issn) ?? null,
  links: (journal) => externalLinks(journal),
  articles: (journal, { filter, sort, first, after }, { repo }) => repo.articles(filter, sort, { first, after }, { label: 'Journal', id: journal.id }),
};
