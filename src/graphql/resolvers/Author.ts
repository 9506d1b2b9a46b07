import type { AuthorResolvers } from '../generated/resolvers-types.ts';
import type { CoauthorRecord, InstitutionRecord, TopicCountRecord } from '../../db/index.ts';
import { externalLinks, orcidUrl } from '../../identity/index.ts';

/** Author relationship fields, through the repository. */
export const Author: AuthorResolvers = {
  orcidUrl: (author) => orcidUrl(author.orcid) ?? null,
  links: (author) => externalLinks(author),
  articles: (author, args, { repo }, info) => repo.nested.articlesOf('Author', author, args, info),
  institutions: (author, args, { repo }, info) =>
    repo.nested.relation<InstitutionRecord[]>('Author', 'institutions', author, args, info),
  coauthors: (author, args, { repo }, info) =>
    repo.nested.relation<CoauthorRecord[]>('Author', 'coauthors', author, args, info),
  topics: (author, args, { repo }, info) =>
    repo.nested.relation<TopicCountRecord[]>('Author', 'topics', author, args, info),
};
