import type {
  AuthorshipEntity,
  InstitutionEntity,
  NormalizedArticle,
  RawRecord,
  TopicEntity,
} from "../model.ts";
import { buildHyphenationLexicon } from "./hyphenationLexicon.ts";
import { normalizeDoi, recordKey, topicKey } from "../../src/identity/index.ts";
import { parseAuthorName } from "./parseAuthorName.ts";
import { parseCitation } from "./parseCitation.ts";
import type { ReferenceData } from "./ReferenceData.ts";
import { repairHyphenation } from "./repairHyphenation.ts";
import { resolveInstitution, withParents } from "./resolveInstitution.ts";
import { resolveJournal } from "./resolveJournal.ts";
import { matchTopic, topicIndexFor } from "./topicIndex.ts";

/** A keyword the vocabulary does not know becomes a plain topic of its own. */
function keywordTopic(keyword: string): TopicEntity {
  return { key: topicKey({ name: keyword }), name: keyword, synonyms: [] };
}

/**
 * Turns a parsed record into the article the loader writes: keys, citation parts, authors with the
 * institutions their markers point at, topics from the vocabulary, curated journal/institutions.
 * Everything is either stated by the record or by the curated reference data; nothing is guessed.
 * Pure (no I/O); throws when the record is internally inconsistent.
 */
export function normalizeRecord(raw: RawRecord, reference: ReferenceData): NormalizedArticle {
  const lexicon = buildHyphenationLexicon(
    [raw.title, raw.abstract ?? "", ...raw.keywords],
    reference.vocabulary,
    reference.hyphenationRepairs,
  );
  const repair = (text: string) => repairHyphenation(text, lexicon);

  const title = repair(raw.title);
  const keywords = raw.keywords.map(repair);
  const citation = raw.from ? parseCitation(raw.from.citation) : undefined;
  if (raw.from && !citation) {
    throw new Error(`${raw.file}:${raw.from.at.line}: field "From": unreadable citation "${raw.from.citation}"`);
  }
  const journal = raw.from ? resolveJournal(raw.from.journal, reference.journals) : undefined;
  const doi = raw.doi ? normalizeDoi(raw.doi) : undefined;

  const article: NormalizedArticle = {
    key: doi?.key ?? recordKey(raw.title, raw.from?.journal, citation?.year),
    sourceFile: raw.file,
    title,
    keywords,
    authorships: [],
    institutions: [],
    topics: [],
  };
  if (doi) article.doi = doi.doi;
  if (raw.vernacularTitle) article.vernacularTitle = raw.vernacularTitle;
  if (raw.abstract) article.abstract = repair(raw.abstract);
  if (raw.language) article.language = raw.language;
  if (raw.country) article.country = raw.country;
  if (citation) {
    article.year = citation.year;
    if (citation.volume !== undefined) article.volume = citation.volume;
    if (citation.issue !== undefined) article.issue = citation.issue;
    if (citation.firstPage !== undefined) article.firstPage = citation.firstPage;
    if (citation.lastPage !== undefined) article.lastPage = citation.lastPage;
  }
  if (journal) article.journal = journal;

  // Authors -> the institutions their markers point at (and only those).
  const institutionByMarker = new Map<string, { text: string; institution: InstitutionEntity }>();
  for (const aff of raw.affiliations) {
    institutionByMarker.set(aff.marker, { text: aff.text, institution: resolveInstitution(aff.text, reference.institutions) });
  }
  const linked: InstitutionEntity[] = [];
  article.authorships = raw.authors.map((author, i): AuthorshipEntity => {
    const marked = author.markers.map((marker) => {
      const hit = institutionByMarker.get(marker);
      if (!hit) {
        throw new Error(`${raw.file}:${author.at.line}: field "Author": author "${author.name}" uses unknown affiliation marker "${marker}"`);
      }
      return hit;
    });
    const institutionKeys = [...new Set(marked.map((m) => m.institution.key))];
    linked.push(...marked.map((m) => m.institution));
    const authorship: AuthorshipEntity = {
      position: i + 1,
      author: parseAuthorName(author.name),
      institutionKeys,
      markers: [...author.markers],
    };
    if (marked.length > 0) authorship.rawAffiliation = marked.map((m) => m.text).join("; ");
    return authorship;
  });
  article.institutions = withParents(linked, reference.institutions);

  // Keywords -> topics, in keyword order, duplicates removed.
  const index = topicIndexFor(reference);
  const topics = new Map<string, TopicEntity>();
  for (const keyword of keywords) {
    const known = matchTopic(keyword, index);
    const topic = known ? { ...known, synonyms: [...known.synonyms] } : keywordTopic(keyword);
    if (!topics.has(topic.key)) topics.set(topic.key, topic);
  }
  article.topics = [...topics.values()];
  return article;
}
