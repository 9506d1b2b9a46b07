/**
 * Size limits for what one record may state. A record beyond a limit is rejected with a named error
 * (file, line, field, the size and the limit's name) instead of storing megabytes that slow every query
 * touching the article. Each limit is well above what real bibliographic records need (sizes noted
 * beside each), so only broken or hostile input meets them. The readers enforce MAX_RECORD_CHARS on a
 * record's raw size while reading, so memory stays bounded even before a record is complete.
 */

/**
 * Characters one record may take in its file (any format; bytes for the JSON formats, whose
 * tokenizer counts bytes): the one record-size limit, enforced by every reader while it reads
 * (src/ingest/parse/common/limits.ts re-exports it to them), so a larger record is refused before it
 * is buffered. Real records are a few KB; the largest PubMed records with long reference lists stay
 * under 300 KB, an OpenAlex work with a long abstract and a thousand references under 1 MB; a
 * consortium paper listing thousands of authorships with their institutions runs to a few MB.
 */
export const MAX_RECORD_CHARS = 4 * 1024 * 1024;

/** Title (and vernacular title) length. The longest PubMed titles are around 1,000 characters. */
export const MAX_TITLE_CHARS = 2_000;

/** Abstract length. Long structured abstracts reach about 6,000 characters. */
export const MAX_ABSTRACT_CHARS = 30_000;

/** Authors in one byline. The largest consortium bylines have a little over 5,000 names. */
export const MAX_AUTHORS = 6_000;

/** Length of one author name as printed. */
export const MAX_AUTHOR_NAME_CHARS = 300;

/** Affiliations stated for one author. */
export const MAX_AFFILIATIONS_PER_AUTHOR = 50;

/** Length of one affiliation text as printed. Real ones stay under 600 characters. */
export const MAX_AFFILIATION_CHARS = 2_000;

/** Keywords and subject headings of one record. MEDLINE records carry at most a few dozen headings. */
export const MAX_SUBJECTS = 500;

/** Length of one keyword or subject heading. */
export const MAX_SUBJECT_CHARS = 300;

/** Length of the journal title. */
export const MAX_JOURNAL_TITLE_CHARS = 1_000;

/** Length of a short field: DOI, PMID, volume, issue, pages, language, country, publication type. */
export const MAX_SHORT_FIELD_CHARS = 300;

/** Entries of one reference list. Large reviews cite a few thousand works. */
export const MAX_REFERENCES = 10_000;
