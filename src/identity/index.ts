/**
 * Identity: every rule that turns what a source states into an id (DOI and other identifier
 * normalization, entity keys, global ids, alias lookup values) lives here, and both the loader and
 * the API import it from here, so an id written by one is always the id the other looks up.
 */
export { aliasValue } from './aliasValue.ts';
export { normalizeKeyText } from './normalizeKeyText.ts';
export { shortHash } from './shortHash.ts';
export { slugify } from './slugify.ts';
export { normalizeDoi, normalizeShortDoi } from './normalizeDoi.ts';
export {
  normalizeIssn,
  normalizeMeshQualifierUi,
  normalizeMeshUi,
  normalizeOpenAlexId,
  normalizeOrcid,
  normalizePmcid,
  normalizePmid,
  normalizeRor,
} from './identifiers.ts';
export {
  articleKey,
  authorKey,
  citedAuthorKey,
  CITED_WORK_SCHEME,
  citedWorkKey,
  institutionKey,
  journalKey,
  recordKey,
  topicKey,
  topicKindOfKey,
  type CitedWorkParts,
  type TopicKind,
} from './keys.ts';
export {
  articleIdentifierKeys,
  importKey,
  journalIdentifierKeys,
  sourceKey,
  strongestArticleId,
} from './identifierKeys.ts';
export { canonicalGlobalId, ENTITY_LABELS, entityId, splitGlobalId, type EntityLabel } from './globalId.ts';
export {
  doiUrl,
  externalLinks,
  issnUrl,
  LINK_KINDS,
  LINK_LABELS,
  meshUrl,
  openAlexUrl,
  orcidUrl,
  pmcUrl,
  pubmedUrl,
  rorUrl,
  type ExternalLink,
  type LinkableIdentifiers,
  type LinkKind,
} from './links.ts';
