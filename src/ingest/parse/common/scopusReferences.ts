import type { SourceReference } from '../../model.ts';
import { collapseSpace } from './values.ts';

/**
 * Scopus's cited references of a record (the CSV "References" cell, the RIS `N1  - References:` note),
 * in one of the two layouts Scopus has exported. One parser for both exports, so the same cited work
 * read from either keys to the same reference-only work.
 *
 * Before 2020 (authors `Family, I.` joined by `, `; the year in parentheses BEFORE the source):
 *   Goldacker, W., ROEBEL assembled coated conductors (RACC) (2007) IEEE Trans. Appl. Supercond., 17 (2), pp. 3398-3401
 *   Obradors, X., Puig, T., (2014) Supercond. Sci. Technol., 27, p. 044003
 * Since (authors `Family I.` joined by `; `, so references can only be told apart by the year that
 * now ENDS each one):
 *   Cheng M.; Xue Y.; Cui M., Global, regional, and national burden of low back pain, Spine, 50, pp. E128-E139, (2025)
 *
 * Each becomes first author, title, year, source, volume and first page (the printed text kept);
 * what cannot be told apart (a title with commas and no source after it) stays in the text only.
 */
export function parseScopusReferences(cell: string): SourceReference[] {
  const text = collapseSpace(cell);
  if (text === '') return [];
  const modern = /, \(\d{4}\)$/.test(text) || /, \(\d{4}\); /.test(text);
  const entries = modern ? text.split(/(?<=, \(\d{4}\));\s+/) : text.split(/;\s+(?=\S)/);
  return entries
    .map((e) => e.trim())
    .filter((e) => e !== '')
    .map((e) => (modern ? parseModern(e) : parseClassic(e)));
}

const INITIALS = /^(?:\p{Lu}[\p{Ll}]?\.\s?-?)+$/u;
const MODERN_NAME = /^[\p{L}'’\- ]+ (?:\p{Lu}[\p{Ll}]?\.\s?-?)+$/u;

function volumeAndPages(parts: string[], ref: SourceReference): string[] {
  const rest = [...parts];
  const pages = rest.length > 0 ? /^pp?\.\s*([^-\s,]+)/.exec(rest[rest.length - 1]!.trim()) : null;
  if (pages?.[1]) {
    ref.firstPage = pages[1];
    rest.pop();
  }
  return rest;
}

function parseClassic(printed: string): SourceReference {
  const ref: SourceReference = { text: printed };
  const m = /^(.*?)\s*\((\d{4})\)\s*(.*)$/.exec(printed);
  if (!m) return ref;
  ref.year = Number(m[2]);
  // "Barker, (1983) Book": a comma right before the year means no title was printed, only authors.
  const noTitle = /,\s*$/.test(m[1] ?? '');
  const before = (m[1] ?? '').replace(/,\s*$/, '');
  const parts = before.split(', ');
  let i = 0;
  while (i + 1 < parts.length && !INITIALS.test(parts[i]!) && INITIALS.test(parts[i + 1]!)) i += 2;
  if (i > 0) ref.firstAuthor = `${parts[0]}, ${parts[1]}`;
  else if (noTitle && parts[0]) ref.firstAuthor = parts[0];
  const title = noTitle ? '' : parts.slice(i).join(', ').trim();
  if (title) ref.title = title;
  // "..., 28 (4). , Feb": the trailing month is the issue date, not part of the citation.
  const after = (m[3] ?? '')
    .replace(/\.\s*,\s*[A-Z][a-z]{2}\.?$/, '')
    .split(', ')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const source = after.shift();
  if (source) ref.journal = source;
  const numbers = volumeAndPages(after, ref);
  const volume = numbers[0] ? /^([\w-]*\d[\w-]*)(?:\s|\.|$)/.exec(numbers[0])?.[1] : undefined;
  if (volume) ref.volume = volume;
  return ref;
}

function parseModern(printed: string): SourceReference {
  const ref: SourceReference = { text: printed };
  const m = /^(.*), \((\d{4})\)$/.exec(printed);
  if (!m) return ref;
  ref.year = Number(m[2]);
  const parts = (m[1] ?? '').split(', ');
  const names = parts[0]?.split('; ') ?? [];
  if (parts.length > 1 && names.every((n) => MODERN_NAME.test(n.trim()))) {
    ref.firstAuthor = names[0]!.trim();
    parts.shift();
  }
  const rest = volumeAndPages(parts, ref);
  // Trailing volume and issue: short tokens with a digit.
  const numbers: string[] = [];
  while (rest.length > 1 && /^[\w-]{1,12}$/.test(rest[rest.length - 1]!) && /\d/.test(rest[rest.length - 1]!))
    numbers.unshift(rest.pop()!);
  if (numbers[0]) ref.volume = numbers[0];
  if (rest.length >= 2) {
    ref.journal = rest.pop()!;
    ref.title = rest.join(', ');
  } else if (rest.length === 1 && (numbers.length > 0 || ref.firstPage)) {
    ref.journal = rest[0]!;
  } else if (rest.length === 1) {
    ref.title = rest[0]!;
  }
  return ref;
}
