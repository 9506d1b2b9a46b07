import type { ArticleResolvers, AuthorshipResolvers } from '../generated/resolvers-types.ts';
import { checkRange } from '../../errors.ts';
import { MAX_PAGE_SIZE } from '../../db/Repository.ts';

/** Article fields beyond its own properties, each through a batching loader. */
export const Article: ArticleResolvers = {
  journal: (article, _args, { loaders }) => loaders.journal.load(article.id),
  authorships: (article, _args, { loaders }) => loaders.authorships.load(article.id),
  topics: (article, _args, { loaders }) => loaders.topics.load(article.id),
  topicLinks: (article, _args, { loaders }) => loaders.articleTopics.load(article.id),
  sources: (article, _args, { loaders }) => loaders.sources.load(article.id),
  relatedArticles: (article, { first }, { loaders }) => loaders.relatedArticles(checkRange('first', first, 0, MAX_PAGE_SIZE)).load(article.id),
};

/** Authorship.institutions: only the institutions the record marks for this author. */
export const Authorship: AuthorshipResolvers = {
  institutions: async (authorship, _args, { loaders }) => {
    const entities = await loaders.entity.loadMany(authorship.institutionIds);
    return entities.flatMap((entity) => (entity && !(entity instanceof Error) && entity.label === 'Institution' ? [entity.record] : []));
  },
};
