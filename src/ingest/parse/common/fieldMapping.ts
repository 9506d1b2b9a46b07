import type { SourceRecord } from '../../model.ts';

/**
 * A format's mapping table: which printed fields (tags or columns) fill which part of the record,
 * and how. Reading a file into fields (parsing) and turning fields into a record (mapping) stay
 * apart, as in citation-js's `mapping/` and Zotero's translators, so the table is the one place to
 * read what a format yields, and the README's format table is written from it.
 */
export interface FieldRule<F, Target = SourceRecord> {
  /** The tags or columns the rule reads, in precedence order. */
  from: readonly string[];
  /** What it fills, in SourceRecord terms (documentation; the README lists it). */
  to: string;
  /** Fills the record (or a reader's draft of it) from the fields present, in file order (never called with none). */
  apply(fields: F[], record: Target): void;
}

/**
 * Applies every rule of a table to the fields of one record; `tagOf` names a field's tag or column.
 * The one mapping engine of the tag and column formats: tagMapping's rows are rules of it.
 */
export function applyMapping<F, Target = SourceRecord>(
  rules: ReadonlyArray<FieldRule<F, Target>>,
  fields: readonly F[],
  tagOf: (f: F) => string,
  record: Target,
): Target {
  for (const rule of rules) {
    const matching = fields.filter((f) => rule.from.includes(tagOf(f)));
    if (matching.length > 0) rule.apply(matching, record);
  }
  return record;
}
