import type { ReadResult, SourceAffiliation, SourceAuthor, SourceJournal, SourceRecord } from "../../../model.ts";
import type { RecordReader } from "../../RecordReader.ts";
import { describeLimit, MAX_RECORD_CHARS } from "../../common/limits.ts";
import { readByLine, type TextLine } from "../../common/LineSplitter.ts";
import { authorFromInverted } from "../../common/personName.ts";
import { convertRecord, FieldError, problem } from "../../common/problems.ts";
import { cleanDoi, cleanPmcid, cleanPmid, issnsInText, nonEmpty, parsePages, parseYear, splitKeywords } from "../../common/values.ts";

/**
 * RIS (Zotero, EndNote, Mendeley, Scopus, Web of Science and PubMed-via-EndNote exports).
 *
 * Why not @citation-js/plugin-ris: it was evaluated first. It converts to CSL-JSON, which has no
 * place for author addresses (AD) or accession numbers (AN, where EndNote keeps the PMID), so both
 * are dropped; it takes the whole file as one string (no streaming, no line numbers for errors);
 * and a file without ER is not reported. RIS is a simple line format ("TY  - JOUR", two letters,
 * two spaces, a hyphen), so it is read here line by line. The unit tests check that this reader
 * and citation-js agree on every field both keep.
 *
 * Tag use follows the RIS specification with the exporters' known habits:
 * - title TI (T1 in older exports); journal T2 / JF / JO, abbreviation J2 / JA / J1 (JO is the
 *   abbreviation when a full title is given too);
 * - authors AU / A1 ("Family, Given"); A2-A4 are editors, series editors and translators, not
 *   authors, and are not kept;
 * - AD (author address) is record-level: RIS does not say whose it is, so it is attached to the
 *   author only when there is one author, else kept as the record's affiliations;
 * - DO may be a resolver URL (EndNote, Scopus); UR holding a doi.org URL counts as the DOI when DO
 *   is missing;
 * - KW may hold several keywords separated by `;` (EndNote, Scopus);
 * - SN may hold ISSN and ISBN and several typed ISSNs on one line (EndNote);
 * - AN is the PMID only when it says so (`PMID: 123`), or when the record comes from PubMed (DB/DP
 *   naming NLM, PubMed or MEDLINE); Web of Science puts its own accession (`WOS:...`) there;
 * - C2 holds the PMCID in EndNote's PubMed imports (`PMC1234567`);
 * - C7 (article number) is the first page only when SP is missing.
 */

/** `TY  - JOUR`: two characters, two spaces (one tolerated), a hyphen, a space and the value (empty allowed). */
const TAG_LINE = /^([A-Z][A-Z0-9]) {1,2}-(?: (.*)|\s*)$/;

interface Field {
  tag: string;
  value: string;
  line: number;
}

function detect(head: string): boolean {
  const first = head.split(/\r\n|\r|\n/, 50).find((l) => l.trim() !== "");
  return first !== undefined && /^TY {1,2}- ?\S/.test(first.trimStart());
}

function valuesOf(fields: Field[], ...tags: string[]): Field[] {
  return fields.filter((f) => tags.includes(f.tag) && f.value.trim() !== "");
}

function firstValue(fields: Field[], ...tags: string[]): string | undefined {
  // The order of `tags` is the precedence.
  for (const t of tags) {
    const f = fields.find((x) => x.tag === t && x.value.trim() !== "");
    if (f) return nonEmpty(f.value);
  }
  return undefined;
}

