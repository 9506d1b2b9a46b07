/**
 * The shapes that flow through the seed pipeline: parse (file -> RawRecord),
 * normalize (RawRecord + reference data -> NormalizedArticle), load (NormalizedArticle[] -> Neo4j).
 * Each stage is a plain function over these types so each can be tested alone.
 */

/** Where a value was read from, so errors and provenance can point at it. */
export interface SourceLocation {
  /** The record file as given to the parser (relative or absolute path as passed in). */
  file: string;
  /** 1-based line number in the file. */
  line: number;
}

/** One author as printed in the byline, with the affiliation markers printed after the name (e.g. ["1", "2"]). */
export interface RawAuthor {
  name: string;
  markers: string[];
  at: SourceLocation;
}

/** One numbered entry of the record's "Author Information" block, e.g. marker "1", text "郑州大学第一附属医院新生儿科,郑州 450052". */
export interface RawAffiliation {
  marker: string;
  /** Exactly as printed (only surrounding whitespace trimmed). */
  text: string;
  at: SourceLocation;
}

/** Everything one WPRIM record file states, as printed (whitespace collapsed, nothing interpreted yet). */
export interface RawRecord {
  file: string;
  title: string;
  doi?: string;
  vernacularTitle?: string;
  /** In byline order. */
  authors: RawAuthor[];
  affiliations: RawAffiliation[];
  /** As printed, separators removed, hyphenation NOT yet repaired. */
  keywords: string[];
  /** The `From:` block: journal title as printed and the citation line, e.g. "2021;36(21):1673-1676". */
  from?: { journal: string; citation: string; at: SourceLocation };
  country?: string;
  language?: string;
  abstract?: string;
}

/** A journal after resolution against the curated journal reference file (or as printed when not curated). */
export interface JournalEntity {
  /** Stable key of our own: "issn:<ISSN>" when curated with an ISSN, else "title:<normalized title>". */
  key: string;
  title: string;
  localTitle?: string;
  issn?: string;
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
  source?: string;
}

/** An author, identified by the name as printed (records give no author identifiers). */
export interface AuthorEntity {
  /** Stable key of our own: the normalized name, e.g. "haoming chen". */
  key: string;
  /** As printed, e.g. "Haoming CHEN". */
  name: string;
  /** Family name when the printed form marks it (upper-case pinyin surname), e.g. "CHEN". */
  familyName?: string;
  givenName?: string;
}

/** A topic from the curated vocabulary, or a plain keyword topic when the vocabulary does not know the keyword. */
export interface TopicEntity {
  /** Stable key of our own: the vocabulary id (e.g. "mesh:D055354") or "kw:<normalized keyword>". */
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

/** One byline position with the institutions the record links to this author (and only those). */
export interface AuthorshipEntity {
  /** 1-based byline position. */
  position: number;
  author: AuthorEntity;
  /** Keys of the institutions the author's markers point at (most specific unit, e.g. the department). */
  institutionKeys: string[];
  /** The marked affiliation texts exactly as printed, joined with "; " when several; absent when the author has no marker. */
  rawAffiliation?: string;
  /** The markers as printed. */
  markers: string[];
}

/** One article, ready to load. Everything here is stated by the record or by curated reference data. */
export interface NormalizedArticle {
  /** Stable key of our own: "doi:<lower-case DOI>" or "rec:<hash>" when the record has no DOI. */
  key: string;
  sourceFile: string;
  doi?: string;
  title: string;
  vernacularTitle?: string;
  abstract?: string;
  language?: string;
  country?: string;
  year?: number;
  volume?: string;
  issue?: string;
  firstPage?: string;
  lastPage?: string;
  /** As printed, hyphenation repaired. */
  keywords: string[];
  journal?: JournalEntity;
  authorships: AuthorshipEntity[];
  /** Every institution the article needs, parents included. */
  institutions: InstitutionEntity[];
  /** The topics the article's keywords map to (one per keyword, in keyword order, duplicates removed). */
  topics: TopicEntity[];
}

/** The curated vocabulary as the loader needs it: every topic and every typed link between topics. */
export interface Vocabulary {
  topics: TopicEntity[];
  relations: TopicRelation[];
}
