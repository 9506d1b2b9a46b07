import type { RawRecord } from "../model.ts";
import { CITATION_FORMAT, parseCitation } from "../normalize/parseCitation.ts";
import { parseAuthorBlock } from "./parseAuthorBlock.ts";
import { RecordParseError } from "./RecordParseError.ts";
import { splitLines, type SourceLine } from "./splitLines.ts";

/** The `- Field:` names a WPRIM record page prints (canonical spelling). */
const KNOWN_FIELDS = ["VernacularTitle", "Author", "Keywords", "From", "Country", "Language", "DOI", "Abstract"] as const;
type KnownField = (typeof KNOWN_FIELDS)[number];

/** `- Field:value`, `- Field: value` and, as WPRIM prints Country, `- CountryChina` (no colon). */
const KNOWN_FIELD_RE = new RegExp(`^-\\s*(${KNOWN_FIELDS.join("|")})\\s*:?\\s*(.*)$`, "i");
/** Any other `- Name:` line: a field we do not read (tolerated, its content skipped). */
const OTHER_FIELD_RE = /^-\s*([A-Za-z][A-Za-z ]{0,40}?)\s*:\s*(.*)$/;
/** WPRIM prints an empty `- ` line and then `Abstract:` on a line of its own. */
const BARE_ABSTRACT_RE = /^Abstract\s*:\s*(.*)$/i;
/** `10.<registrant>/<suffix>`, optionally written as a doi.org URL or with a `doi:` prefix. */
const DOI_LINE_RE = /^(?:doi\s*:\s*|https?:\/\/(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/\S+)$/i;
/** Control characters (other than tab/newline) or replacement characters: a binary file, not a text record. */
const BINARY_RE = /[\u0000-\u0008\u000E-\u001F\uFFFD]/;

interface Block {
  /** Canonical field name, or undefined for a field we do not read (or an empty `- ` line). */
  field: KnownField | undefined;
  header: SourceLine;
  /** Content lines: the text after the colon on the header line (when any) and the following lines. */
  lines: SourceLine[];
}

function canonical(name: string): KnownField {
  const found = KNOWN_FIELDS.find((f) => f.toLowerCase() === name.toLowerCase());
  if (!found) throw new Error(`unreachable: unknown field ${name}`);
  return found;
}

function nonBlank(lines: SourceLine[]): SourceLine[] {
  return lines.filter((l) => l.text !== "");
}

function joined(lines: SourceLine[]): string | undefined {
  const text = nonBlank(lines)
    .map((l) => l.text)
    .join(" ")
    .trim();
  return text === "" ? undefined : text;
}

/**
 * Reads one WPRIM record file (the scraped text of a record page) into a RawRecord: every value as printed,
 * whitespace collapsed, nothing interpreted. Layout: title on the first non-blank line, optionally a DOI line,
 * then `- Field:` blocks in any order. Throws RecordParseError (file, line, field) on anything that is not a
 * readable record. Pure: the caller does the I/O (see seed/read.ts).
 */
export function parseRecord(text: string, file: string): RawRecord {
  const lines = splitLines(text);
  const binaryAt = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/).findIndex((l) => BINARY_RE.test(l));
  if (binaryAt >= 0) {
    throw new RecordParseError(file, binaryAt + 1, "(record)", "not a WPRIM record: the file contains binary data");
  }
  const firstLine = lines.find((l) => l.text !== "");
  if (!firstLine) {
    throw new RecordParseError(file, 1, "Title", "the file is empty (a record needs at least a title)");
  }
  if (/^<(?:!doctype|html|\?xml|head|body|div|[a-z]+[\s>])/i.test(firstLine.text)) {
    throw new RecordParseError(file, firstLine.line, "(record)", "not a WPRIM record: the file looks like HTML/XML markup");
  }

  // Split into the preamble (title, DOI) and field blocks.
  const preamble: SourceLine[] = [];
  const blocks: Block[] = [];
  for (const l of lines) {
    const current = blocks.at(-1);
    const inAbstract = current?.field === "Abstract";
    const known = KNOWN_FIELD_RE.exec(l.text);
    const other = known ? null : OTHER_FIELD_RE.exec(l.text);
    const bareAbstract = !inAbstract && !known && !other ? BARE_ABSTRACT_RE.exec(l.text) : null;
    if (known?.[1] !== undefined) {
      blocks.push({ field: canonical(known[1]), header: l, lines: known[2] ? [{ line: l.line, text: known[2] }] : [] });
    } else if (other) {
      blocks.push({ field: undefined, header: l, lines: [] });
    } else if (l.text === "-") {
      blocks.push({ field: undefined, header: l, lines: [] });
    } else if (bareAbstract && blocks.length > 0) {
      blocks.push({ field: "Abstract", header: l, lines: bareAbstract[1] ? [{ line: l.line, text: bareAbstract[1] }] : [] });
    } else if (current) {
      current.lines.push(l);
    } else {
      preamble.push(l);
    }
  }

  const known = blocks.filter((b): b is Block & { field: KnownField } => b.field !== undefined);
  if (known.length === 0) {
    throw new RecordParseError(file, firstLine.line, "(record)", 'not a WPRIM record: no "- Field:" lines (Author, Keywords, From, ...) found');
  }
  const seen = new Map<KnownField, Block>();
  for (const b of known) {
    const earlier = seen.get(b.field);
    if (earlier) {
      throw new RecordParseError(file, b.header.line, b.field, `duplicate field (first given on line ${earlier.header.line})`);
    }
    seen.set(b.field, b);
  }

  const titleLine = nonBlank(preamble)[0];
  if (!titleLine) {
    throw new RecordParseError(file, firstLine.line, "Title", "missing: the record starts with a field instead of a title line");
  }
  const record: RawRecord = { file, title: titleLine.text, authors: [], affiliations: [], keywords: [] };

  const doiLine = nonBlank(preamble)
    .slice(1)
    .map((l) => DOI_LINE_RE.exec(l.text)?.[1])
    .find((d) => d !== undefined);
  if (doiLine) record.doi = doiLine;

  for (const b of known) {
    switch (b.field) {
      case "DOI": {
        const value = joined(b.lines);
        if (value) record.doi = value; // an explicit field wins over the preamble line
        break;
      }
      case "VernacularTitle": {
        const value = joined(b.lines);
        if (value) record.vernacularTitle = value;
        break;
      }
      case "Author": {
        const { authors, affiliations } = parseAuthorBlock(file, b.header, b.lines);
        record.authors = authors;
        record.affiliations = affiliations;
        break;
      }
      case "Keywords":
        record.keywords = nonBlank(b.lines)
          .flatMap((l) => l.text.split(/[;；]/))
          .map((k) => k.trim())
          .filter((k) => k !== "");
        break;
      case "From":
        record.from = parseFrom(file, b);
        break;
      case "Country": {
        const value = joined(b.lines);
        if (value) record.country = value;
        break;
      }
      case "Language": {
        const value = joined(b.lines);
        if (value) record.language = value;
        break;
      }
      case "Abstract": {
        const value = joined(b.lines);
        if (value) record.abstract = value;
        break;
      }
    }
  }
  return record;
}

/** The `From:` block: journal title line(s), then the citation line (or both on one line). */
function parseFrom(file: string, b: Block): NonNullable<RawRecord["from"]> {
  const lines = nonBlank(b.lines);
  const at = { file, line: b.header.line };
  if (lines.length === 0) {
    throw new RecordParseError(file, b.header.line, "From", `expected a journal line and "${CITATION_FORMAT}" but the block is empty`);
  }
  let journal: string;
  let citation: SourceLine;
  const last = lines[lines.length - 1] as SourceLine;
  if (lines.length === 1) {
    const m = /^(.*\S)\s+(\d{4}\s*;.*)$/.exec(last.text);
    if (!m?.[1] || !m[2]) {
      throw new RecordParseError(file, last.line, "From", `expected a journal line followed by "${CITATION_FORMAT}" but found "${last.text}"`);
    }
    journal = m[1];
    citation = { line: last.line, text: m[2] };
  } else {
    journal = lines.slice(0, -1).map((l) => l.text).join(" ");
    citation = last;
  }
  if (!parseCitation(citation.text)) {
    throw new RecordParseError(file, citation.line, "From", `expected "${CITATION_FORMAT}" but found "${citation.text}"`);
  }
  return { journal, citation: citation.text, at };
}
