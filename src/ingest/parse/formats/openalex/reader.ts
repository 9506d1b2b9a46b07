import type { SourceAffiliation, SourceAuthor, SourceJournal, SourceRecord, SourceSubject } from '../../../model.ts';
import {
  arrayAt,
  booleanAt,
  type JsonObject,
  numberAt,
  objectAt,
  objectsAt,
  pathOf,
  textAt,
  textOrNumberAt,
  textsAt,
} from '../../common/jsonFields.ts';
import { type JsonRecordAt, jsonKeysIn, jsonReader, looksLikeJson } from '../../common/jsonReader.ts';
import { FieldError } from '../../common/problems.ts';
import { cleanDoi, cleanOpenAlexWorkId, cleanPmcid, cleanPmid, parseYear } from '../../common/values.ts';
import { newRecord } from '../../common/newRecord.ts';

/**
 * OpenAlex work objects: one work, a JSON array of works, an API list response (`{"meta": ...,
 * "results": [...]}`) or the JSON Lines of the works snapshot. Fields per the OpenAlex Work object
 * documentation. Kept: ids, title, year, language, type, authorships (author name and ORCID, raw
 * affiliation strings linked to their institutions with ROR and country), the primary location's
 * source (or the older `host_venue`) with ISSN-L and ISSNs, biblio, MeSH (grouped per descriptor
 * with qualifiers and major flags), topics/keywords/concepts (as OpenAlex subjects with their
 * scores), the abstract rebuilt from `abstract_inverted_index`, referenced works, cited-by count.
 * Not kept: OpenAlex author and institution ids (no place for them; ORCID and ROR are the
 * identities), open-access status, locations other than the primary one, counts by year, related
 * works, grants, APCs, and OpenAlex's author positions (the array order is the byline order).
 */

/**
 * An OpenAlex work has OpenAlex's structure: `authorships`, `abstract_inverted_index`, or
 * `display_name` / `referenced_works` beside `publication_year`. An OpenAlex id alone is not enough:
 * tools built on OpenAlex write CSL-JSON whose item ids are OpenAlex URLs.
 */
function detect(head: string): boolean {
  if (!looksLikeJson(head)) return false;
  const keys = jsonKeysIn(head);
  return (
    keys.has('authorships') ||
    keys.has('abstract_inverted_index') ||
    ((keys.has('referenced_works') || keys.has('display_name')) && keys.has('publication_year'))
  );
}

/** Rebuilds the abstract from OpenAlex's inverted index (word -> positions), in word order. */
function abstractFrom(index: JsonObject, path: string): string | undefined {
  const words: string[] = [];
  let count = 0;
  for (const [word, positions] of Object.entries(index)) {
    if (!Array.isArray(positions)) throw new FieldError(pathOf(path, word), 'expected an array of word positions');
    for (const p of positions) {
      if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 1_000_000) {
        throw new FieldError(pathOf(path, word), `expected word positions (whole numbers), found ${JSON.stringify(p)}`);
      }
      if (words[p] === undefined) count++;
      words[p] = word;
    }
  }
  if (count === 0) return undefined;
  // Positions with no word (gaps in the index) are skipped rather than printed as blanks.
  return words.filter((w) => w !== undefined).join(' ');
}

interface Institution {
  id?: string;
  name?: string;
  ror?: string;
  countryCode?: string;
}

function institutionOf(o: JsonObject, path: string): Institution {
  const out: Institution = {};
  const id = textAt(o, 'id', path);
  if (id) out.id = id;
  const name = textAt(o, 'display_name', path);
  if (name) out.name = name;
  const ror = textAt(o, 'ror', path);
  if (ror) out.ror = ror;
  const cc = textAt(o, 'country_code', path);
  if (cc) out.countryCode = cc;
  return out;
}

function affiliation(text: string, inst: Institution | undefined): SourceAffiliation {
  const aff: SourceAffiliation = { text };
  if (inst?.ror) aff.ror = inst.ror;
  if (inst?.name) aff.institutionName = inst.name;
  if (inst?.countryCode) aff.countryCode = inst.countryCode;
  return aff;
}

/**
 * An authorship's affiliations. Newer records link each raw affiliation string to its institutions
 * (`affiliations[].institution_ids`): one SourceAffiliation per (string, institution), so a string
 * naming two institutions gives both. Older records only list both sides: with one raw string all
 * institutions are its; with several, which is whose is not stated, so the strings are kept as text
 * and the institutions as institutions of their own name.
 */
