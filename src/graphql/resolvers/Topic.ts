import type { TopicResolvers } from '../generated/resolvers-types.ts';
import { checkRange } from '../../errors.ts';
import { MAX_PAGE_SIZE } from '../../db/Repository.ts';
import { topicKindName } from '../../db/sourceRecords.ts';
import { splitGlobalId } from '../../identity/index.ts';

/** Topic relationship fields; broader, narrower and related share one batched link query. */
export const Topic: TopicResolvers = {
  kind: (topic) => topicKindName(splitGlobalId(topic.id)?.key ?? ''),
  broader: async (topic, _args, { loaders }) =>
    (await loaders.topicLinks.load(topic.id)).filter((link) => link.relation === 'BROADER' && link.outgoing).map((link) => link.topic),
  narrower: async (topic, _args, { loaders }) =>
    (await loaders.topicLinks.load(topic.id)).filter((link) => link.relation === 'BROADER' && !link.outgoing).map((link) => link.topic),
  related: async (topic, _args, { loaders }) => (await loaders.topicLinks.load(topic.id)).filter((link) => link.relation !== 'BROADER'),
  articles: (topic, { filter, sort, first, after }, { repo }) => repo.articles(filter, sort, { first, after }, { label: 'Topic', id: topic.id }),
  coOccurring: (topic, { first, rollUp }, { loaders }) => loaders.coOccurring(checkRange('first', first, 0, MAX_PAGE_SIZE), rollUp).load(topic.id),
};
