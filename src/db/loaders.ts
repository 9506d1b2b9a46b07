import DataLoader from 'dataloader';
import type { Database } from './Database.ts';
import type {
  ArticleSourceRecord,
  ArticleTopicRecord,
  AuthorRecord,
  AuthorshipRecord,
  CoauthorRecord,
  CollaborationRecord,
  EntityRecord,
  InstitutionRecord,
  JournalRecord,
  RelatedArticleRecord,
  TopicCountRecord,
  TopicLinkRecord,
  TopicRecord,
} from './records.ts';
import { fetchEntitiesById } from './entityQueries.ts';
import {
  fetchAuthorshipsByArticle,
  fetchJournalByArticle,
  fetchRelatedArticles,
  fetchSourcesByArticle,
  fetchTopicLinksByArticle,
  fetchTopicsByArticle,
} from './articleQueries.ts';
import {
  AUTHOR_INSTITUTIONS,
  AUTHOR_TOPICS,
  COAUTHORS,
  fetchRelated,
  INSTITUTION_AUTHORS,
  INSTITUTION_CHILDREN,
  INSTITUTION_COLLABORATORS,
  TOPIC_CO_OCCURRENCE,
  TOPIC_CO_OCCURRENCE_ROLLED_UP,
  TOPIC_LINKS,
} from './relationQueries.ts';

/**
 * Per-request DataLoaders: every field resolved for many parents in one tick becomes one Cypher
 * round trip (UNWIND over the parent ids). Loaders whose answer depends on an argument (`first`)
 * are kept per argument value.
 */
export interface Loaders {
  entity: DataLoader<string, EntityRecord | null>;
  authorships: DataLoader<string, AuthorshipRecord[]>;
  journal: DataLoader<string, JournalRecord | null>;
  topics: DataLoader<string, TopicRecord[]>;
  articleTopics: DataLoader<string, ArticleTopicRecord[]>;
  sources: DataLoader<string, ArticleSourceRecord[]>;
  topicLinks: DataLoader<string, TopicLinkRecord[]>;
  authorInstitutions: DataLoader<string, InstitutionRecord[]>;
  institutionAuthors: DataLoader<string, AuthorRecord[]>;
  institutionChildren: DataLoader<string, InstitutionRecord[]>;
  relatedArticles(first: number): DataLoader<string, RelatedArticleRecord[]>;
  coauthors(first: number): DataLoader<string, CoauthorRecord[]>;
  authorTopics(first: number): DataLoader<string, TopicCountRecord[]>;
  collaborators(first: number): DataLoader<string, CollaborationRecord[]>;
  coOccurring(first: number, rollUp: boolean): DataLoader<string, TopicCountRecord[]>;
}

function mapLoader<V>(fetch: (ids: readonly string[]) => Promise<Map<string, V>>, missing: V): DataLoader<string, V> {
  return new DataLoader<string, V>(
    async (ids) => {
      const found = await fetch(ids);
      return ids.map((id) => found.get(id) ?? missing);
    },
    { maxBatchSize: 1000 },
  );
}

function perArgument<V>(make: (arg: string) => DataLoader<string, V>): (arg: string) => DataLoader<string, V> {
  const byArg = new Map<string, DataLoader<string, V>>();
  return (arg) => {
    let loader = byArg.get(arg);
    if (!loader) {
      loader = make(arg);
      byArg.set(arg, loader);
    }
    return loader;
  };
}

/** Creates a fresh set of loaders for one request. */
export function createLoaders(db: Database): Loaders {
  const related = <T>(cypher: string) =>
    perArgument((first) => mapLoader<T[]>((ids) => fetchRelated<T>(db, cypher, ids, Number(first)), []));
  const relatedArticles = perArgument((first) => mapLoader((ids) => fetchRelatedArticles(db, ids, Number(first)), [] as RelatedArticleRecord[]));
  const coauthors = related<CoauthorRecord>(COAUTHORS);
  const authorTopics = related<TopicCountRecord>(AUTHOR_TOPICS);
  const collaborators = related<CollaborationRecord>(INSTITUTION_COLLABORATORS);
  const coOccurring = related<TopicCountRecord>(TOPIC_CO_OCCURRENCE);
  const coOccurringRolledUp = related<TopicCountRecord>(TOPIC_CO_OCCURRENCE_ROLLED_UP);
  return {
    entity: mapLoader<EntityRecord | null>((ids) => fetchEntitiesById(db, ids), null),
    authorships: mapLoader((ids) => fetchAuthorshipsByArticle(db, ids), [] as AuthorshipRecord[]),
    journal: mapLoader<JournalRecord | null>((ids) => fetchJournalByArticle(db, ids), null),
    topics: mapLoader((ids) => fetchTopicsByArticle(db, ids), [] as TopicRecord[]),
    articleTopics: mapLoader((ids) => fetchTopicLinksByArticle(db, ids), [] as ArticleTopicRecord[]),
    sources: mapLoader((ids) => fetchSourcesByArticle(db, ids), [] as ArticleSourceRecord[]),
    topicLinks: mapLoader((ids) => fetchRelated<TopicLinkRecord>(db, TOPIC_LINKS, ids), [] as TopicLinkRecord[]),
    authorInstitutions: mapLoader((ids) => fetchRelated<InstitutionRecord>(db, AUTHOR_INSTITUTIONS, ids), [] as InstitutionRecord[]),
    institutionAuthors: mapLoader((ids) => fetchRelated<AuthorRecord>(db, INSTITUTION_AUTHORS, ids), [] as AuthorRecord[]),
    institutionChildren: mapLoader((ids) => fetchRelated<InstitutionRecord>(db, INSTITUTION_CHILDREN, ids), [] as InstitutionRecord[]),
    relatedArticles: (first) => relatedArticles(String(first)),
    coauthors: (first) => coauthors(String(first)),
    authorTopics: (first) => authorTopics(String(first)),
    collaborators: (first) => collaborators(String(first)),
    coOccurring: (first, rollUp) => (rollUp ? coOccurringRolledUp : coOccurring)(String(first)),
  };
}