function affiliationsOf(a: JsonObject, path: string): SourceAffiliation[] {
  const institutions = objectsAt(a, 'institutions', path).map(({ value, path: p }) => institutionOf(value, p));
  const byId = new Map(institutions.filter((i) => i.id).map((i) => [i.id as string, i]));
  const out: SourceAffiliation[] = [];
  const used = new Set<Institution>();
  const linked = objectsAt(a, 'affiliations', path);
  if (linked.length > 0) {
    for (const { value, path: p } of linked) {
      const text = textAt(value, 'raw_affiliation_string', p);
      if (!text) continue;
      const insts = textsAt(value, 'institution_ids', p)
        .map((id) => byId.get(id))
        .filter((i): i is Institution => i !== undefined);
      if (insts.length === 0) out.push({ text });
      for (const inst of insts) {
        used.add(inst);
        out.push(affiliation(text, inst));
      }
    }
  } else {
    const raw = textsAt(a, 'raw_affiliation_strings', path);
    const single = raw.length === 1 ? raw[0] : undefined;
    if (single !== undefined && institutions.length > 0) {
      for (const inst of institutions) {
        used.add(inst);
        out.push(affiliation(single, inst));
      }
    } else {
      for (const text of raw) out.push({ text });
    }
  }
  for (const inst of institutions) {
    if (!used.has(inst) && inst.name) out.push(affiliation(inst.name, inst));
  }
  return out;
}

function authorOf(a: JsonObject, path: string): SourceAuthor {
  const author = objectAt(a, 'author', path);
  const authorPath = pathOf(path, 'author');
  const name = (author ? textAt(author, 'display_name', authorPath) : undefined) ?? textAt(a, 'raw_author_name', path);
  if (!name)
    throw new FieldError(authorPath, 'the authorship has no author name (author.display_name or raw_author_name)');
  const out: SourceAuthor = { name, affiliations: affiliationsOf(a, path) };
  const orcid = author ? textAt(author, 'orcid', authorPath) : undefined;
  if (orcid) out.orcid = orcid;
  return out;
}

/** OpenAlex lists MeSH one row per descriptor-qualifier pair; they are grouped per descriptor in first-seen order. */
function meshOf(work: JsonObject): SourceSubject[] {
  const byDescriptor = new Map<string, SourceSubject>();
  for (const { value, path } of objectsAt(work, 'mesh', '')) {
    const name = textAt(value, 'descriptor_name', path);
    const ui = textAt(value, 'descriptor_ui', path);
    if (!name) throw new FieldError(pathOf(path, 'descriptor_name'), 'a MeSH entry has no descriptor name');
    const key = ui ?? name;
    let subject = byDescriptor.get(key);
    if (!subject) {
      subject = { kind: 'mesh', term: name };
      if (ui) subject.meshId = ui;
      byDescriptor.set(key, subject);
    }
    const major = booleanAt(value, 'is_major_topic', path);
    const qName = textAt(value, 'qualifier_name', path);
    if (qName) {
      const q: { name: string; ui?: string; major?: boolean } = { name: qName };
      const qUi = textAt(value, 'qualifier_ui', path);
      if (qUi) q.ui = qUi;
      if (major !== undefined) q.major = major;
      (subject.qualifiers ??= []).push(q);
    } else if (major !== undefined) {
      subject.major = major;
    }
  }
  return [...byDescriptor.values()];
}

function openAlexSubjects(work: JsonObject): SourceSubject[] {
  const out: SourceSubject[] = [];
  const seen = new Set<string>();
  const add = (o: JsonObject, path: string) => {
    const term = textAt(o, 'display_name', path);
    if (!term || seen.has(term.toLowerCase())) return;
    seen.add(term.toLowerCase());
    const s: SourceSubject = { kind: 'openalex', term };
    const score = numberAt(o, 'score', path);
    if (score !== undefined) s.score = score;
    out.push(s);
  };
  const topics = objectsAt(work, 'topics', '');
  if (topics.length > 0) for (const t of topics) add(t.value, t.path);
  else {
    const primary = objectAt(work, 'primary_topic', '');
    if (primary) add(primary, 'primary_topic');
  }
  for (const k of objectsAt(work, 'keywords', '')) add(k.value, k.path);
  for (const c of objectsAt(work, 'concepts', '')) add(c.value, c.path);
  return out;
}

