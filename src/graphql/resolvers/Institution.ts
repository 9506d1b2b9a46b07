import type { InstitutionResolvers } from '../generated/resolvers-types.ts';
import type { AuthorRecord, CollaborationRecord, InstitutionRecord } from '../../db/index.ts';
import { externalLinks, rorUrl } from '../../identity/index.ts';

/** Institution relationship fields, through the repository. */
export const Institution: InstitutionResolvers = {
  rorUrl: (institution) => rorUrl(institution.ror) ?? null,
  links: (institution) => externalLinks(institution),
  parent: (institution, _args, { repo }, info) => repo.nested.institutionParent(institution, info),
  children: (institution, args, { repo }, info) =>
    repo.nested.relation<InstitutionRecord[]>('Institution', 'children', institution, args, info),
  authors: (institution, args, { repo }, info) =>
    repo.nested.relation<AuthorRecord[]>('Institution', 'authors', institution, args, info),
  articles: (institution, args, { repo }, info) => repo.nested.articlesOf('Institution', institution, args, info),
  collaborators: (institution, args, { repo }, info) =>
    repo.nested.relation<CollaborationRecord[]>('Institution', 'collaborators', institution, args, info),
};
