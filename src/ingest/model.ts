/**
 * The shapes that flow through the seed pipeline: read (file -> SourceRecord, one reader per
 * format), normalize (SourceRecord + reference data -> NormalizedArticle), load (NormalizedArticle[]
 * -> Neo4j). Each stage is a plain function over these types so each can be tested alone.
 */

import type { RecordFormat } from '../graph/index.ts';

/** The export formats the readers understand (the names Source nodes store). */
export type { RecordFormat };

/** Where one record was read from: its provenance as far as the file tells it. */
export interface RecordOrigin {
  format: RecordFormat;
  /** The file as given to the reader (path as passed in, or the upload's file name). */
  file: string;
  /** 0-based position of the record within its file. */
  index: number;
  /** 1-based line where the record starts (WPRIM, MEDLINE, RIS, BibTeX, XML; for JSON the line of the record's opening brace). */
  line?: number;
}

/** An affiliation as the source states it for one author. */
export interface SourceAffiliation {
  /** The affiliation text exactly as the source prints it (raw affiliation string). */
  text: string;
  /** ROR id when the source gives one (any printed form; normalized by the identity rules). */
  ror?: string;
  /** A structured institution name, when the source resolves the text to an institution (OpenAlex). */
  institutionName?: string;
  /** ISO 3166-1 alpha-2 country code, when the source gives one. */
  countryCode?: string;
  /** The affiliation marker printed after the author's name (WPRIM "1", "2"), when the source uses markers. */
  marker?: string;
}

/** One author (or group author) of a record, in byline order. */
export interface SourceAuthor {
  /**
   * The display name: as printed when the source prints "Given Family" (WPRIM "Haoming CHEN"),
   * "Given Family" when the source stores the parts separately or inverted ("Chen, Haoming" ->
   * "Haoming Chen"); a group or collective name as printed.
   */
  name: string;
  family?: string;
  given?: string;
  /** True for a group/collective author (MEDLINE CN, PubMed CollectiveName, CSL literal group). */
  collective?: boolean;
  /** ORCID as the source gives it (normalized by the identity rules). */
  orcid?: string;
  /**
   * The name in Latin script as the record prints it beside the original (Wanfang's pinyin: "Yu Min"
   * beside 余敏), whitespace collapsed. A statement of this source only: not part of the author's key.
   */
  translatedName?: string;
  /** The affiliations the source states for this author (and only those), in source order. */
  affiliations: SourceAffiliation[];
  /** 1-based line of the author in the file, when line-oriented. */
  line?: number;
}

/** A subject the source attaches to the record. */
export interface SourceSubject {
  /**
   * "mesh": a MeSH heading (MEDLINE MH, PubMed MeshHeading); "keyword": author or uncontrolled keyword;
   * "indexed": a keyword the database assigns, kept apart from the authors' own (WoS Keywords Plus `ID`,
   * Scopus Index Keywords); "openalex": an OpenAlex topic/keyword/concept.
   */
  kind: 'mesh' | 'keyword' | 'indexed' | 'openalex';
  /** The heading or keyword as printed. */
  term: string;
  /** MeSH descriptor UI when the source states it (PubMed XML `DescriptorName UI`). */
  meshId?: string;
  /** MEDLINE major-topic flag of the descriptor (`*` in MEDLINE text, `MajorTopicYN="Y"`). */
  major?: boolean;
  /** MeSH qualifiers (subheadings) of the heading, each with its own major flag. */
  qualifiers?: Array<{ name: string; ui?: string; major?: boolean }>;
  /** The source's own relevance score (OpenAlex), when given. */
  score?: number;
}

/** The journal (or other container) as the source states it. */
export interface SourceJournal {
  title?: string;
  /** Abbreviated title (MEDLINE TA, ISO abbreviation, CSL container-title-short, RIS J2/JA). */
  abbreviation?: string;
  /** Title in the journal's own language, when the source gives it separately. */
  localTitle?: string;
  /** ISSNs as printed, each with its type when the source says it. */
  issns: Array<{ value: string; type?: 'print' | 'electronic' | 'linking' }>;
  publisher?: string;
}

/** One entry of the record's reference list (what the record cites). */
export interface SourceReference {
  doi?: string;
  pmid?: string;
  pmcid?: string;
  openalexId?: string;
  /** The reference as printed (unstructured citation text), when the source gives it. */
  text?: string;
  title?: string;
  year?: number;
  firstAuthor?: string;
  journal?: string;
  /** Volume and first page of the cited work, as the reference prints them (WoS `V465, P123`, Scopus `465, pp. 123-130`). */
  volume?: string;
  firstPage?: string;
}

/**
 * Everything one record of any format states, as structured values (parsed once, by its reader;
 * normalization never re-parses text). Only what the source states is filled in.
 */