function journalOf(work: JsonObject): SourceJournal | undefined {
  const location = objectAt(work, 'primary_location', '');
  const source = location ? objectAt(location, 'source', 'primary_location') : undefined;
  const hostVenue = source ? undefined : objectAt(work, 'host_venue', '');
  const s = source ?? hostVenue;
  if (!s) return undefined;
  const path = source ? 'primary_location.source' : 'host_venue';
  const journal: SourceJournal = { issns: [] };
  const title = textAt(s, 'display_name', path);
  if (title) journal.title = title;
  const abbreviation = textAt(s, 'abbreviated_title', path);
  if (abbreviation) journal.abbreviation = abbreviation;
  const linking = textAt(s, 'issn_l', path);
  if (linking) journal.issns.push({ value: linking, type: 'linking' });
  for (const issn of textsAt(s, 'issn', path)) journal.issns.push({ value: issn });
  const publisher = textAt(s, 'host_organization_name', path) ?? textAt(s, 'publisher', path);
  if (publisher) journal.publisher = publisher;
  return journal.title || journal.issns.length > 0 ? journal : undefined;
}

function convert(work: JsonObject, at: JsonRecordAt): SourceRecord {
  const title = textAt(work, 'title', '') ?? textAt(work, 'display_name', '');
  if (!title) throw new FieldError('title', 'the work has no title (title or display_name)');
  const record = newRecord('openalex', at.file, at.index, at.line, title);

  const ids = objectAt(work, 'ids', '');
  const id = textAt(work, 'id', '') ?? (ids ? textAt(ids, 'openalex', 'ids') : undefined);
  if (id) record.openalexId = cleanOpenAlexWorkId(id);
  const doi = textAt(work, 'doi', '') ?? (ids ? textAt(ids, 'doi', 'ids') : undefined);
  if (doi) record.doi = cleanDoi(doi);
  const pmid = ids ? textAt(ids, 'pmid', 'ids') : undefined;
  if (pmid) record.pmid = cleanPmid(pmid);
  const pmcid = ids ? textAt(ids, 'pmcid', 'ids') : undefined;
  if (pmcid) record.pmcid = cleanPmcid(pmcid);

  const year = numberAt(work, 'publication_year', '');
  if (year !== undefined) {
    const y = parseYear(year);
    if (y === undefined) throw new FieldError('publication_year', `expected a year, found ${year}`);
    record.year = y;
  } else {
    const date = textAt(work, 'publication_date', '');
    const y = parseYear(date);
    if (y !== undefined) record.year = y;
  }
  const language = textAt(work, 'language', '');
  if (language) record.language = language;
  const type = textAt(work, 'type', '');
  if (type) record.publicationTypes = [type];

  for (const { value, path } of objectsAt(work, 'authorships', '')) record.authors.push(authorOf(value, path));

  const journal = journalOf(work);
  if (journal) record.journal = journal;
  const biblio = objectAt(work, 'biblio', '');
  if (biblio) {
    const volume = textOrNumberAt(biblio, 'volume', 'biblio');
    if (volume) record.volume = volume;
    const issue = textOrNumberAt(biblio, 'issue', 'biblio');
    if (issue) record.issue = issue;
    const first = textOrNumberAt(biblio, 'first_page', 'biblio');
    if (first) record.firstPage = first;
    const last = textOrNumberAt(biblio, 'last_page', 'biblio');
    if (last) record.lastPage = last;
  }

  const inverted = objectAt(work, 'abstract_inverted_index', '');
  if (inverted) {
    const abstract = abstractFrom(inverted, 'abstract_inverted_index');
    if (abstract) record.abstract = abstract;
  }

  record.subjects.push(...meshOf(work), ...openAlexSubjects(work));

  arrayAt(work, 'referenced_works', '').forEach((r, i) => {
    if (typeof r !== 'string')
      throw new FieldError(`referenced_works[${i}]`, `expected an OpenAlex work id, found ${JSON.stringify(r)}`);
    const openalexId = cleanOpenAlexWorkId(r);
    if (openalexId) record.references.push({ openalexId });
  });
  const cited = numberAt(work, 'cited_by_count', '');
  if (cited !== undefined) record.citedByCount = cited;
  return record;
}

/** The OpenAlex works reader. */
export const openAlexReader = jsonReader({
  format: 'openalex',
  extensions: ['json', 'jsonl', 'ndjson'],
  detect,
  convert,
});
