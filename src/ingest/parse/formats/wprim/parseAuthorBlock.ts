import { RecordParseError } from '../../RecordParseError.ts';
import type { SourceLine } from './splitLines.ts';

/** One author as printed in the byline, with the affiliation markers printed after the name (e.g. ["1", "2"]). */
export interface BylineAuthor {
  name: string;
  markers: string[];
  /** 1-based line of the name. */
  line: number;
}

/** One numbered entry of the record's "Author Information" block, e.g. marker "1", text "郑州大学第一附属医院新生儿科,郑州 450052". */
export interface NumberedAffiliation {
  marker: string;
  /** Exactly as printed (only surrounding whitespace trimmed). */
  text: string;
  line: number;
}

/** A marker list as printed after a name: `1`, `1,2`, `1, 2`, `1 2`, `1、2`. */
const MARKER_LIST = String.raw`\d{1,3}(?:\s*[,，、]\s*\d{1,3}|\s+\d{1,3})*`;
const MARKERS_ONLY_RE = new RegExp(`^${MARKER_LIST}$`);
const NAME_WITH_MARKERS_RE = new RegExp(String.raw`^(.*?[^\d\s,，、])\s*(${MARKER_LIST})$`);
/** `1. text`, `1.text`, `1 text`, `1、text`, `1)text`, or `1郑州…` (digit directly followed by CJK). */
const AFFILIATION_RE = /^(\d{1,3})\s*(?:[.．、:：)）]|\s|(?=[^\x00-\x7F]))\s*(.+)$/;
const AUTHOR_INFORMATION_RE = /^Author\s+Information\s*:?\s*(.*)$/i;

function splitMarkers(list: string): string[] {
  return list.split(/[\s,，、]+/).filter((m) => m !== '');
}

/**
 * Reads the `- Author:` block: the byline (names, each optionally followed by a marker list, authors
 * separated by `;`, names and markers possibly on separate lines) and, after the `Author Information`
 * line, the numbered affiliations. Checks that every marker an author uses has an affiliation entry.
 */
export function parseAuthorBlock(
  file: string,
  header: SourceLine,
  lines: SourceLine[],
): { authors: BylineAuthor[]; affiliations: NumberedAffiliation[] } {
  const byline: SourceLine[] = [];
  const info: SourceLine[] = [];
  let inInfo = false;
  for (const l of lines) {
    if (l.text === '') continue;
    const m = AUTHOR_INFORMATION_RE.exec(l.text);
    if (!inInfo && m) {
      inInfo = true;
      if (m[1]) info.push({ line: l.line, text: m[1] });
      continue;
    }
    (inInfo ? info : byline).push(l);
  }

  const authors: BylineAuthor[] = [];
  let current: BylineAuthor | undefined;
  const finish = () => {
    if (current) authors.push(current);
    current = undefined;
  };
  for (const l of byline) {
    const pieces = l.text.split(/[;；]/);
    pieces.forEach((rawPiece, i) => {
      const piece = rawPiece.replace(/[*＊#†‡]+/g, ' ').trim();
      if (piece !== '') {
        if (MARKERS_ONLY_RE.test(piece)) {
          if (!current) {
            throw new RecordParseError(
              file,
              l.line,
              'Author',
              `marker list "${piece}" is not preceded by an author name`,
            );
          }
          current.markers.push(...splitMarkers(piece));
        } else {
          finish();
          const m = NAME_WITH_MARKERS_RE.exec(piece);
          const name = (m?.[1] ?? piece).trim();
          current = { name, markers: m?.[2] ? splitMarkers(m[2]) : [], line: l.line };
        }
      }
      if (i < pieces.length - 1) finish(); // a `;` separator ends the author
    });
  }
  finish();
  if (authors.length === 0) {
    throw new RecordParseError(file, header.line, 'Author', 'the author block has no names');
  }

  const affiliations: NumberedAffiliation[] = [];
  for (const l of info) {
    const m = AFFILIATION_RE.exec(l.text);
    if (m?.[1] && m[2]) {
      const marker = m[1];
      if (affiliations.some((a) => a.marker === marker)) {
        throw new RecordParseError(file, l.line, 'Author Information', `affiliation marker "${marker}" appears twice`);
      }
      affiliations.push({ marker, text: m[2].trim(), line: l.line });
    } else {
      const previous = affiliations.at(-1);
      if (previous) {
        previous.text = `${previous.text} ${l.text}`; // a wrapped affiliation line
      } else {
        // An unnumbered single affiliation: kept with an empty marker; no author marker can point at it.
        affiliations.push({ marker: '', text: l.text, line: l.line });
      }
    }
  }

  for (const author of authors) {
    for (const marker of author.markers) {
      if (!affiliations.some((a) => a.marker === marker)) {
        throw new RecordParseError(
          file,
          author.line,
          'Author',
          `author "${author.name}" uses affiliation marker "${marker}" but the record has no affiliation "${marker}"`,
        );
      }
    }
  }
  return { authors, affiliations };
}
