import type { ArticleResolvers, AuthorshipResolvers } from '../generated/resolvers-types.ts';
import type {
  AuthorshipRecord,
  InstitutionRecord,
  JournalRecord,
  RelatedArticleRecord,
  TopicRecord,
} from '../../db/index.ts';
import { doiUrl, externalLinks, openAlexUrl, pmcUrl, pubmedUrl } from '../../identity/index.ts';

/** Article relations: the repository answers from the article's own statement or a batched loader. */
export const Article: ArticleResolvers = {
  doiUrl: (article) => doiUrl(article.doi) ?? null,
  pmidUrl: (article) => pubmedUrl(article.pmid) ?? null,
  pmcidUrl: (article) => pmcUrl(article.pmcid) ?? null,
  openalexUrl: (article) => openAlexUrl(article.openalexId) ?? null,
  links: (article) => externalLinks(article),
  journal: (article, _args, { repo }, info) =>
    repo.nested.articleRelation(article, 'journal', info) as JournalRecord | null | Promise<JournalRecord | null>,
  authorships: (article, _args, { repo }, info) =>
    repo.nested.articleRelation(article, 'authorships', info) as AuthorshipRecord[] | Promise<AuthorshipRecord[]>,
  topics: (article, _args, { repo }, info) =>
    repo.nested.articleRelation(article, 'topics', info) as TopicRecord[] | Promise<TopicRecord[]>,
  topicLinks: (article, _args, { repo }) => repo.nested.articleTopicLinks(article),
  sources: (article, _args, { repo }) => repo.nested.articleSources(article),
  relatedArticles: (article, args, { repo }, info) =>
    repo.nested.relation<RelatedArticleRecord[]>('Article', 'relatedArticles', article, args, info),
};

/** Authorship.institutions: only the institutions the record marks for this author. */
export const Authorship: AuthorshipResolvers = {
  institutions: (authorship, _args, { repo }, info): InstitutionRecord[] =>
    repo.nested.authorshipInstitutions(authorship, info),
};
