import type { RecordProblem, SourceRecord } from '../model.ts';
import * as limits from '../limits.ts';

type LimitName = keyof typeof limits;

/**
 * Checks what a record states against the size limits (src/ingest/limits.ts), whatever its format. Returns
 * the first problem (file, line, field, size and the limit's name) or undefined when the record is
 * within every limit.
 */
export function checkLimits(record: SourceRecord): RecordProblem | undefined {
  const { file, index, line } = record.origin;
  const problem = (field: string, reason: string, at = line): RecordProblem => ({
    file,
    index,
    field,
    reason,
    ...(at !== undefined ? { line: at } : {}),
  });
  const tooLong = (
    field: string,
    value: string | undefined,
    limit: LimitName,
    at = line,
  ): RecordProblem | undefined => {
    const max = limits[limit];
    return value !== undefined && value.length > max
      ? problem(
          field,
          `${value.length.toLocaleString('en')} characters, more than the limit of ${max.toLocaleString('en')} (${limit})`,
          at,
        )
      : undefined;
  };
  const tooMany = (field: string, count: number, limit: LimitName): RecordProblem | undefined => {
    const max = limits[limit];
    return count > max
      ? problem(
          field,
          `${count.toLocaleString('en')} entries, more than the limit of ${max.toLocaleString('en')} (${limit})`,
        )
      : undefined;
  };

  const first =
    tooLong('title', record.title, 'MAX_TITLE_CHARS') ??
    tooLong('vernacularTitle', record.vernacularTitle, 'MAX_TITLE_CHARS') ??
    tooLong('abstract', record.abstract, 'MAX_ABSTRACT_CHARS') ??
    tooLong('journal.title', record.journal?.title, 'MAX_JOURNAL_TITLE_CHARS') ??
    tooLong('journal.localTitle', record.journal?.localTitle, 'MAX_JOURNAL_TITLE_CHARS') ??
    tooLong('journal.abbreviation', record.journal?.abbreviation, 'MAX_JOURNAL_TITLE_CHARS') ??
    tooLong('journal.publisher', record.journal?.publisher, 'MAX_JOURNAL_TITLE_CHARS') ??
    (['doi', 'pmid', 'pmcid', 'openalexId', 'volume', 'issue', 'firstPage', 'lastPage', 'language', 'country'] as const)
      .map((field) => tooLong(field, record[field], 'MAX_SHORT_FIELD_CHARS'))
      .find((p) => p !== undefined) ??
    (record.publicationTypes ?? [])
      .map((t, i) => tooLong(`publicationTypes[${i}]`, t, 'MAX_SHORT_FIELD_CHARS'))
      .find((p) => p !== undefined) ??
    (record.journal?.issns ?? [])
      .map((issn, i) => tooLong(`journal.issns[${i}]`, issn.value, 'MAX_SHORT_FIELD_CHARS'))
      .find((p) => p !== undefined) ??
    (record.affiliations ?? [])
      .map((a, i) => tooLong(`affiliations[${i}]`, a.text, 'MAX_AFFILIATION_CHARS'))
      .find((p) => p !== undefined) ??
    tooMany('authors', record.authors.length, 'MAX_AUTHORS') ??
    tooMany('subjects', record.subjects.length, 'MAX_SUBJECTS') ??
    tooMany('references', record.references.length, 'MAX_REFERENCES');
  if (first) return first;

  for (const [i, author] of record.authors.entries()) {
    const at = author.line ?? line;
    const found =
      tooLong(`authors[${i}].name`, author.name, 'MAX_AUTHOR_NAME_CHARS', at) ??
      tooLong(`authors[${i}].orcid`, author.orcid, 'MAX_SHORT_FIELD_CHARS', at) ??
      (author.affiliations.length > limits.MAX_AFFILIATIONS_PER_AUTHOR
        ? problem(
            `authors[${i}].affiliations`,
            `${author.affiliations.length} affiliations, more than the limit of ${limits.MAX_AFFILIATIONS_PER_AUTHOR} (MAX_AFFILIATIONS_PER_AUTHOR)`,
            at,
          )
        : undefined) ??
      author.affiliations
        .map(
          (a, j) =>
            tooLong(`authors[${i}].affiliations[${j}]`, a.text, 'MAX_AFFILIATION_CHARS', at) ??
            tooLong(`authors[${i}].affiliations[${j}].institutionName`, a.institutionName, 'MAX_AFFILIATION_CHARS', at),
        )
        .find((p) => p !== undefined);
    if (found) return found;
  }
  for (const [i, subject] of record.subjects.entries()) {
    const found =
      tooLong(`subjects[${i}]`, subject.term, 'MAX_SUBJECT_CHARS') ??
      (subject.qualifiers ?? [])
        .map((q, j) => tooLong(`subjects[${i}].qualifiers[${j}]`, q.name, 'MAX_SUBJECT_CHARS'))
        .find((p) => p !== undefined);
    if (found) return found;
  }
  return undefined;
}
