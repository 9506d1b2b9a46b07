import type { InstitutionResolvers } from '../generated/resolvers-types.ts';
import { checkRange } from '../../errors.ts';
import { MAX_PAGE_SIZE } from '../../db/Repository.ts';
import { externalLinks } from '../../identity/index.ts';

/** Institution relationship fields. */
export const Institution: InstitutionResolvers = {
  links: (institution) => externalLinks(institution),
  parent: async (institution, _args, { loaders }) => {
    if (!institution.parentId) return null;
    const entity = await loaders.entity.load(institution.parentId);
    return entity?.label === 'Institution' ? entity.record : null;
  },
  children: (institution, _args, { loaders }) => loaders.institutionChildren.load(institution.id),
  authors: (institution, _args, { loaders }) => loaders.institutionAuthors.load(institution.id),
  articles: (institution, { filter, sort, first, after }, { repo }) =>
    repo.articles(filter, sort, { first, after }, { label: 'Institution', id: institution.id }),
  collaborators: (institution, { first }, { loaders }) => loaders.collaborators(checkRange('first', first, 0, MAX_PAGE_SIZE)).load(institution.id),
};