function toRecord(fields: Field[], file: string, index: number, line: number): SourceRecord {
  const titleField = valuesOf(fields, "TI", "T1", "CT")[0];
  const title = nonEmpty(titleField?.value);
  if (!title) throw new FieldError("TI", "the record has no title (TI or T1)", line);
  const record: SourceRecord = { origin: { format: "ris", file, index, line }, title, authors: [], subjects: [], references: [] };

  const type = firstValue(fields, "TY");
  if (type) record.publicationTypes = [type];

  for (const f of valuesOf(fields, "AU", "A1")) {
    const author: SourceAuthor = { ...authorFromInverted(f.value), affiliations: [], line: f.line };
    record.authors.push(author);
  }
  const addresses: SourceAffiliation[] = valuesOf(fields, "AD").flatMap((f) =>
    f.value.split(/\s*\n\s*/).map((t) => nonEmpty(t)).filter((t): t is string => t !== undefined).map((text) => ({ text })),
  );
  if (addresses.length > 0) {
    const only = record.authors.length === 1 ? record.authors[0] : undefined;
    if (only) only.affiliations.push(...addresses);
    else record.affiliations = addresses;
  }

  const journal: SourceJournal = { issns: [] };
  const full = firstValue(fields, "T2", "JF");
  const jo = firstValue(fields, "JO");
  const abbreviation = firstValue(fields, "J2", "JA", "J1") ?? (full && jo && jo !== full ? jo : undefined);
  const journalTitle = full ?? jo;
  if (journalTitle) journal.title = journalTitle;
  if (abbreviation && abbreviation !== journalTitle) journal.abbreviation = abbreviation;
  for (const f of valuesOf(fields, "SN")) journal.issns.push(...issnsInText(f.value));
  const publisher = firstValue(fields, "PB");
  if (publisher) journal.publisher = publisher;
  if (journal.title || journal.abbreviation || journal.issns.length > 0) record.journal = journal;

  // The first date with a year ("in press" or "forthcoming" state none: the record has no year).
  const year = valuesOf(fields, "PY", "Y1", "DA").map((f) => parseYear(f.value)).find((y) => y !== undefined);
  if (year !== undefined) record.year = year;
  const volume = firstValue(fields, "VL");
  if (volume) record.volume = volume;
  const issue = firstValue(fields, "IS", "CP");
  if (issue) record.issue = issue;

  const sp = firstValue(fields, "SP");
  const ep = firstValue(fields, "EP");
  if (sp) {
    const pages = parsePages(ep && !/[-\u2010-\u2015]/.test(sp) ? `${sp}-${ep}` : sp);
    Object.assign(record, pages);
  } else {
    const articleNumber = firstValue(fields, "C7");
    if (articleNumber) record.firstPage = articleNumber;
  }

  const doi = firstValue(fields, "DO") ?? firstValue(fields, "UR", "L3")?.match(/^https?:\/\/(?:dx\.)?doi\.org\/\S+$/i)?.[0];
  if (doi) record.doi = cleanDoi(doi);

  const database = `${firstValue(fields, "DB") ?? ""} ${firstValue(fields, "DP") ?? ""}`;
  const fromPubmed = /\b(?:NLM|PubMed|MEDLINE)\b/i.test(database);
  for (const f of valuesOf(fields, "AN")) {
    const v = f.value.trim();
    const labelled = /^PMID\s*:?\s*(\d+)$/i.exec(v);
    if (labelled?.[1]) record.pmid ??= labelled[1];
    else if (fromPubmed && /^\d{1,9}$/.test(v)) record.pmid ??= cleanPmid(v);
  }
  const pmcid = valuesOf(fields, "C2").map((f) => f.value.trim()).find((v) => /^PMC\d+$/i.test(v));
  if (pmcid) record.pmcid = cleanPmcid(pmcid);

  const abstract = firstValue(fields, "AB", "N2");
  if (abstract) record.abstract = abstract;
  const language = firstValue(fields, "LA");
  if (language) record.language = language;
  for (const f of valuesOf(fields, "KW")) {
    for (const term of f.value.split(/\s*\n\s*/).flatMap((v) => (v.includes(";") ? splitKeywords(v) : [v.trim()]))) {
      if (term !== "") record.subjects.push({ kind: "keyword", term });
    }
  }
  return record;
}

async function* read(chunks: AsyncIterable<string>, file: string): AsyncGenerator<ReadResult> {
  let index = 0;
  let rec: { fields: Field[]; startLine: number; chars: number; oversized: boolean } | undefined;
  /** A run of lines outside any record (no TY before them): reported once per run. */
  let stray: TextLine | undefined;

  const onLine = (l: TextLine, out: ReadResult[]): void => {
    const tag = l.truncated ? undefined : TAG_LINE.exec(l.text);
    if (!rec) {
      if (tag?.[1] === "TY") {
        stray = undefined;
        rec = { fields: [{ tag: "TY", value: tag[2] ?? "", line: l.line }], startLine: l.line, chars: l.text.length, oversized: false };
      } else if (l.text.trim() !== "" && !stray) {
        stray = l;
        out.push(problem({ file, line: l.line, index: index++, field: tag?.[1] ?? "(line)", reason: `text outside a record: every RIS record starts with a "TY  - " line, found "${l.text.slice(0, 60)}"` }));
      }
      return;
    }
    if (tag?.[1] === "ER") {
      const done = rec;
      rec = undefined;
      const at = { file, index: index++, line: done.startLine };
      if (done.oversized) {
        out.push(problem({ ...at, field: "(record)", reason: `the record is larger than ${describeLimit(MAX_RECORD_CHARS)}; it was not read` }));
      } else {
        out.push(convertRecord(at, () => ({ ok: true, record: toRecord(done.fields, file, at.index, at.line) })));
      }
      return;
    }
    if (tag?.[1] === "TY") {
      // A new record before the previous one ended: the previous one is cut off.
      const at = { file, index: index++, line: rec.startLine };
      out.push(problem({ ...at, field: "ER", reason: `the record starting on line ${rec.startLine} has no "ER  - " line before the next record on line ${l.line}` }));
      rec = { fields: [{ tag: "TY", value: tag[2] ?? "", line: l.line }], startLine: l.line, chars: l.text.length, oversized: false };
      return;
    }
    if (rec.oversized) return;
    rec.chars += l.text.length + 1;
    if (l.truncated || rec.chars > MAX_RECORD_CHARS) {
      rec.oversized = true;
      rec.fields = [];
      return;
    }
    if (tag?.[1]) {
      rec.fields.push({ tag: tag[1], value: tag[2] ?? "", line: l.line });
    } else if (l.text.trim() !== "" && rec.fields.length > 0) {
      // A wrapped value (long abstracts, EndNote's multi-line SN/AD): continues the previous tag.
      const last = rec.fields[rec.fields.length - 1] as Field;
      last.value = `${last.value}\n${l.text.trim()}`;
    }
  };

  yield* readByLine<ReadResult>(chunks, onLine, (out) => {
    if (rec) {
      out.push(problem({ file, line: rec.startLine, index: index++, field: "ER", reason: `the file ends inside the record starting on line ${rec.startLine}: no "ER  - " line closes it` }));
    }
  });
}

/** The RIS reader. */
export const risReader: RecordReader = {
  format: "ris",
  extensions: ["ris"],
  detect,
  read,
};
