import type {
  ArticleTopic,
  AuthorEntity,
  AuthorshipEntity,
  InstitutionEntity,
  NormalizedArticle,
  QualifierEntity,
  RecordProblem,
  SourceRecord,
  SourceSubject,
  TopicEntity,
} from '../model.ts';
import {
  articleKey,
  authorKey,
  normalizeDoi,
  normalizeMeshQualifierUi,
  normalizeOpenAlexId,
  normalizeOrcid,
  normalizePmcid,
  normalizePmid,
  recordKey,
  topicKey,
} from '../../identity/index.ts';
import { checkLimits } from './checkLimits.ts';
import { withoutControlCharacters } from './controlCharacters.ts';
import { buildHyphenationLexicon } from './hyphenationLexicon.ts';
import type { ReferenceData } from './ReferenceData.ts';
import { repairHyphenation } from './repairHyphenation.ts';
import { resolveAffiliation, withParents } from './resolveInstitution.ts';
import { resolveJournal } from './resolveJournal.ts';
import { topicForMeshUi, topicForTerm } from './topicLookup.ts';
import { parseMeshHeading } from '../parse/common/meshHeading.ts';
import { shortDoiAccession } from '../parse/common/values.ts';

/** Why a record read cleanly is still kept out (a field over its limit, a missing title): the problem names file, line and field. */
export class RecordRejectedError extends Error {
  constructor(readonly problem: RecordProblem) {
    super(
      `${problem.file}${problem.line !== undefined ? `:${problem.line}` : ''}: field "${problem.field}": ${problem.reason}`,
    );
    this.name = 'RecordRejectedError';
  }
}

/** Formats whose text is scraped page text with line-break hyphenation left in it. */
const NEEDS_HYPHENATION_REPAIR = new Set(['wprim']);

/** A keyword the reference data does not know becomes a plain (uncontrolled) keyword topic. */
function keywordTopic(keyword: string): TopicEntity {
  return { key: topicKey({ name: keyword }), name: keyword, synonyms: [] };
}

function topicOf(subject: SourceSubject, term: string, reference: ReferenceData): TopicEntity {
  if (subject.kind === 'mesh' && subject.meshId) {
    const byUi = topicForMeshUi(subject.meshId, term, reference);
    if (byUi) return byUi;
  }
  return topicForTerm(term, reference) ?? keywordTopic(term);
}

/** A qualifier as MEDLINE prints it: lower case (`epidemiology`, `prevention & control`), `*` when major. */
const PRINTED_QUALIFIER = /^\*?[a-z][a-z ,&-]*$/;

/**
 * A keyword printed the way MEDLINE prints a MeSH heading (`Gambling/*epidemiology/*psychology`,
 * `*Gambling`), as PubMed's exports through reference managers write MeSH headings into RIS `KW`
 * and BibTeX `keywords`, is that heading, with its qualifiers and major flags, read as MEDLINE's MH
 * is: when it has qualifiers in MEDLINE's lower-case form (geographic headings such as
 * `Australia/epidemiology` included, which the bundled descriptor list lacks), or when its
 * descriptor names a MeSH descriptor. Otherwise a leading `*` (a database's major descriptor: ERIC,
 * PsycInfo) is its major flag and the rest is the keyword. `HIV/AIDS` (an upper-case part is no
 * qualifier) stays as printed.
 */
function keywordAsHeading(subject: SourceSubject, reference: ReferenceData): SourceSubject {
  const printed = subject.term.trim();
  const [head = '', ...rest] = printed.split('/');
  if (rest.length > 0) return rest.every((q) => PRINTED_QUALIFIER.test(q.trim())) ? parseMeshHeading(printed) : subject;
  if (!head.startsWith('*')) return subject;
  const heading = parseMeshHeading(printed);
  if (topicForTerm(heading.term, reference)?.meshId) return heading;
  return { ...subject, term: heading.term, major: true };
}

