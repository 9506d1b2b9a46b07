import type { ReadResult, SourceAffiliation, SourceAuthor, SourceJournal, SourceRecord, SourceSubject } from "../../../model.ts";
import type { RecordReader } from "../../RecordReader.ts";
import { describeLimit, MAX_RECORD_CHARS } from "../../common/limits.ts";
import { readByLine, type TextLine } from "../../common/LineSplitter.ts";
import { authorFromInverted } from "../../common/personName.ts";
import { convertRecord, FieldError, problem } from "../../common/problems.ts";
import { cleanDoi, cleanPmcid, cleanPmid, issnsInText, nonEmpty, parsePages, parseYear } from "../../common/values.ts";

/**
 * PubMed/MEDLINE text (the `.nbib` of PubMed's "Send to: Citation manager", the MEDLINE display
 * downloaded as `.txt`). No maintained JavaScript parser reads this layout with per-author
 * affiliations and MeSH flags, and the layout is simple, so it is read here, line by line:
 *
 *   PMID- 34567890                       a tag, padded to four characters, then "- "
 *   TI  - Study progress of exosomes     a value
 *         derived from ...               a continuation line (indented), joined with a space
 *   FAU - Chen, Haoming                  an author; AU, AUID and AD lines after it are that author's
 *
 * Records are separated by blank lines. Every tag the SourceRecord has room for is kept; the NLM
 * housekeeping tags (OWN, STAT, DCOM, LR, EDAT, MHDA, CRDT, PHST, SO, ...) and the investigators
 * (FIR/IR, who are not authors) are not.
 */

/** `PMID- `, `TI  - `, `FAU - `: a tag of 2-4 characters padded to four, then `-`. */
const TAG_LINE = /^([A-Z][A-Z0-9]{1,3}) {0,2}-(?: (.*))?$/;
const CONTINUATION = /^[ \t]+\S/;

interface Field {
  tag: string;
  value: string;
  line: number;
}

/** Tags only MEDLINE records carry (RIS has none of these four-column tags). */
const MEDLINE_ONLY_TAGS = new Set(["PMID", "FAU", "STAT", "OWN", "DCOM", "LR", "JT", "TA", "MH", "EDAT", "CRDT", "DP"]);

/**
 * True when the head of a file is MEDLINE text: its first non-blank line is a tag line (PubMed
 * writes `PMID- ` first), not RIS's `TY  - `, and the head has at least three tag lines, one of
 * them a MEDLINE-only tag. A WPRIM page (`- Author:` lines, a title first) never starts with a tag.
 */
function detect(head: string): boolean {
  const lines = head.split(/\r\n|\r|\n/, 400);
  const first = lines.find((l) => l.trim() !== "");
  if (!first || !TAG_LINE.test(first) || /^TY {1,2}-/.test(first)) return false;
  if (/^PMID- ?\d/.test(first)) return true;
  const tags = lines.map((l) => TAG_LINE.exec(l)?.[1]).filter((t): t is string => t !== undefined);
  return tags.length >= 3 && tags.some((t) => MEDLINE_ONLY_TAGS.has(t));
}

class MedlineRecordBuilder {
  fields: Field[] = [];
  startLine = 0;
  chars = 0;
  oversized = false;
  badLine: TextLine | undefined;
}

/** `MH  - Enterocolitis, Necrotizing/*therapy`: descriptor and qualifiers, `*` marking a major topic. */
export function parseMeshHeading(printed: string): SourceSubject {
  const [descriptorPart = "", ...qualifierParts] = printed.split("/");
  const descriptorMajor = descriptorPart.trim().startsWith("*");
  const subject: SourceSubject = { kind: "mesh", term: descriptorPart.trim().replace(/^\*/, "").trim(), major: descriptorMajor };
  const qualifiers = qualifierParts
    .map((q) => q.trim())
    .filter((q) => q !== "")
    .map((q) => ({ name: q.replace(/^\*/, "").trim(), major: q.startsWith("*") }));
  if (qualifiers.length > 0) subject.qualifiers = qualifiers;
  return subject;
}

/** `10.3760/cma.j.cn101070-20200616-01000 [doi]` -> value and type. */
function idWithType(value: string): { id: string; type: string } | undefined {
  const m = /^(.*?)\s*\[([a-z-]+)\]\s*$/i.exec(value);
  return m?.[1] && m[2] ? { id: m[1].trim(), type: m[2].toLowerCase() } : undefined;
}

