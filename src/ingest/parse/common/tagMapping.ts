/**
 * The declarative half of the tag formats (RIS, MEDLINE): a table saying which tags fill which
 * record field and how each value is converted, kept apart from the code that cuts a file into
 * tagged lines. The same split citation-js makes (its `mapping/` tables beside the parsers) and Zotero
 * translators make (their `fieldMap`), so a tag's meaning is looked up in one place, and the few
 * rules that need more than one tag at a time (which address belongs to whom, which date has a year)
 * stay visible as code of their own next to the table.
 */

/** One tagged value of a record, its continuation lines joined (the fields of taggedRecords keep them apart). */
export interface TagValue {
  tag: string;
  value: string;
  line: number;
}

/** One row of a format's field table. */
export interface TagRule<Draft> {
  /** The tags that fill the field, in precedence order. */
  tags: readonly string[];
  /**
   * `first`: only the first non-empty value, looking at the tags in the order listed (the
   * precedence); `all`: every non-empty value of every listed tag, in file order.
   */
  take: 'first' | 'all';
  /** The record field it fills, as documentation (`title`, `journal.issns`, `authors`). */
  target: string;
  /**
   * Converts one value and writes it into the record being built. For `first`, returning `false`
   * says the value states nothing usable (`year = {in press}`): the next tag is tried.
   */
  set: (draft: Draft, value: string, field: TagValue) => void | false;
}

/** Applies a field table to the tagged values of one record. */
export function applyTagRules<Draft>(
  rules: readonly TagRule<Draft>[],
  fields: readonly TagValue[],
  draft: Draft,
): void {
  for (const rule of rules) {
    if (rule.take === 'first') {
      for (const tag of rule.tags) {
        const f = fields.find((x) => x.tag === tag && x.value.trim() !== '');
        if (f && rule.set(draft, f.value, f) !== false) break;
      }
    } else {
      for (const f of fields) if (rule.tags.includes(f.tag) && f.value.trim() !== '') rule.set(draft, f.value, f);
    }
  }
}

/** The first non-empty value of the tags, in the order given (their precedence). */
export function firstOf(fields: readonly TagValue[], ...tags: string[]): TagValue | undefined {
  for (const t of tags) {
    const f = fields.find((x) => x.tag === t && x.value.trim() !== '');
    if (f) return f;
  }
  return undefined;
}