export interface SourceRecord extends ArticleBibliographicFields {
  origin: RecordOrigin;
  journal?: SourceJournal;
  /** In byline order. */
  authors: SourceAuthor[];
  /**
   * Affiliations the record states without saying whose they are (RIS and BibTeX address fields,
   * a MEDLINE AD printed before any author). Kept apart: tying them to an author would be invented.
   */
  affiliations?: SourceAffiliation[];
  /** MeSH headings, keywords and other subjects, in source order. */
  subjects: SourceSubject[];
  /** The record's reference list, in source order (empty when the source states none). */
  references: SourceReference[];
  /** The source's own count of citing works (OpenAlex cited_by_count, Crossref is-referenced-by-count). */
  citedByCount?: number;
  /** Publication types as the source names them (MEDLINE PT, CSL type, RIS TY...). */
  publicationTypes?: string[];
  /**
   * The database's own accession numbers of the record (WoS UT `WOS:000...`, Scopus EID `2-s2.0-...`,
   * Lens ID), and a shortDOI its DOI field gives (`shortdoi`, `10/fqd6hj`): stated, but no DOI.
   */
  accessions?: RecordAccession[];
  /** Funding as the record prints it, one entry per funder (WoS FU, Scopus Funding Details, Lens Funding). */
  funding?: string[];
  /**
   * The database's accession numbers of the works the record cites, when it cites by them alone
   * (Lens References: Lens IDs). Kept on the source, not as reference-only works: no other format
   * names a work by such an id, so a work made from one could never meet the same work cited elsewhere.
   */
  citedAccessions?: RecordAccession[];
}

/** An accession number of a record in the database it was exported from. */
export interface RecordAccession {
  /** The database: "wos", "scopus", "lens", "cnki"...; "shortdoi" for a shortDOI (doi.org's alias of a DOI). */
  scheme: string;
  /** As printed (`WOS:000289143300001`, `2-s2.0-84963944162`). */
  id: string;
}

/** Why one record (or a whole file) could not be read: file, line, field and reason. */
export interface RecordProblem {
  file: string;
  /** 1-based line, when known. */
  line?: number;
  /** 0-based record index within the file, when known. */
  index?: number;
  /**
   * 1-based position of the item in a JSON file (array element, JSON Lines line), set by the JSON
   * readers: a one-line JSON file has every item on line 1, so the line alone does not say which.
   */
  item?: number;
  /** The field (or format element) at fault, e.g. "AU", "PMID", "authorships[2].raw_affiliation_strings". */
  field: string;
  reason: string;
}

/** What a reader yields for each record: the record, or the problem that keeps it out. */
export type ReadResult = { ok: true; record: SourceRecord } | { ok: false; problem: RecordProblem };

/** One ISSN of a journal with its type when the source (or the curated list) says it. */
export interface IssnEntity {
  /** Canonical form, check digit verified: `2095-428X`. */
  value: string;
  type?: 'print' | 'electronic' | 'linking';
  /**
   * True when the record does not print it and the curated journal list adds it: what the source
   * states is told apart from what the list adds (Journal.issnSources counts only the first).
   */
  curated?: true;
}

/** A journal after resolution against the curated journal reference file (or as the source states it when not curated). */
export interface JournalEntity {
  /** Stable key of our own (identity rules): "issn:<ISSN-L or first ISSN>", else "title:<normalized title>". */
  key: string;
  title: string;
  localTitle?: string;
  /** Abbreviated title, when the source gives one. */
  abbreviation?: string;
  /** The ISSN shown for the journal: the linking ISSN, else the print one, else the first valid one. */
  issn?: string;
  /** Every valid ISSN the source or the curated list states, by type; the loader finds the journal by any of them. */
  issns: IssnEntity[];
  publisher?: string;
  /** Where the curated facts come from; absent when the journal is only what the record printed. */
  source?: string;
}

/** An institution after resolution against the curated institution reference file. */
export interface InstitutionEntity {
  /** Stable key of our own (curated id, or "aff:<hash of the printed text>" when not curated). */
  key: string;
  /** English name (curated); when not curated, the printed name. */
  name: string;
  /** The name as printed in the record's own language. */
  localName?: string;
  city?: string;
  postalCode?: string;
  country?: string;
  /** Key of the institution this one is part of (department -> hospital -> university). */
  parentKey?: string;
  /** ROR id, when the source states one (verified by the identity rules). */
  ror?: string;
  source?: string;
}

/** An author: identified by ORCID when the source gives one, else by the name as printed. */
export interface AuthorEntity {
  /** Stable key of our own (identity rules): "orcid:<iD>", else the normalized name, e.g. "haoming chen". */
  key: string;
  /** As printed, e.g. "Haoming CHEN" (inverted forms turned round: "Chen, Haoming" -> "Haoming Chen"). */
  name: string;
  /** Family name when the source states it or the printed form marks it (upper-case pinyin surname), e.g. "CHEN". */
  familyName?: string;
  givenName?: string;
  /** ORCID iD, verified. */
  orcid?: string;
  /** A group or collective author. */
  collective?: boolean;
}

