import type { SourceAffiliation, SourceAuthor, SourceRecord } from '../../../model.ts';
import { RecordParseError } from '../../RecordParseError.ts';
import { splitLines, type SourceLine } from './splitLines.ts';
import { classifyFieldLine, type KnownField } from './fieldLabels.ts';
import { parseAuthorBlock } from './parseAuthorBlock.ts';
import { CITATION_FORMAT, parseCitation, type Citation } from './parseCitation.ts';
import { splitPrintedName } from './splitPrintedName.ts';
import { newRecord } from '../../common/newRecord.ts';

/** WPRIM prints an empty `- ` line and then `Abstract:` on a line of its own. */
const BARE_ABSTRACT_RE = /^Abstract\s*:\s*(.*)$/i;
/** `10.<registrant>/<suffix>`, optionally written as a doi.org URL or with a `doi:` prefix. */
export const DOI_LINE_RE = /^(?:doi\s*:\s*|https?:\/\/(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/\S+)$/i;
/** Control characters (other than tab/newline) or replacement characters: a binary file, not a text record. */
export const BINARY_RE = /[\u0000-\u0008\u000E-\u001F\uFFFD]/;

interface Block {
  /** Canonical field name, or undefined for a field we do not read (or an empty `- ` line). */
  field: KnownField | undefined;
  header: SourceLine;
  /** Content lines: the text after the colon on the header line (when any) and the following lines. */
  lines: SourceLine[];
}

function nonBlank(lines: SourceLine[]): SourceLine[] {
  return lines.filter((l) => l.text !== '');
}

function joined(lines: SourceLine[]): string | undefined {
  const text = nonBlank(lines)
    .map((l) => l.text)
    .join(' ')
    .trim();
  return text === '' ? undefined : text;
}

/**
 * Reads the cleaned lines of ONE WPRIM record (the scraped text of a record page) into a
 * SourceRecord: every value as printed (whitespace collapsed; hyphenation is normalization's job),
 * the citation line parsed into year/volume/issue/pages, affiliation markers resolved to each author's
 * affiliations. Layout: title on the first non-blank line, optionally a DOI line, then `- Field:`
 * blocks in any order. Throws RecordParseError (file, line, field) on anything that is not a
 * readable record, a misspelt field label included. Pure.
 */
export function parseWprimRecord(lines: readonly SourceLine[], file: string, index: number): SourceRecord {
  const firstLine = lines.find((l) => l.text !== '');
  if (!firstLine) {
    throw new RecordParseError(
      file,
      lines[0]?.line ?? 1,
      'Title',
      'the record is empty (a record needs at least a title)',
    );
  }
  if (/^<(?:!doctype|html|\?xml|head|body|div|[a-z]+[\s>])/i.test(firstLine.text)) {
    throw new RecordParseError(
      file,
      firstLine.line,
      '(record)',
      'not a WPRIM record: the file looks like HTML/XML markup',
    );
  }

  // Split into the preamble (title, DOI) and field blocks.
  const preamble: SourceLine[] = [];
  const blocks: Block[] = [];
  for (const l of lines) {
    const current = blocks.at(-1);
    const inAbstract = current?.field === 'Abstract';
    const label = classifyFieldLine(l.text);
    if (label?.kind === 'near-miss') {
      throw new RecordParseError(
        file,
        l.line,
        label.label,
        `unknown field label "- ${label.label}:"; WPRIM prints "- ${label.meant}:" (a misspelt label is never read as data)`,
      );
    }
    const bareAbstract = !inAbstract && !label ? BARE_ABSTRACT_RE.exec(l.text) : null;
    if (label?.kind === 'known') {
      blocks.push({ field: label.field, header: l, lines: label.value ? [{ line: l.line, text: label.value }] : [] });
    } else if (label) {
      blocks.push({ field: undefined, header: l, lines: [] });
    } else if (bareAbstract && blocks.length > 0) {
      blocks.push({
        field: 'Abstract',
        header: l,
        lines: bareAbstract[1] ? [{ line: l.line, text: bareAbstract[1] }] : [],
      });
    } else if (current) {
      current.lines.push(l);
    } else {
      preamble.push(l);
    }
  }

  const known = blocks.filter((b): b is Block & { field: KnownField } => b.field !== undefined);
  if (known.length === 0) {
    throw new RecordParseError(
      file,
      firstLine.line,
      '(record)',
      'not a WPRIM record: no "- Field:" lines (Author, Keywords, From, ...) found',
    );
  }
  const seen = new Map<KnownField, Block>();
  for (const b of known) {
    const earlier = seen.get(b.field);
    if (earlier) {
      throw new RecordParseError(
        file,
        b.header.line,
        b.field,
        `duplicate field (first given on line ${earlier.header.line}); a second record in the same file must start with its title on a line of its own, not indented`,
      );
    }
    seen.set(b.field, b);
  }

  const titleLine = nonBlank(preamble)[0];
  if (!titleLine) {
    throw new RecordParseError(
      file,
      firstLine.line,
      'Title',
      'missing: the record starts with a field instead of a title line',
    );
  }
  const record = newRecord('wprim', file, index, titleLine.line, titleLine.text);

  const doiLine = nonBlank(preamble)
    .slice(1)
    .map((l) => DOI_LINE_RE.exec(l.text)?.[1])
    .find((d) => d !== undefined);
  if (doiLine) record.doi = doiLine;

  for (const b of known) {
    switch (b.field) {
      case 'DOI': {
        const value = joined(b.lines);
        if (value) record.doi = value; // an explicit field wins over the preamble line
        break;
      }
      case 'VernacularTitle': {
        const value = joined(b.lines);
        if (value) record.vernacularTitle = value;
        break;
      }
      case 'Author':
        record.authors = readAuthors(file, b);
        break;
      case 'Keywords':
        record.subjects = nonBlank(b.lines)
          .flatMap((l) => l.text.split(/[;；]/))
          .map((k) => k.trim())
          .filter((k) => k !== '')
          .map((term) => ({ kind: 'keyword' as const, term }));
        break;
      case 'From': {
        const { journal, citation } = parseFrom(file, b);
        record.journal = { title: journal, issns: [] };
        record.year = citation.year;
        if (citation.volume !== undefined) record.volume = citation.volume;
        if (citation.issue !== undefined) record.issue = citation.issue;
        if (citation.firstPage !== undefined) record.firstPage = citation.firstPage;
        if (citation.lastPage !== undefined) record.lastPage = citation.lastPage;
        break;
      }
      case 'Country': {
        const value = joined(b.lines);
        if (value) record.country = value;
        break;
      }
      case 'Language': {
        const value = joined(b.lines);
        if (value) record.language = value;
        break;
      }
      case 'Abstract': {
        const value = joined(b.lines);
        if (value) record.abstract = value;
        break;
      }
    }
  }
  return record;
}

/** The byline with each author's marked affiliations resolved (marker kept on each). */
function readAuthors(file: string, b: Block): SourceAuthor[] {
  const { authors, affiliations } = parseAuthorBlock(file, b.header, b.lines);
  const byMarker = new Map(affiliations.map((a) => [a.marker, a]));
  return authors.map((author) => {
    const name = author.name.replace(/\s+/g, ' ').trim();
    const resolved: SourceAffiliation[] = author.markers.map((marker) => ({
      text: byMarker.get(marker)!.text,
      marker,
    }));
    const out: SourceAuthor = { name, affiliations: resolved, line: author.line };
    const { family, given } = splitPrintedName(name);
    if (family) out.family = family;
    if (given) out.given = given;
    return out;
  });
}

/** The `From:` block: journal title line(s), then the citation line (or both on one line), citation parsed. */
function parseFrom(file: string, b: Block): { journal: string; citation: Citation } {
  const lines = nonBlank(b.lines);
  if (lines.length === 0) {
    throw new RecordParseError(
      file,
      b.header.line,
      'From',
      `expected a journal line and "${CITATION_FORMAT}" but the block is empty`,
    );
  }
  let journal: string;
  let citationLine: SourceLine;
  const last = lines[lines.length - 1] as SourceLine;
  if (lines.length === 1) {
    const m = /^(.*\S)\s+(\d{4}\s*;.*)$/.exec(last.text);
    if (!m?.[1] || !m[2]) {
      throw new RecordParseError(
        file,
        last.line,
        'From',
        `expected a journal line followed by "${CITATION_FORMAT}" but found "${last.text}"`,
      );
    }
    journal = m[1];
    citationLine = { line: last.line, text: m[2] };
  } else {
    journal = lines
      .slice(0, -1)
      .map((l) => l.text)
      .join(' ');
    citationLine = last;
  }
  const citation = parseCitation(citationLine.text);
  if (!citation) {
    throw new RecordParseError(
      file,
      citationLine.line,
      'From',
      `expected "${CITATION_FORMAT}" but found "${citationLine.text}"`,
    );
  }
  return { journal, citation };
}

/**
 * Reads a text holding exactly one WPRIM record (a convenience for tests and callers that have one
 * record page in memory); the streaming reader (wprimReader) handles files with several records.
 */
export function parseWprimText(text: string, file: string): SourceRecord {
  const binaryAt = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .findIndex((l) => BINARY_RE.test(l));
  if (binaryAt >= 0) {
    throw new RecordParseError(file, binaryAt + 1, '(record)', 'not a WPRIM record: the file contains binary data');
  }
  return parseWprimRecord(splitLines(text), file, 0);
}
