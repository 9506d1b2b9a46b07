import type { SourceReference } from '../../../model.ts';
import { cleanDoi, collapseSpace } from '../../common/values.ts';

/**
 * One Web of Science cited reference (`CR`) as printed: `Author, Year, Source, Vvolume, Ppage, DOI doi`,
 * each part optional but in that order, separated by `, ` (Clarivate's "Cited References" field):
 *
 *   ALLEN PJ, 1966, AM J PHYS, V34, P1185, DOI 10.1119/1.1972585
 *   BULLOUGH RK, 1970, PHYSICS QUANTUM ELEC                        (a book: no volume, no page)
 *   [Anonymous], 1968, PHYS REV, V171, P1385
 *   Smith J, 2019, NATURE, V570, P45, DOI [10.1038/a, 10.1038/b]   (several DOIs: the first is kept)
 *
 * The source is WoS's own abbreviation (J9 style, at most 20 characters in older exports). Anything
 * after the page that is not a DOI is left in the printed text only.
 */
/** `V465`, `P123`, `PS12`, `VS1`: a volume or page marker, one word with a digit (a source such as `PHYS REV` or `PNAS` is none). */
const MARKER = /^[VP][^\s,]*\d[^\s,]*$/;

export function parseWosCitedReference(printed: string): SourceReference {
  const text = collapseSpace(printed);
  const ref: SourceReference = { text };
  const parts = splitTopLevel(text);
  let i = 0;
  const first = parts[0];
  if (first !== undefined && !/^\d{4}$/.test(first) && !MARKER.test(first) && !/^DOI\s/i.test(first)) {
    ref.firstAuthor = first;
    i = 1;
  }
  const year = parts[i];
  if (year !== undefined && /^\d{4}$/.test(year)) {
    ref.year = Number(year);
    i++;
  }
  const source = parts[i];
  if (source !== undefined && !MARKER.test(source) && !/^DOI\s/i.test(source)) {
    ref.journal = source;
    i++;
  }
  for (const part of parts.slice(i)) {
    const v = MARKER.test(part) ? /^V(.+)$/.exec(part) : null;
    const p = MARKER.test(part) ? /^P(.+)$/.exec(part) : null;
    const d = /^DOI\s+\[?([^,\]]+)/i.exec(part);
    if (v?.[1] && ref.volume === undefined && ref.firstPage === undefined) ref.volume = v[1];
    else if (p?.[1] && ref.firstPage === undefined) ref.firstPage = p[1];
    else if (d?.[1] && ref.doi === undefined) ref.doi = cleanDoi(d[1]);
  }
  return ref;
}

/** The `, `-separated parts of a cited reference, a bracketed DOI list kept whole. */
function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(text.slice(start).trim());
  return out.filter((p) => p !== '');
}
