import { badUserInput } from '../errors.ts';

/** One line of a thesaurus: a label and what replaces it ('' = the label is ignored). */
export interface ThesaurusEntry {
  label: string;
  replaceBy: string;
}

/** Longest label or replacement accepted (a label is one term, author name, journal title). */
export const MAX_THESAURUS_LABEL = 1_000;
/** Most lines one thesaurus may have. */
export const MAX_THESAURUS_ENTRIES = 50_000;

/** How labels are compared: lower case, trimmed (the map statement folds the same way, in Cypher). */
export function foldLabel(label: string): string {
  return label.trim().toLowerCase();
}

/** A field of a tab-delimited line: surrounding spaces dropped, and enclosing double quotes (with "" inside) undone. */
function unquote(field: string): string {
  const trimmed = field.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"'))
    return trimmed.slice(1, -1).replace(/""/g, '"').trim();
  return trimmed;
}

/**
 * Reads a thesaurus file in VOSviewer's format (VOSviewer manual, "Thesaurus files"): tab-delimited
 * text, the first line the header `label<TAB>replace by`, then one line per label, its replacement
 * in the second column; an empty replacement means the label is ignored (dropped from maps). A
 * line with no tab at all is a label without a replacement, so ignored too. Blank lines are
 * skipped. Labels are compared case-insensitively (foldLabel), so a label given twice in different
 * case is the same label: that, a missing header, a third column or an empty label is an error
 * naming the line (BAD_USER_INPUT on `argument`); nothing is stored then.
 */
export function parseThesaurus(text: string, argument = 'content'): ThesaurusEntry[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const header = lines.findIndex((line) => line.trim() !== '');
  if (header < 0)
    throw badUserInput(argument, 'is empty: a thesaurus starts with the header line "label<TAB>replace by"');
  const columns = lines[header]!.split('\t').map((column) => unquote(column).toLowerCase());
  if (columns.length !== 2 || columns[0] !== 'label' || columns[1] !== 'replace by') {
    throw badUserInput(
      argument,
      `line ${header + 1}: the header must be "label<TAB>replace by" (VOSviewer's thesaurus format), got "${lines[header]!.slice(0, 100)}"`,
    );
  }
  const entries: ThesaurusEntry[] = [];
  const seen = new Map<string, number>();
  for (let i = header + 1; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const fields = line.split('\t');
    const where = `line ${i + 1}`;
    if (fields.length > 2)
      throw badUserInput(
        argument,
        `${where}: has ${fields.length} tab-separated columns; a thesaurus line has two (label, replace by)`,
      );
    const label = unquote(fields[0]!);
    const replaceBy = unquote(fields[1] ?? '');
    if (label === '') throw badUserInput(argument, `${where}: the label is empty`);
    if (label.length > MAX_THESAURUS_LABEL || replaceBy.length > MAX_THESAURUS_LABEL) {
      throw badUserInput(argument, `${where}: a label or replacement is longer than ${MAX_THESAURUS_LABEL} characters`);
    }
    const folded = foldLabel(label);
    const earlier = seen.get(folded);
    if (earlier !== undefined)
      throw badUserInput(
        argument,
        `${where}: the label "${label}" is already given on line ${earlier} (labels are compared ignoring case)`,
      );
    seen.set(folded, i + 1);
    entries.push({ label, replaceBy });
    if (entries.length > MAX_THESAURUS_ENTRIES)
      throw badUserInput(argument, `has more than ${MAX_THESAURUS_ENTRIES} entries`);
  }
  if (entries.length === 0) throw badUserInput(argument, 'has a header but no entries');
  return entries;
}

/**
 * The replacement map the map statement takes (folded label -> replacement, '' = ignored) from
 * stored thesauri, oldest first: a later thesaurus overrides an earlier one for the same label.
 * Replacements are applied once (a replacement that is itself a label elsewhere is not replaced
 * again), as VOSviewer does.
 */
export function replacementMap(thesauri: ReadonlyArray<readonly ThesaurusEntry[]>): Record<string, string> {
  const map: Record<string, string> = {};
  for (const entries of thesauri) for (const entry of entries) map[foldLabel(entry.label)] = entry.replaceBy;
  return map;
}
