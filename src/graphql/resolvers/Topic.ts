import type { TopicResolvers } from '../generated/resolvers-types.ts';
import { topicKindName, type TopicCountRecord, type TopicLinkRecord, type TopicRecord } from '../../db/index.ts';
import { externalLinks, meshUrl, splitGlobalId } from '../../identity/index.ts';

/** Topic relationship fields, through the repository; broader, narrower and related share the topic's links. */
export const Topic: TopicResolvers = {
  kind: (topic) => topicKindName(splitGlobalId(topic.id)?.key ?? ''),
  meshUrl: (topic) => meshUrl(topic.meshId) ?? null,
  links: (topic) => externalLinks(topic),
  broader: (topic, _args, { repo }, info) =>
    repo.nested.topicLinks(topic, 'broader', info) as TopicRecord[] | Promise<TopicRecord[]>,
  narrower: (topic, _args, { repo }, info) =>
    repo.nested.topicLinks(topic, 'narrower', info) as TopicRecord[] | Promise<TopicRecord[]>,
  related: (topic, _args, { repo }, info) =>
    repo.nested.topicLinks(topic, 'related', info) as TopicLinkRecord[] | Promise<TopicLinkRecord[]>,
  articles: (topic, args, { repo }, info) => repo.nested.articlesOf('Topic', topic, args, info),
  coOccurring: (topic, args, { repo }, info) =>
    repo.nested.relation<TopicCountRecord[]>('Topic', 'coOccurring', topic, args, info),
};
