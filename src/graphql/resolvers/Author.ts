import type { AuthorResolvers } from '../generated/resolvers-types.ts';
import { checkRange } from '../../errors.ts';
import { MAX_PAGE_SIZE } from '../../db/Repository.ts';
import { externalLinks } from '../../identity/index.ts';

/** Author relationship fields. */
export const Author: AuthorResolvers = {
  links: (author) => externalLinks(author),
  articles: (author, { filter, sort, first, after }, { repo }) => repo.articles(filter, sort, { first, after }, { label: 'Author', id: author.id }),
  institutions: (author, _args, { loaders }) => loaders.authorInstitutions.load(author.id),
  coauthors: (author, { first }, { loaders }) => loaders.coauthors(checkRange('first', first, 0, MAX_PAGE_SIZE)).load(author.id),
  topics: (author, { first }, { loaders }) => loaders.authorTopics(checkRange('first', first, 0, MAX_PAGE_SIZE)).load(author.id),
};
