/** The parts of a WPRIM citation line; a part the line does not print stays undefined (never invented). */
export interface Citation {
  year: number;
  volume?: string;
  issue?: string;
  firstPage?: string;
  lastPage?: string;
}

/** The printed grammar, for error messages. */
export const CITATION_FORMAT = '<year>;<volume>(<issue>):<pages>';

// year ; volume? (issue)? (: pages)?   pages = page or page-page; a page may be an article number like e123.
const PAGE = String.raw`[A-Za-z]{0,2}\d+[A-Za-z]?`;
// A volume is a number (36, 12A) or a short prefixed number (S1, Suppl 2); free text is not a volume.
const VOLUME = String.raw`\d+[A-Za-z]?|[A-Za-z]{1,6}\s?\d+`;
const CITATION_RE = new RegExp(
  String.raw`^(\d{4})\s*;\s*(${VOLUME})?\s*(?:\(\s*([^()]+?)\s*\))?\s*(?::\s*(${PAGE})(?:\s*[-\u2010-\u2015~]\s*(${PAGE}))?)?\s*\.?$`,
);

/**
 * Parses the citation line of a WPRIM `From:` block, e.g. `2021;36(21):1673-1676`,
 * `2020;12:e123`, `2022;37(Suppl 1):45-47`, `2021;36(21)`. Returns undefined when the line does not
 * follow the grammar (the parser turns that into an error naming the line), so both stages share one grammar.
 */
export function parseCitation(line: string): Citation | undefined {
  const m = CITATION_RE.exec(line.trim());
  if (!m) return undefined;
  const [, year, volume, issue, firstPage, lastPage] = m;
  // A citation with neither volume nor issue nor pages says nothing beyond the year: not a citation line.
  if (volume === undefined && issue === undefined && firstPage === undefined) return undefined;
  const citation: Citation = { year: Number(year) };
  if (volume !== undefined && volume.trim() !== '') citation.volume = volume.trim();
  if (issue !== undefined) citation.issue = issue.replace(/\s+/g, ' ');
  if (firstPage !== undefined) citation.firstPage = firstPage;
  if (lastPage !== undefined) citation.lastPage = lastPage;
  return citation;
}
