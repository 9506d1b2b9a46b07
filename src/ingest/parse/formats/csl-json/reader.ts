import { normalizeDoi } from '../../../../identity/index.ts';
import type { SourceAuthor, SourceRecord } from '../../../model.ts';
import {
  applyJsonRules,
  arrayAt,
  type JsonObject,
  objectAt,
  objectsAt,
  textAt,
  textsAt,
} from '../../common/jsonFields.ts';
import { type JsonRecordAt, jsonKeysIn, jsonReader, looksLikeJson } from '../../common/jsonReader.ts';
import { hasMarkup, markupToText } from '../../common/markupText.ts';
import { displayName } from '../../common/personName.ts';
import { FieldError } from '../../common/problems.ts';
import { parseYear, shortDoiAccession } from '../../common/values.ts';
import { CSL_FIELDS, type CslDraft } from './mapping.ts';
import { newRecord } from '../../common/newRecord.ts';

/**
 * CSL-JSON (Zotero's and citation.js's export, Pandoc/Better BibTeX's `.json`, DOI content
 * negotiation with `application/vnd.citationstyles.csl+json`): an array of items or one item,
 * following the CSL-JSON schema. The JSON is plain data, so the fields are read directly (citation.js
 * would only hand back the same objects); the streaming is jsonRecords'. CSL has no author
 * affiliations or MeSH, so none are read; `note`, `accessed` and the citation key are not kept, nor
 * `URL` but for the DOI of a doi.org link when `DOI` holds none. A shortDOI in `DOI` is kept as the
 * record's `shortdoi` accession (here when the link's DOI takes its place, else in normalization).
 */

/** CSL item types (from the CSL 1.0.2 schema) that only CSL uses, for telling CSL-JSON from Crossref JSON. */
const CSL_ONLY_TYPES =
  /"type"\s*:\s*"(?:article-journal|article-magazine|article-newspaper|paper-conference|chapter|entry-encyclopedia|entry-dictionary|post-weblog|webpage|thesis|manuscript|legal_case|motion_picture|song|speech)"/;

function detect(head: string): boolean {
  if (!looksLikeJson(head)) return false;
  const keys = jsonKeysIn(head);
  if (keys.has('message-type') || keys.has('authorships') || keys.has('abstract_inverted_index')) return false;
  // Crossref's title is an array; CSL's is a string.
  if (/"title"\s*:\s*\[/.test(head)) return false;
  const csl = [
    'container-title',
    'issued',
    'author',
    'DOI',
    'page',
    'citation-key',
    'container-title-short',
    'ISSN',
    'PMID',
  ].filter((k) => keys.has(k)).length;
  return keys.has('title') && (CSL_ONLY_TYPES.test(head) || (csl >= 2 && keys.has('type')) || keys.has('citation-key'));
}

/** `issued`: `date-parts` (numbers or numeric strings), `raw`, `literal`, or an EDTF string. */
function yearOf(item: JsonObject): number | undefined {
  const issued = item.issued;
  if (issued === undefined || issued === null) return undefined;
  if (typeof issued === 'string') return parseYear(issued);
  const o = objectAt(item, 'issued', '');
  if (!o) return undefined;
  const parts = arrayAt(o, 'date-parts', 'issued');
  const first = parts[0];
  if (first !== undefined) {
    if (!Array.isArray(first)) throw new FieldError('issued.date-parts[0]', 'expected an array like [2021, 11, 5]');
    const y = first[0];
    if (y !== undefined && y !== null) {
      const year = parseYear(typeof y === 'number' ? y : String(y));
      if (year === undefined)
        throw new FieldError('issued.date-parts[0][0]', `expected a year, found ${JSON.stringify(y)}`);
      return year;
    }
  }
  return (
    parseYear(textAt(o, 'raw', 'issued')) ??
    parseYear(textAt(o, 'literal', 'issued')) ??
    parseYear(textAt(o, 'season', 'issued'))
  );
}

function authorOf(a: JsonObject, path: string): SourceAuthor {
  const literal = textAt(a, 'literal', path);
  if (literal) return { name: literal, collective: true, affiliations: [] };
  const family =
    [textAt(a, 'non-dropping-particle', path), textAt(a, 'family', path)].filter((p) => p).join(' ') || undefined;
  const given =
    [textAt(a, 'given', path), textAt(a, 'dropping-particle', path)].filter((p) => p).join(' ') || undefined;
  const suffix = textAt(a, 'suffix', path);
  const name = displayName({ given, family, suffix });
  if (name === '') throw new FieldError(path, 'an author has neither family, given nor literal name');
  const out: SourceAuthor = { name, affiliations: [] };
  if (family) out.family = family;
  if (given) out.given = given;
  // Not in the CSL schema, but written by Crossref's CSL (DOI content negotiation) and citeproc-js.
  const orcid = textAt(a, 'ORCID', path) ?? textAt(a, 'orcid', path);
  if (orcid) out.orcid = orcid;
  return out;
}

function convert(item: JsonObject, at: JsonRecordAt): SourceRecord {
  const rawTitle = textsAt(item, 'title', '')[0];
  const title = rawTitle && hasMarkup(rawTitle) ? markupToText(rawTitle) : rawTitle;
  if (!title) throw new FieldError('title', 'the item has no title');
  const record = newRecord('csl-json', at.file, at.index, at.line, title);

  for (const { value, path } of objectsAt(item, 'author', '')) record.authors.push(authorOf(value, path));

  const draft: CslDraft = { record, journal: { issns: [] } };
  applyJsonRules(CSL_FIELDS, item, '', draft);
  const { journal } = draft;
  if (journal.title || journal.abbreviation || journal.issns.length > 0) record.journal = journal;
  const year = yearOf(item);
  if (year !== undefined) record.year = year;
  const doiLink = doiFromUrl(item);
  if (doiLink && (!record.doi || !normalizeDoi(record.doi))) {
    // The shortDOI the link's DOI replaces is still what the item states: kept as its accession.
    const shortDoi = shortDoiAccession(record.doi);
    if (shortDoi) (record.accessions ??= []).push(shortDoi);
    record.doi = doiLink;
  }
  return record;
}

const DOI_URL = /^https?:\/\/(?:dx\.)?doi\.org\/(10\.\S+)$/i;

/**
 * The DOI of a doi.org link in `URL`: taken when `DOI` is missing or holds no DOI. Zotero libraries
 * often store a shortDOI there ("DOI": "10/fqd6hj", an alias doi.org redirects), while `URL` states the
 * DOI itself ("https://doi.org/10.1177/0193723504268729"). A shortDOI link (`https://doi.org/10/fqd6hj`)
 * names no DOI.
 */
function doiFromUrl(item: JsonObject): string | undefined {
  const url = textsAt(item, 'URL', '')[0]?.trim();
  const match = url ? DOI_URL.exec(url) : null;
  return match?.[1] ? normalizeDoi(decodeURIComponent(match[1]))?.doi : undefined;
}

/** The CSL-JSON reader. */
export const cslJsonReader = jsonReader({
  format: 'csl-json',
  extensions: ['json', 'csl', 'csljson'],
  detect,
  convert,
});