function qualifiersOf(subject: SourceSubject): QualifierEntity[] {
  return (subject.qualifiers ?? []).map((q) => {
    const out: QualifierEntity = { name: q.name.trim() };
    const ui = q.ui ? normalizeMeshQualifierUi(q.ui) : undefined;
    if (ui) out.ui = ui;
    if (q.major !== undefined) out.major = q.major;
    return out;
  });
}

/**
 * Turns what one record of any format states into the article the loader writes for that source:
 * identity keys, journal/institutions/topics resolved against the reference data, authors with the
 * institutions of their own affiliations (and only those). Everything is either stated by the record
 * or by curated reference data; nothing is guessed, and identifiers that fail their check are left
 * out, but for a shortDOI in the DOI field, kept as an accession. WPRIM text gets its line-break
 * hyphenation repaired here. Pure (no I/O); throws RecordRejectedError for a record beyond the size
 * limits or without a title.
 */
export function normalizeSource(source: SourceRecord, reference: ReferenceData): NormalizedArticle {
  // Every text the record states, stored and served, is free of control characters (see controlCharacters.ts).
  const record = withoutControlCharacters(source);
  const { origin } = record;
  if (record.title.trim() === '') {
    throw new RecordRejectedError({
      file: origin.file,
      index: origin.index,
      ...(origin.line !== undefined ? { line: origin.line } : {}),
      field: 'title',
      reason: 'missing: every record needs a title',
    });
  }
  const overLimit = checkLimits(record);
  if (overLimit) throw new RecordRejectedError(overLimit);

  const keywordSubjects = record.subjects.filter((s) => s.kind === 'keyword');
  let repair = (text: string) => text;
  if (NEEDS_HYPHENATION_REPAIR.has(origin.format)) {
    const lexicon = buildHyphenationLexicon(
      [record.title, record.abstract ?? '', ...keywordSubjects.map((s) => s.term)],
      reference.vocabulary,
      reference.hyphenationRepairs,
    );
    repair = (text: string) => repairHyphenation(text, lexicon);
  }

  const doi = record.doi ? normalizeDoi(record.doi) : undefined;
  // A shortDOI in the DOI field (`10/fqd6hj`) is no DOI and says which DOI it stands for only to
  // doi.org: it is kept as the source's `shortdoi` accession, neither dropped nor taken for a DOI.
  const shortDoi = record.doi && !doi ? shortDoiAccession(record.doi) : undefined;
  const pmid = record.pmid ? normalizePmid(record.pmid) : undefined;
  const pmcid = record.pmcid ? normalizePmcid(record.pmcid) : undefined;
  const openalexId = record.openalexId ? normalizeOpenAlexId(record.openalexId, 'W') : undefined;
  const article: NormalizedArticle = {
    key: articleKey({
      doi: doi?.doi,
      pmid,
      pmcid,
      title: record.title,
      journal: record.journal?.title,
      year: record.year,
    }),
    recordKey: recordKey(record.title, record.journal?.title, record.year),
    origin: { ...origin },
    title: repair(record.title.trim()),
    keywords: [],
    authorships: [],
    institutions: [],
    topics: [],
  };
  if (doi) article.doi = doi.doi;
  if (pmid) article.pmid = pmid;
  if (pmcid) article.pmcid = pmcid;
  if (openalexId) article.openalexId = openalexId;
  if (record.vernacularTitle?.trim()) article.vernacularTitle = record.vernacularTitle.trim();
  if (record.abstract?.trim()) article.abstract = repair(record.abstract.trim());
  if (record.language?.trim()) article.language = record.language.trim();
  if (record.country?.trim()) article.country = record.country.trim();
  if (record.year !== undefined) article.year = record.year;
  if (record.volume?.trim()) article.volume = record.volume.trim();
  if (record.issue?.trim()) article.issue = record.issue.trim();
  if (record.firstPage?.trim()) article.firstPage = record.firstPage.trim();
  if (record.lastPage?.trim()) article.lastPage = record.lastPage.trim();
  if (record.publicationTypes?.length) article.publicationTypes = [...record.publicationTypes];
  if (record.citedByCount !== undefined) article.citedByCount = record.citedByCount;
  const accessions = (record.accessions ?? []).map((a) => ({ ...a }));
  if (shortDoi && !accessions.some((a) => a.scheme === shortDoi.scheme && a.id === shortDoi.id))
    accessions.push(shortDoi);
  if (accessions.length > 0) article.accessions = accessions;
  if (record.funding?.length) article.funding = [...record.funding];
  if (record.citedAccessions?.length) article.citedAccessions = record.citedAccessions.map((a) => ({ ...a }));
  // Kept as text on the source only: which author (and so which institution link) they belong to is not stated.
  const unlinked = (record.affiliations ?? []).map((a) => a.text.trim()).filter((t) => t !== '');
  if (unlinked.length > 0) article.affiliations = unlinked;
  if (record.references.length > 0) article.references = record.references.map((r) => ({ ...r }));
  const journal = record.journal ? resolveJournal(record.journal, reference.journals) : undefined;
  if (journal) article.journal = journal;

  // Authors -> the institutions of their own affiliations (and only those).
  const linked: InstitutionEntity[] = [];
  article.authorships = record.authors.map((author, i): AuthorshipEntity => {
    const institutions = author.affiliations.map((a) => resolveAffiliation(a, reference.institutions));
    linked.push(...institutions);
    const authorship: AuthorshipEntity = {
      position: i + 1,
      author: authorEntity(author),
      institutionKeys: [...new Set(institutions.map((x) => x.key))],
      markers: author.affiliations.flatMap((a) => (a.marker ? [a.marker] : [])),
    };
    if (author.translatedName) authorship.translatedName = author.translatedName;
    if (author.affiliations.length > 0) {
      authorship.affiliations = author.affiliations.map((a) => a.text);
      authorship.rawAffiliation = authorship.affiliations.join('; ');
    }
    return authorship;
  });
  article.institutions = withParents(linked, reference.institutions);

  // Headings and keywords -> topics, in source order, duplicates joined.
  const topics = new Map<string, ArticleTopic>();
  for (const stated of record.subjects) {
    const subject = stated.kind === 'keyword' ? keywordAsHeading(stated, reference) : stated;
    const term = subject.kind === 'keyword' ? repair(subject.term.trim()) : subject.term.trim();
    if (term === '') continue;
    if (subject.kind === 'keyword') article.keywords.push(term);
    if (subject.kind === 'indexed') (article.indexedKeywords ??= []).push(term);
    const topic = topicOf(subject, term, reference);
    const existing = topics.get(topic.key);
    if (existing) {
      if (subject.major) existing.major = true;
      for (const q of qualifiersOf(subject))
        if (!existing.qualifiers?.some((e) => e.name === q.name)) (existing.qualifiers ??= []).push(q);
      continue;
    }
    const link: ArticleTopic = { ...topic, synonyms: [...topic.synonyms], term };
    if (subject.major !== undefined) link.major = subject.major;
    const qualifiers = qualifiersOf(subject);
    if (qualifiers.length > 0) link.qualifiers = qualifiers;
    topics.set(topic.key, link);
  }
  article.topics = [...topics.values()];
  return article;
}

/** The author entity (identity rules: ORCID when valid, else the name as printed). */
function authorEntity(author: SourceRecord['authors'][number]): AuthorEntity {
  const name = author.name.replace(/\s+/g, ' ').trim();
  const orcid = author.orcid ? normalizeOrcid(author.orcid) : undefined;
  const entity: AuthorEntity = { key: authorKey({ orcid, name }), name };
  if (author.family?.trim()) entity.familyName = author.family.trim();
  if (author.given?.trim()) entity.givenName = author.given.trim();
  if (orcid) entity.orcid = orcid;
  if (author.collective) entity.collective = true;
  return entity;
}
