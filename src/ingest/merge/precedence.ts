import type { RecordFormat } from '../model.ts';

/**
 * Which source decides an article's field when its sources disagree: the lower the rank, the more
 * the source is trusted. The order, and why:
 *
 * 1. PubMed XML and MEDLINE text (one database, two serializations): NLM indexers check the
 *    citation against the journal issue and assign the MeSH headings; the most curated source.
 * 2. Crossref: deposited by the publisher itself; authoritative for DOI, ISSNs, volume, issue and
 *    pages, but not checked by an indexer (name casing and abstracts vary by publisher).
 *    Web of Science and Scopus exports rank here too: indexers check them against the issue, but
 *    their author names are abbreviated and titles upper-cased in older records.
 * 3. WPRIM: curated by the WHO Western Pacific regional index, with titles in the article's own
 *    language; below the two above because our copy is scraped page text (broken hyphenation, no
 *    identifiers beyond the DOI).
 * 4. OpenAlex, Lens and Dimensions: machine-aggregated from many sources (affiliations and topics are inferred);
 *    broad and identifier-rich, but the least curated of the bibliographic databases.
 * 5. RIS, BibTeX, CSL-JSON, EndNote, RefWorks, NoteExpress and CNKI E-Study tagged text (CNKI and Wanfang export these): a user's reference-manager library, often hand-edited and itself copied
 *    from one of the above; we cannot tell how it was made, so it decides only what nothing else states.
 *
 * Between sources of the same rank the more recently imported one decides, then the source id (so
 * the outcome never depends on the order rows come back in). Curated reference data (journals,
 * institutions, the vocabulary) ranks 0: above every source for the entity facts it curates.
 */
export const FORMAT_PRECEDENCE: Readonly<Record<RecordFormat, number>> = {
  'pubmed-xml': 1,
  medline: 1,
  crossref: 2,
  wprim: 3,
  openalex: 4,
  ris: 5,
  bibtex: 5,
  'csl-json': 5,
  wos: 2,
  'scopus-csv': 2,
  'lens-csv': 4,
  endnote: 5,
  refworks: 5,
  noteexpress: 5,
  'dimensions-csv': 4,
  'cnki-estudy': 5,
};

/** The rank of curated reference data: entity facts from seed/reference outrank every source. */
export const REFERENCE_RANK = 0;

/** Rank for a format. */
export function precedenceOf(format: RecordFormat): number {
  return FORMAT_PRECEDENCE[format];
}

/** What the precedence order needs to know about one source. */
export interface RankedSource {
  id: string;
  format: RecordFormat;
  /** ISO 8601 time of the import that asserted it. */
  importedAt: string;
}

/** A description whose precedence is already ranked (curated facts rank 0 whatever their source's format). */
export interface Ranked {
  rank: number;
  /** ISO 8601 time of the import that asserted the deciding source. */
  importedAt: string;
  /** Id of the deciding source. */
  id: string;
}

/** The precedence order as a comparator: negative when `a` is the more trusted (rank, then the most recent import, then id). */
export function comparePrecedence(a: Ranked, b: Ranked): number {
  return (
    a.rank - b.rank ||
    (a.importedAt < b.importedAt ? 1 : a.importedAt > b.importedAt ? -1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** Sorts sources most trusted first: rank, then the most recent import, then id. */
export function byPrecedence<T extends RankedSource>(sources: readonly T[]): T[] {
  return [...sources].sort((a, b) =>
    comparePrecedence(
      { rank: precedenceOf(a.format), importedAt: a.importedAt, id: a.id },
      { rank: precedenceOf(b.format), importedAt: b.importedAt, id: b.id },
    ),
  );
}
