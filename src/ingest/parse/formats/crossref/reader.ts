import type { SourceAffiliation, SourceAuthor, SourceJournal, SourceRecord, SourceReference } from '../../../model.ts';
import {
  type JsonObject,
  numberAt,
  objectAt,
  objectsAt,
  textAt,
  textOrNumberAt,
  textsAt,
} from '../../common/jsonFields.ts';
import { type JsonRecordAt, jsonKeysIn, jsonReader, looksLikeJson } from '../../common/jsonReader.ts';
import { hasMarkup, markupToText } from '../../common/markupText.ts';
import { displayName } from '../../common/personName.ts';
import { FieldError } from '../../common/problems.ts';
import { cleanDoi, issnType, parsePages, parseYear } from '../../common/values.ts';
import { newRecord } from '../../common/newRecord.ts';

/**
 * Crossref work JSON from the REST API: `{"status": "ok", "message-type": "work", "message": {...}}`,
 * a works query `{"message": {"items": [...]}}`, a bare work or an array of works. Fields per
 * Crossref's REST API work schema. Kept: DOI, title (inline markup removed), original title as the
 * vernacular title, authors with ORCID and affiliations (name and ROR), container title and short
 * title, typed ISSNs, publisher, year (print date first: it is the one citations use), volume,
 * issue, pages (or the article number), the JATS abstract as text, language, subjects, the
 * reference list, the cited-by count and type.
 * Not kept: funders, licenses, links, relations, assertions, update policies, dates other than
 * the year, the reference `key`s (internal labels), and Crossref's member/prefix.
 */

