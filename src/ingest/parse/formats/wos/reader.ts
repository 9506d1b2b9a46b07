import type { ReadResult, SourceRecord } from "../../../model.ts";
import type { RecordReader } from "../../RecordReader.ts";
import { FieldError } from "../../common/problems.ts";
import { applyMapping } from "../common/mapping.ts";
import { readTaggedRecords, type TaggedField, type TaggedSyntax } from "../common/taggedRecords.ts";
import { WOS_MAPPING } from "./mapping.ts";

/**
 * Web of Science plain text ("savedrecs.txt", Export > Plain text file > Full record and cited
 * references): a header `FN Clarivate Analytics Web of Science` / `VR 1.0`, then records from `PT`
 * to `ER`, then `EF`. A line is a two-character tag, a space and the value; a value continues on
 * lines indented by three spaces (each such line is the next author, address or cited reference in
 * AU, AF, C1 and CR, and wrapped text elsewhere). The tags' meaning is the mapping table (mapping.ts).
 */

const TAG_LINE = /^([A-Z][A-Z0-9]) (.*)$/;
const BARE_TAG = /^([A-Z][A-Z0-9])$/;

export const WOS_SYNTAX: TaggedSyntax = {
  name: "Web of Science",
  tagLine(text) {
    const m = TAG_LINE.exec(text) ?? BARE_TAG.exec(text.trimEnd());
    return m?.[1] ? { tag: m[1], value: m[2] ?? "" } : undefined;
  },
  continues: (text) => /^ {2,3}\S/.test(text) || /^\t/.test(text),
  opens: (tag) => tag === "PT",
  closes: (tag) => tag === "ER",
  blankLineCloses: false,
  outside: (text) => /^(?:FN|VR|EF)(?: |$)/.test(text.trim()),
  closingTag: "ER",
};

/** True when the head is WoS plain text: the FN header of Thomson Reuters or Clarivate, or a first record opening with PT followed by WoS tags. */
function detect(head: string): boolean {
  const lines = head.split(/\r\n|\r|\n/, 40).filter((l) => l.trim() !== "");
  const first = lines[0]?.trim() ?? "";
  if (/^FN (?:Thomson Reuters|Clarivate|ISI)\b/.test(first)) return true;
  return /^PT [A-Z]$/.test(first) && lines.slice(1, 30).some((l) => /^(?:AU|AF|TI|SO|UT) /.test(l));
}

function convert(fields: TaggedField[], at: { file: string; index: number; line: number }): SourceRecord {
  const record: SourceRecord = { origin: { format: "wos", file: at.file, index: at.index, line: at.line }, title: "", authors: [], subjects: [], references: [] };
  applyMapping(WOS_MAPPING, fields, (f) => f.tag, record);
  if (!record.title) throw new FieldError("TI", "the record has no title (TI)", at.line);
  if (record.journal && !record.journal.title && !record.journal.abbreviation && record.journal.issns.length === 0) delete record.journal;
  return record;
}

function read(chunks: AsyncIterable<string>, file: string): AsyncIterable<ReadResult> {
  return readTaggedRecords(chunks, file, WOS_SYNTAX, convert);
}

/** The Web of Science plain-text reader. */
export const wosReader: RecordReader = { format: "wos", extensions: ["txt", "isi", "ciw"], detect, read };