/** A topic from the curated vocabulary or MeSH, or a plain keyword topic when neither knows the keyword. */
export interface TopicEntity {
  /** Stable key of our own: "mesh:<UI>", a curated "topic:<slug>", or "kw:<normalized keyword>" (see topicKindOfKey). */
  key: string;
  name: string;
  meshId?: string;
  synonyms: string[];
  source?: string;
}

/** A typed link between two topics (BROADER, DERIVED_FROM, COMPLICATION_OF, ...), from the vocabulary. */
export interface TopicRelation {
  fromKey: string;
  type: string;
  toKey: string;
}

/** A MeSH qualifier (subheading) of a heading as the source states it. */
export interface QualifierEntity {
  name: string;
  /** Qualifier UI (`Q000188`), when stated. */
  ui?: string;
  major?: boolean;
}

/** A topic as one article's source states it: the topic plus what the link says (MEDLINE major flag, qualifiers). */
export interface ArticleTopic extends TopicEntity {
  /** The heading or keyword exactly as the source prints it. */
  term?: string;
  /** MEDLINE major-topic flag, when the source states one. */
  major?: boolean;
  /** MeSH qualifiers of the heading, in source order. */
  qualifiers?: QualifierEntity[];
}

/** One byline position with the institutions the record links to this author (and only those). */
export interface AuthorshipEntity {
  /** 1-based byline position. */
  position: number;
  author: AuthorEntity;
  /** Keys of the institutions the author's markers point at (most specific unit, e.g. the department). */
  institutionKeys: string[];
  /** The author's affiliation texts exactly as printed, joined with "; " when several; absent when the source states none. */
  rawAffiliation?: string;
  /** The same affiliation texts one by one, in source order. */
  affiliations?: string[];
  /** The markers as printed. */
  markers: string[];
  /**
   * The name in Latin script the source prints beside the author's (SourceAuthor.translatedName).
   * Kept with the source's statement, not on the Author node: which pinyin is whose name is one
   * source's word, and the author's key stays the printed name.
   */
  translatedName?: string;
}

/** An article's own bibliographic fields, as one record states them or as the merge of its sources decides them. */
export interface ArticleBibliographicFields {
  doi?: string;
  pmid?: string;
  pmcid?: string;
  openalexId?: string;
  title: string;
  /** Title in the article's own language (WPRIM's Chinese title, MEDLINE TT), as printed. */
  vernacularTitle?: string;
  abstract?: string;
  language?: string;
  country?: string;
  year?: number;
  volume?: string;
  issue?: string;
  firstPage?: string;
  lastPage?: string;
}

/**
 * One article as ONE source states it, normalized and ready to load: keys by the identity rules,
 * journal/institutions/topics resolved against the reference data. Everything here is stated by the
 * record or by curated reference data. The loader merges the statements of every source of an article
 * (see src/ingest/merge/mergeStatements.ts) into what the graph shows, and keeps each one as its source.
 */
export interface NormalizedArticle extends ArticleBibliographicFields {
  /** Stable key of our own from this record's identifiers: "doi:<lower-case DOI>", "pmid:<n>", "pmcid:PMC<n>", else "rec:<hash>". */
  key: string;
  /** The record key ("rec:<hash of title|journal|year>"): how a record without identifiers finds its article. */
  recordKey: string;
  /** Where the record was read: format, file, position. */
  origin: RecordOrigin;
  /** Author keywords as printed (WPRIM: hyphenation repaired). */
  keywords: string[];
  /** Publication types as the source names them. */
  publicationTypes?: string[];
  /** The source's own count of citing works. */
  citedByCount?: number;
  /** Keywords the database assigns (SourceSubject kind "indexed"), apart from the authors' `keywords`. */
  indexedKeywords?: string[];
  /** The record's accession numbers in the database it came from, and the shortDOI it states (SourceRecord.accessions). */
  accessions?: RecordAccession[];
  /** Funding as printed, one entry per funder. */
  funding?: string[];
  /** Affiliations the record states without saying whose they are (SourceRecord.affiliations), as printed. */
  affiliations?: string[];
  /** The accession numbers of the works the record cites by them alone (SourceRecord.citedAccessions). */
  citedAccessions?: RecordAccession[];
  journal?: JournalEntity;
  authorships: AuthorshipEntity[];
  /** Every institution the article needs, parents included. */
  institutions: InstitutionEntity[];
  /** The topics the record's headings and keywords map to, in source order, duplicates removed. */
  topics: ArticleTopic[];
  /** The record's reference list, as the source states it (loaded as CITES edges by src/ingest/load/citations.ts). */
  references?: SourceReference[];
}

/** The curated vocabulary as the loader needs it: every topic and every typed link between topics. */
export interface Vocabulary {
  topics: TopicEntity[];
  relations: TopicRelation[];
}

/** What one source states about an article, as stored with the source (the article without where it was read). */
export type StatedArticle = Omit<NormalizedArticle, 'origin' | 'references'>;