function detect(head: string): boolean {
  if (!looksLikeJson(head)) return false;
  const keys = jsonKeysIn(head);
  if (keys.has('message-type')) return /"message-type"\s*:\s*"work(?:-list)?"/.test(head);
  if (keys.has('authorships')) return false;
  const crossrefKeys = [
    'reference-count',
    'is-referenced-by-count',
    'short-container-title',
    'issn-type',
    'published-print',
    'deposited',
    'indexed',
    'member',
    'prefix',
    'content-domain',
  ];
  const hits = crossrefKeys.filter((k) => keys.has(k)).length;
  return keys.has('DOI') && (/"title"\s*:\s*\[/.test(head) || /"type"\s*:\s*"journal-article"/.test(head)) && hits >= 1;
}

/** The first year of a Crossref date (`{"date-parts": [[2021, 11, 5]]}`; `[[null]]` means no date). */
function yearOf(work: JsonObject, key: string): number | undefined {
  const date = objectAt(work, key, '');
  if (!date) return undefined;
  const parts = date['date-parts'];
  if (parts === undefined || parts === null) return undefined;
  if (!Array.isArray(parts) || (parts[0] !== undefined && !Array.isArray(parts[0]))) {
    throw new FieldError(`${key}.date-parts`, 'expected date parts like [[2021, 11, 5]]');
  }
  const y = (parts[0] as unknown[] | undefined)?.[0];
  if (y === undefined || y === null) return undefined;
  const year =
    typeof y === 'number' || typeof y === 'string' ? parseYear(typeof y === 'number' ? y : String(y)) : undefined;
  if (year === undefined)
    throw new FieldError(`${key}.date-parts[0][0]`, `expected a year, found ${JSON.stringify(y)}`);
  return year;
}

function affiliationOf(a: JsonObject, path: string): SourceAffiliation | undefined {
  const text = textAt(a, 'name', path);
  if (!text) return undefined;
  const aff: SourceAffiliation = { text };
  const ror = objectsAt(a, 'id', path).find(
    ({ value, path: p }) => textAt(value, 'id-type', p)?.toUpperCase() === 'ROR',
  );
  const rorId = ror ? textAt(ror.value, 'id', ror.path) : undefined;
  if (rorId) aff.ror = rorId;
  return aff;
}

function authorOf(a: JsonObject, path: string): SourceAuthor {
  const affiliations = objectsAt(a, 'affiliation', path)
    .map(({ value, path: p }) => affiliationOf(value, p))
    .filter((x): x is SourceAffiliation => x !== undefined);
  const organisation = textAt(a, 'name', path);
  const family = textAt(a, 'family', path);
  const given = textAt(a, 'given', path);
  let author: SourceAuthor;
  if (!family && !given && organisation) {
    author = { name: organisation, collective: true, affiliations };
  } else {
    const name = displayName({ given, family, suffix: textAt(a, 'suffix', path) });
    if (name === '') throw new FieldError(path, 'an author has neither family, given nor name');
    author = { name, affiliations };
    if (family) author.family = family;
    if (given) author.given = given;
  }
  const orcid = textAt(a, 'ORCID', path);
  if (orcid) author.orcid = orcid;
  return author;
}

function referenceOf(r: JsonObject, path: string): SourceReference | undefined {
  const ref: SourceReference = {};
  const doi = textAt(r, 'DOI', path);
  if (doi) ref.doi = cleanDoi(doi);
  const text = textAt(r, 'unstructured', path);
  if (text) ref.text = hasMarkup(text) ? markupToText(text) : text;
  const title = textAt(r, 'article-title', path) ?? textAt(r, 'volume-title', path);
  if (title) ref.title = title;
  const yearText = textOrNumberAt(r, 'year', path);
  const year = parseYear(yearText);
  if (year !== undefined) ref.year = year;
  const author = textAt(r, 'author', path);
  if (author) ref.firstAuthor = author;
  const journal = textAt(r, 'journal-title', path);
  if (journal) ref.journal = journal;
  // With author, year and journal, volume and first page make a reference without DOI or title a citable work (citedWorkKey).
  const volume = textOrNumberAt(r, 'volume', path);
  if (volume) ref.volume = volume;
  const firstPage = textOrNumberAt(r, 'first-page', path);
  if (firstPage) ref.firstPage = firstPage;
  return Object.keys(ref).length > 0 ? ref : undefined;
}

function convert(work: JsonObject, at: JsonRecordAt): SourceRecord {
  const rawTitle = textsAt(work, 'title', '')[0];
  const title = rawTitle && hasMarkup(rawTitle) ? markupToText(rawTitle) : rawTitle;
  if (!title) throw new FieldError('title', 'the work has no title');
  const record = newRecord('crossref', at.file, at.index, at.line, title);

  const doi = textAt(work, 'DOI', '');
  if (doi) record.doi = cleanDoi(doi);
  const original = textsAt(work, 'original-title', '')[0];
  if (original) record.vernacularTitle = hasMarkup(original) ? markupToText(original) : original;

  for (const { value, path } of objectsAt(work, 'author', '')) record.authors.push(authorOf(value, path));

  const journal: SourceJournal = { issns: [] };
  const container = textsAt(work, 'container-title', '')[0];
  if (container) journal.title = container;
  const short = textsAt(work, 'short-container-title', '')[0];
  if (short) journal.abbreviation = short;
  const typed = objectsAt(work, 'issn-type', '');
  for (const { value, path } of typed) {
    const v = textAt(value, 'value', path);
    const type = issnType(textAt(value, 'type', path));
    if (v) journal.issns.push(type ? { value: v, type } : { value: v });
  }
  for (const issn of textsAt(work, 'ISSN', '')) {
    if (!journal.issns.some((i) => i.value === issn)) journal.issns.push({ value: issn });
  }
  const publisher = textAt(work, 'publisher', '');
  if (publisher) journal.publisher = publisher;
  if (journal.title || journal.abbreviation || journal.issns.length > 0) record.journal = journal;

  const year =
    yearOf(work, 'published-print') ??
    yearOf(work, 'issued') ??
    yearOf(work, 'published') ??
    yearOf(work, 'published-online');
  if (year !== undefined) record.year = year;
  const volume = textOrNumberAt(work, 'volume', '');
  if (volume) record.volume = volume;
  const issue = textOrNumberAt(work, 'issue', '');
  if (issue) record.issue = issue;
  const page = textOrNumberAt(work, 'page', '');
  if (page) Object.assign(record, parsePages(page));
  else {
    const articleNumber = textAt(work, 'article-number', '');
    if (articleNumber) record.firstPage = articleNumber;
  }

  const abstract = textAt(work, 'abstract', '');
  if (abstract) {
    const text = markupToText(abstract);
    if (text) record.abstract = text;
  }
  const language = textAt(work, 'language', '');
  if (language) record.language = language;
  for (const s of textsAt(work, 'subject', '')) record.subjects.push({ kind: 'keyword', term: s });
  const type = textAt(work, 'type', '');
  if (type) record.publicationTypes = [type];

  for (const { value, path } of objectsAt(work, 'reference', '')) {
    const ref = referenceOf(value, path);
    if (ref) record.references.push(ref);
  }
  const cited = numberAt(work, 'is-referenced-by-count', '');
  if (cited !== undefined) record.citedByCount = cited;
  return record;
}

/** The Crossref works reader. */
export const crossrefReader = jsonReader({ format: 'crossref', extensions: ['json'], detect, convert });
