import type {
  ArticleSourceRecord,
  IssnRecord,
  IssnTypeName,
  QualifierRecord,
  RecordFormatName,
  TopicKindName,
} from './records.ts';
import { topicKindOfKey } from '../../identity/index.ts';
import type { RecordFormat, SourceNode } from '../../graph/index.ts';

/** A Source node's properties as the sources query returns them. */
export type SourceRow = Pick<
  SourceNode,
  'id' | 'format' | 'file' | 'line' | 'index' | 'importedAt' | 'importedBy' | 'importId' | 'rank' | 'statement'
>;

/** The parts of a stored statement the API shows (the loader writes more; see src/ingest/model.ts NormalizedArticle). */
interface StoredStatement {
  title?: string;
  vernacularTitle?: string;
  abstract?: string;
  language?: string;
  country?: string;
  doi?: string;
  pmid?: string;
  pmcid?: string;
  openalexId?: string;
  year?: number;
  volume?: string;
  issue?: string;
  firstPage?: string;
  lastPage?: string;
  keywords?: string[];
  publicationTypes?: string[];
  journal?: {
    title?: string;
    localTitle?: string;
    abbreviation?: string;
    publisher?: string;
    issns?: Array<{ value: string; type?: string }>;
  };
  authorships?: Array<{
    position: number;
    author: { name: string; familyName?: string; givenName?: string; orcid?: string };
    affiliations?: string[];
    markers?: string[];
    translatedName?: string;
  }>;
  topics?: Array<{
    key: string;
    name: string;
    meshId?: string;
    term?: string;
    major?: boolean;
    qualifiers?: Array<{ name: string; ui?: string; major?: boolean }>;
  }>;
  affiliations?: string[];
  accessions?: Array<{ scheme: string; id: string }>;
  citedAccessions?: Array<{ scheme: string; id: string }>;
  funding?: string[];
}

const FORMAT_NAMES: Readonly<Record<RecordFormat, RecordFormatName>> = {
  wprim: 'WPRIM',
  medline: 'MEDLINE',
  'pubmed-xml': 'PUBMED_XML',
  ris: 'RIS',
  bibtex: 'BIBTEX',
  'csl-json': 'CSL_JSON',
  openalex: 'OPENALEX',
  crossref: 'CROSSREF',
  wos: 'WOS',
  'scopus-csv': 'SCOPUS_CSV',
  'lens-csv': 'LENS_CSV',
  endnote: 'ENDNOTE',
  refworks: 'REFWORKS',
  noteexpress: 'NOTEEXPRESS',
  'dimensions-csv': 'DIMENSIONS_CSV',
  'cnki-estudy': 'CNKI_ESTUDY',
};

const ISSN_TYPES: Readonly<Record<string, IssnTypeName>> = {
  print: 'PRINT',
  electronic: 'ELECTRONIC',
  linking: 'LINKING',
};

/** A stored format name as the API names it. */
export function formatName(format: RecordFormat): RecordFormatName {
  return FORMAT_NAMES[format] ?? 'WPRIM';
}

/** A stored ISSN type ("print", ...) as the API names it; null when not stated. */
export function issnTypeName(type: string | null | undefined): IssnTypeName | null {
  return (type && ISSN_TYPES[type]) || null;
}

function qualifiers(list: Array<{ name: string; ui?: string; major?: boolean }> | undefined): QualifierRecord[] {
  return (list ?? []).map((q) => ({ name: q.name, ui: q.ui ?? null, major: q.major ?? null }));
}

/** The kind of a topic key, as the API names it. */
export function topicKindName(key: string): TopicKindName {
  return topicKindOfKey(key).toUpperCase() as TopicKindName;
}

/**
 * Shapes a Source node for the API: its own properties plus what its stored statement says, and
 * which of the article's fields it decides (`fieldSources` of the article: field -> source id).
 */
export function toArticleSourceRecord(row: SourceRow, fieldSources: Record<string, string>): ArticleSourceRecord {
  const s = JSON.parse(row.statement) as StoredStatement;
  const issns = (list: Array<{ value: string; type?: string }> | undefined): IssnRecord[] =>
    (list ?? []).map((i) => ({ value: i.value, type: (i.type && ISSN_TYPES[i.type]) || null }));
  return {
    id: row.id,
    format: FORMAT_NAMES[row.format] ?? 'WPRIM',
    file: row.file,
    line: row.line,
    index: row.index ?? 0,
    importedAt: row.importedAt,
    importedBy: row.importedBy,
    importId: row.importId,
    precedence: row.rank ?? 0,
    decides: Object.entries(fieldSources)
      .filter(([, id]) => id === row.id)
      .map(([field]) => field),
    doi: s.doi ?? null,
    pmid: s.pmid ?? null,
    pmcid: s.pmcid ?? null,
    openalexId: s.openalexId ?? null,
    title: s.title ?? '',
    vernacularTitle: s.vernacularTitle ?? null,
    abstract: s.abstract ?? null,
    language: s.language ?? null,
    country: s.country ?? null,
    year: s.year ?? null,
    volume: s.volume ?? null,
    issue: s.issue ?? null,
    firstPage: s.firstPage ?? null,
    lastPage: s.lastPage ?? null,
    keywords: s.keywords ?? [],
    publicationTypes: s.publicationTypes ?? [],
    journal: s.journal
      ? {
          title: s.journal.title ?? '',
          localTitle: s.journal.localTitle ?? null,
          abbreviation: s.journal.abbreviation ?? null,
          issns: issns(s.journal.issns),
          publisher: s.journal.publisher ?? null,
        }
      : null,
    authors: (s.authorships ?? []).map((w) => ({
      position: w.position,
      name: w.author.name,
      translatedName: w.translatedName ?? null,
      familyName: w.author.familyName ?? null,
      givenName: w.author.givenName ?? null,
      orcid: w.author.orcid ?? null,
      affiliations: w.affiliations ?? [],
      markers: w.markers ?? [],
    })),
    topics: (s.topics ?? []).map((t) => ({
      term: t.term ?? t.name,
      name: t.name,
      meshId: t.meshId ?? null,
      kind: topicKindName(t.key),
      major: t.major ?? null,
      qualifiers: qualifiers(t.qualifiers),
    })),
    affiliations: s.affiliations ?? [],
    accessions: (s.accessions ?? []).map((a) => ({ database: a.scheme, id: a.id })),
    citedAccessions: (s.citedAccessions ?? []).map((a) => ({ database: a.scheme, id: a.id })),
    funding: s.funding ?? [],
  };
}