function toRecord(fields: Field[], file: string, index: number, line: number): SourceRecord {
  const record: SourceRecord = { origin: { format: "medline", file, index, line }, title: "", authors: [], subjects: [], references: [] };
  const journal: SourceJournal = { issns: [] };
  const recordAffiliations: SourceAffiliation[] = [];
  let current: (SourceAuthor & { hasAbbreviated?: boolean; fromFull?: boolean }) | undefined;
  let inInvestigators = false;
  const types: string[] = [];
  let pagesField: Field | undefined;

  for (const f of fields) {
    const value = nonEmpty(f.value);
    if (value === undefined) continue;
    switch (f.tag) {
      case "PMID":
        record.pmid = cleanPmid(value);
        break;
      case "TI":
        record.title = value;
        break;
      case "TT":
        record.vernacularTitle = value;
        break;
      case "AB":
        record.abstract = value;
        break;
      case "FAU":
        inInvestigators = false;
        current = { ...authorFromInverted(value), affiliations: [], line: f.line, fromFull: true };
        record.authors.push(current);
        break;
      case "AU":
        inInvestigators = false;
        if (current?.fromFull && !current.hasAbbreviated && !current.collective) {
          current.hasAbbreviated = true; // "Chen H" after "Chen, Haoming": the same author, abbreviated
        } else {
          // Older records print only AU ("Smith JA"): family name, then initials.
          const m = /^(.*\S)\s+([A-Z]{1,4})$/.exec(value);
          current = m?.[1] && m[2]
            ? { name: `${m[2]} ${m[1]}`, family: m[1], given: m[2], affiliations: [], line: f.line, hasAbbreviated: true }
            : { name: value, affiliations: [], line: f.line, hasAbbreviated: true };
          record.authors.push(current);
        }
        break;
      case "CN":
        inInvestigators = false;
        current = { name: value, collective: true, affiliations: [], line: f.line };
        record.authors.push(current);
        break;
      case "FIR":
      case "IR":
        // Investigators are listed after the authors; their AUID/AD lines are theirs, not an author's.
        inInvestigators = true;
        current = undefined;
        break;
      case "AUID": {
        if (inInvestigators) break;
        const m = /^ORCID:\s*(.+)$/i.exec(value);
        if (m?.[1] && current) current.orcid = m[1].trim();
        break;
      }
      case "AD":
        if (inInvestigators) break;
        if (current) current.affiliations.push({ text: value });
        else recordAffiliations.push({ text: value }); // an address printed before any author belongs to no one in particular
        break;
      case "LA":
        record.language ??= value;
        break;
      case "MH":
        record.subjects.push(parseMeshHeading(value));
        break;
      case "OT":
        record.subjects.push({ kind: "keyword", term: value });
        break;
      case "AID":
      case "LID": {
        const id = idWithType(value);
        if (id?.type === "doi") record.doi ??= cleanDoi(id.id);
        if (id?.type === "pmc") record.pmcid ??= cleanPmcid(id.id);
        break;
      }
      case "PMC":
        record.pmcid = cleanPmcid(value);
        break;
      case "TA":
        journal.abbreviation = value;
        break;
      case "JT":
        journal.title = value;
        break;
      case "IS":
        journal.issns.push(...issnsInText(value));
        break;
      case "PB":
        journal.publisher ??= value;
        break;
      case "DP": {
        const year = parseYear(value);
        if (year === undefined) throw new FieldError("DP", `no year in the publication date "${value}"`, f.line);
        record.year = year;
        break;
      }
      case "VI":
        record.volume = value;
        break;
      case "IP":
        record.issue = value;
        break;
      case "PG":
        pagesField = f;
        break;
      case "PL":
        record.country = value;
        break;
      case "PT":
        types.push(value);
        break;
      default:
        break;
    }
  }
  if (pagesField) Object.assign(record, parsePages(pagesField.value));
  if (journal.title || journal.abbreviation || journal.issns.length > 0) record.journal = journal;
  if (types.length > 0) record.publicationTypes = types;
  if (recordAffiliations.length > 0) record.affiliations = recordAffiliations;
  for (const a of record.authors as Array<SourceAuthor & { hasAbbreviated?: boolean; fromFull?: boolean }>) {
    delete a.hasAbbreviated;
    delete a.fromFull;
  }
  if (record.title === "") {
    const ti = fields.find((f) => f.tag === "TI");
    throw new FieldError("TI", ti ? "the title (TI) is empty" : "the record has no title (TI line)", ti?.line ?? line);
  }
  return record;
}

async function* read(chunks: AsyncIterable<string>, file: string): AsyncGenerator<ReadResult> {
  let index = 0;
  let rec: MedlineRecordBuilder | undefined;

  const finish = (): ReadResult | undefined => {
    const r = rec;
    rec = undefined;
    if (!r) return undefined;
    const at = { file, index: index++, line: r.startLine };
    if (r.oversized) {
      return problem({ ...at, field: "(record)", reason: `the record is larger than ${describeLimit(MAX_RECORD_CHARS)}; it was not read` });
    }
    if (r.badLine) {
      const shown = r.badLine.text.length > 60 ? `${r.badLine.text.slice(0, 60)}…` : r.badLine.text;
      return problem({ ...at, line: r.badLine.line, field: "(line)", reason: `expected a MEDLINE line "TAG - value" or an indented continuation, found "${shown}"` });
    }
    return convertRecord(at, () => ({ ok: true, record: toRecord(r.fields, file, at.index, at.line) }));
  };

  const onLine = (l: TextLine, out: ReadResult[]): void => {
    if (l.text.trim() === "" && !l.truncated) {
      const done = finish();
      if (done) out.push(done);
      return;
    }
    const tag = l.truncated ? undefined : TAG_LINE.exec(l.text);
    // A PMID line always starts a record, even when the blank line before it is missing.
    if (tag?.[1] === "PMID" && rec && rec.fields.length > 0) {
      const done = finish();
      if (done) out.push(done);
    }
    if (!rec) {
      rec = new MedlineRecordBuilder();
      rec.startLine = l.line;
    }
    if (rec.oversized) return;
    rec.chars += l.text.length + 1;
    if (l.truncated || rec.chars > MAX_RECORD_CHARS) {
      rec.oversized = true;
      rec.fields = [];
      return;
    }
    if (rec.badLine) return;
    if (tag?.[1]) {
      rec.fields.push({ tag: tag[1], value: tag[2] ?? "", line: l.line });
    } else if (CONTINUATION.test(l.text) && rec.fields.length > 0) {
      const last = rec.fields[rec.fields.length - 1] as Field;
      last.value = `${last.value} ${l.text.trim()}`;
    } else {
      rec.badLine = l;
    }
  };

  yield* readByLine<ReadResult>(chunks, onLine, (out) => {
    const last = finish();
    if (last) out.push(last);
  });
}

/** The MEDLINE text reader. */
export const medlineReader: RecordReader = {
  format: "medline",
  extensions: ["nbib", "medline", "txt"],
  detect,
  read,
};
