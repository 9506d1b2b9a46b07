import { applyMapping, type FieldRule } from './fieldMapping.ts';

/**
 * The declarative half of the tag formats (RIS, MEDLINE): a table saying which tags fill which
 * record field and how each value is converted, kept apart from the code that cuts a file into
 * tagged lines. The same split citation-js makes (its `mapping/` tables beside the parsers) and Zotero
 * translators make (their `fieldMap`), so a tag's meaning is looked up in one place, and the few
 * rules that need more than one tag at a time (which address belongs to whom, which date has a year)
 * stay visible as code of their own next to the table. The rows are applied by the one mapping
 * engine of the tag and column formats (fieldMapping.ts applyMapping), as rules that take values
 * by precedence or all of them; this file keeps the row shape the RIS, MEDLINE and BibTeX tables use.
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

/** A row of a tag table as a rule of the one mapping engine (fieldMapping.ts): values taken by precedence or all, empty ones passed over. */
function asFieldRule<Draft>(rule: TagRule<Draft>): FieldRule<TagValue, Draft> {
  return {
    from: rule.tags,
    to: rule.target,
    apply(fields, draft) {
      if (rule.take === 'first') {
        for (const tag of rule.tags) {
          const f = fields.find((x) => x.tag === tag && x.value.trim() !== '');
          if (f && rule.set(draft, f.value, f) !== false) break;
        }
      } else {
        for (const f of fields) if (f.value.trim() !== '') rule.set(draft, f.value, f);
      }
    },
  };
}

/** Each tag table as engine rules, made once per table. */
const AS_FIELD_RULES = new WeakMap<readonly TagRule<never>[], ReadonlyArray<FieldRule<TagValue, never>>>();

/** Applies a field table to the tagged values of one record. */
export function applyTagRules<Draft>(
  rules: readonly TagRule<Draft>[],
  fields: readonly TagValue[],
  draft: Draft,
): void {
  let table = AS_FIELD_RULES.get(rules as readonly TagRule<never>[]) as
    | ReadonlyArray<FieldRule<TagValue, Draft>>
    | undefined;
  if (!table) {
    table = rules.map(asFieldRule);
    AS_FIELD_RULES.set(rules as readonly TagRule<never>[], table as ReadonlyArray<FieldRule<TagValue, never>>);
  }
  applyMapping(table, fields, (f) => f.tag, draft);
}

/** The first non-empty value of the tags, in the order given (their precedence). */
export function firstOf(fields: readonly TagValue[], ...tags: string[]): TagValue | undefined {
  for (const t of tags) {
    const f = fields.find((x) => x.tag === t && x.value.trim() !== '');
    if (f) return f;
  }
  return undefined;
}
