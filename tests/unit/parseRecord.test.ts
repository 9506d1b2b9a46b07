import { describe, expect, it } from "vitest";
import { parseRecord } from "../../seed/parse/parseRecord.ts";
import { RecordParseError } from "../../seed/parse/RecordParseError.ts";
import { readRepoFile, SEED_FILE } from "./fixtures.ts";

const seedText = readRepoFile(SEED_FILE);
const fixture = (name: string) => `tests/fixtures/records/${name}`;
const parseFixture = (name: string) => parseRecord(readRepoFile(fixture(name)), fixture(name));

function parseError(text: string, file = "t.txt"): RecordParseError {
  try {
    parseRecord(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(RecordParseError);
    return e as RecordParseError;
  }
  throw new Error("expected parseRecord to throw");
}

describe("parseRecord on the seed record", () => {
  const r = parseRecord(seedText, SEED_FILE);

  it("keeps the file name as given", () => {
    expect(r.file).toBe(SEED_FILE);
  });
  it("takes the first non-blank line as the title", () => {
    expect(r.title).toBe(
      "Study progress of exosomes derived from mesenchymal stem cells in the treatment of complications related to preterm infants",
    );
  });
  it("reads the DOI line before the first field", () => {
    expect(r.doi).toBe("10.3760/cma.j.cn101070-20200616-01000");
  });
  it("reads the vernacular title", () => {
    expect(r.vernacularTitle).toBe("间充质干细胞来源的外泌体治疗早产儿并发症的研究进展");
  });
  it("reads three authors in byline order with their markers", () => {
    expect(r.authors.map((a) => [a.name, a.markers])).toEqual([
      ["Haoming CHEN", ["1"]],
      ["Qingfei HAO", []],
      ["Xiuyong CHENG", []],
    ]);
  });
  it("records 1-based source lines for authors", () => {
    expect(r.authors.map((a) => a.at)).toEqual([
      { file: SEED_FILE, line: 21 },
      { file: SEED_FILE, line: 35 },
      { file: SEED_FILE, line: 41 },
    ]);
  });
  it("reads the one affiliation verbatim (non-breaking space after the marker removed)", () => {
    expect(r.affiliations).toEqual([
      { marker: "1", text: "郑州大学第一附属医院新生儿科,郑州 450052", at: { file: SEED_FILE, line: 56 } },
    ]);
  });
  it("reads seven keywords as printed, hyphenation not yet repaired", () => {
    expect(r.keywords).toEqual([
      "Exosomes",
      "Mesenchymal stem cell",
      "Preterm",
      "Bronchopulmonary dysplasia",
      "Brain injury",
      "Necro-tizing enterocolitis",
      "Retinopathy of prematurity",
    ]);
  });
  it("reads the From block as journal and citation", () => {
    expect(r.from).toEqual({
      journal: "Chinese Journal of Applied Clinical Pediatrics",
      citation: "2021;36(21):1673-1676",
      at: { file: SEED_FILE, line: 105 },
    });
  });
  it("reads Country printed without a colon, and Language", () => {
    expect(r.country).toBe("China");
    expect(r.language).toBe("Chinese");
  });
  it("reads the abstract after the empty '- ' line", () => {
    expect(r.abstract?.startsWith("Although great progress has been made in perinatal and neonatal medicine")).toBe(true);
    expect(r.abstract?.endsWith("in the treatment of premature complications.")).toBe(true);
    expect(r.abstract).toContain("broncho-pulmonary dysplasia"); // verbatim: repair is normalization's job
  });
});

describe("parseRecord tolerates layout variants", () => {
  const reference = parseRecord(seedText, SEED_FILE);

  it("reads a CRLF copy of the seed identically", () => {
    expect(parseRecord(seedText.replace(/\n/g, "\r\n"), SEED_FILE)).toEqual(reference);
  });
  it("reads a copy with a BOM and CR-only line ends identically", () => {
    expect(parseRecord(`\uFEFF${seedText.replace(/\n/g, "\r")}`, SEED_FILE)).toEqual(reference);
  });
  it("reads a copy with every blank line removed (line numbers shift, values do not)", () => {
    const compact = seedText
      .split("\n")
      .filter((l) => l.trim() !== "")
      .join("\n");
    const r = parseRecord(compact, SEED_FILE);
    expect({ ...r, authors: r.authors.map((a) => a.name) }).toMatchObject({
      title: reference.title,
      keywords: reference.keywords,
      abstract: reference.abstract,
      authors: ["Haoming CHEN", "Qingfei HAO", "Xiuyong CHENG"],
    });
  });
  it("reads authors, markers and keywords printed on single lines", () => {
    const r = parseRecord(
      [
        "[TEST] One-line byline",
        "- Author: Wei ZHANG 1,2; Li WANG2 ; Jun LIU 1 2; Meiling HUANG",
        "Author Information",
        "1. 测试单位一,测试市 100000",
        "2 测试单位二",
        "- Keywords: Alpha; Beta；Gamma",
      ].join("\n"),
      "t.txt",
    );
    expect(r.authors.map((a) => [a.name, a.markers])).toEqual([
      ["Wei ZHANG", ["1", "2"]],
      ["Li WANG", ["2"]],
      ["Jun LIU", ["1", "2"]],
      ["Meiling HUANG", []],
    ]);
    expect(r.affiliations.map((a) => [a.marker, a.text])).toEqual([
      ["1", "测试单位一,测试市 100000"],
      ["2", "测试单位二"],
    ]);
    expect(r.keywords).toEqual(["Alpha", "Beta", "Gamma"]);
  });
  it("reads two numbered affiliations and marker lists '1,2', '2' and '1, 2'", () => {
    const r = parseFixture("two-affiliations.txt");
    expect(r.authors.map((a) => [a.name, a.markers])).toEqual([
      ["Wei ZHANG", ["1", "2"]],
      ["Li WANG", ["2"]],
      ["Jun LIU", ["1", "2"]],
    ]);
    expect(r.affiliations.map((a) => [a.marker, a.text])).toEqual([
      ["1", "郑州大学第一附属医院新生儿科,郑州 450052"],
      ["2", "测试大学医学院病理学系,测试市 100000"], // printed as `2、...`
    ]);
  });
  it("splits keywords on full-width and ASCII semicolons on one line", () => {
    expect(parseFixture("two-affiliations.txt").keywords).toEqual(["Exosomes", "Necrotizing enterocolitis", "Intestinal barrier"]);
  });
  it("joins a multi-line abstract with a space", () => {
    expect(parseFixture("two-affiliations.txt").abstract).toBe(
      "This is test data: a fictional abstract on the first line. It continues on a second line.",
    );
  });
  it("reads fields in any order, Country with a colon, a DOI URL and a citation without issue", () => {
    const r = parseFixture("reordered-fields.txt");
    expect(r).toMatchObject({
      title: "[TEST] Reordered fields record",
      doi: "10.9999/TEST.202",
      vernacularTitle: "[测试] 字段顺序",
      keywords: ["Probiotics", "Gut microbiota"],
      country: "China",
      language: "English",
      abstract: "Fictional abstract for a record whose fields come in another order.",
    });
    expect(r.from).toMatchObject({ journal: "Journal of Test Neonatology", citation: "2020;12:e123" });
    expect(r.authors.map((a) => [a.name, a.markers])).toEqual([["Li WANG", ["1"]]]);
    expect(r.affiliations.map((a) => [a.marker, a.text])).toEqual([["1", "测试大学医学院病理学系,测试市 100000"]]); // `1 ` form
  });
  it("leaves every missing optional field undefined or empty", () => {
    const r = parseFixture("missing-abstract.txt");
    expect(r.doi).toBeUndefined();
    expect(r.vernacularTitle).toBeUndefined();
    expect(r.abstract).toBeUndefined();
    expect(r.country).toBeUndefined();
    expect(r.language).toBeUndefined();
    expect(r.keywords).toEqual([]);
    expect(r.affiliations).toEqual([]);
    expect(r.authors.map((a) => [a.name, a.markers])).toEqual([
      ["Jun LIU", []],
      ["Meiling HUANG", []],
    ]);
    expect(r.from?.citation).toBe("2021;13:88");
  });
  it("accepts a record that is only a title and one field", () => {
    const r = parseRecord("[TEST] Title only\n- Language:English\n", "t.txt");
    expect(r).toEqual({ file: "t.txt", title: "[TEST] Title only", authors: [], affiliations: [], keywords: [], language: "English" });
  });
  it("accepts an explicit '- DOI:' field", () => {
    expect(parseRecord("[TEST] T\n- DOI: 10.9999/test.9\n", "t.txt").doi).toBe("10.9999/test.9");
  });
  it("accepts journal and citation on one From line, and supplement issues", () => {
    const r = parseRecord("[TEST] T\n- From: Some Journal 2022;37(Suppl 1):45-47\n", "t.txt");
    expect(r.from).toMatchObject({ journal: "Some Journal", citation: "2022;37(Suppl 1):45-47" });
  });
  it("skips fields it does not read", () => {
    const r = parseRecord("[TEST] T\n- Publisher: Someone\nwhatever\n- Language:English\n", "t.txt");
    expect(r.language).toBe("English");
  });
});

describe("parseRecord errors name file, line and field", () => {
  it("rejects an empty file", () => {
    const e = parseError(" \n\t\n\u00A0\n", "empty.txt");
    expect([e.file, e.line, e.field]).toEqual(["empty.txt", 1, "Title"]);
    expect(e.message).toMatch(/^empty\.txt:1: field "Title": /);
  });
  it("rejects a text file that has no WPRIM fields", () => {
    const file = fixture("garbage.txt");
    const e = parseError(readRepoFile(file), file);
    expect([e.file, e.line, e.field]).toEqual([file, 1, "(record)"]);
    expect(e.message).toContain("not a WPRIM record");
  });
  it("rejects HTML", () => {
    const e = parseError("<!DOCTYPE html>\n<html><body>- Author: x</body></html>");
    expect(e.message).toContain("HTML");
  });
  it("rejects binary content", () => {
    const e = parseError("PK\u0003\u0004\u0000\u0000garbage\n- Author:\nX");
    expect([e.line, e.field]).toEqual([1, "(record)"]);
    expect(e.message).toContain("binary");
  });
  it("rejects a record that starts with a field instead of a title", () => {
    const e = parseError("\n- Author:\nWei ZHANG\n");
    expect([e.line, e.field]).toEqual([2, "Title"]);
  });
  it("rejects an author block with no names", () => {
    const e = parseError("[TEST] T\n\n- Author:\n\t;\n\n- Language:English\n");
    expect([e.line, e.field]).toEqual([3, "Author"]);
    expect(e.message).toContain("no names");
  });
  it("rejects a malformed From citation, naming the citation line", () => {
    const file = fixture("bad-citation.txt");
    const e = parseError(readRepoFile(file), file);
    expect(e.field).toBe("From");
    expect(e.message).toBe(
      `${file}:${e.line}: field "From": expected "<year>;<volume>(<issue>):<pages>" but found "2021/36/21 pp. 1673"`,
    );
    expect(readRepoFile(file).split("\n")[e.line - 1]).toContain("2021/36/21");
  });
  it("rejects an affiliation marker without an affiliation entry, naming author and marker", () => {
    const file = fixture("unknown-marker.txt");
    const e = parseError(readRepoFile(file), file);
    expect(e.field).toBe("Author");
    expect(e.message).toContain('author "Li WANG"');
    expect(e.message).toContain('marker "2"');
    expect(readRepoFile(file).split("\n")[e.line - 1]).toContain("Li WANG");
  });
  it("rejects a duplicate field, naming the second occurrence", () => {
    const e = parseError("[TEST] T\n- Language:English\n- Country:China\n- Language:Chinese\n");
    expect([e.line, e.field]).toEqual([4, "Language"]);
    expect(e.message).toContain("duplicate");
  });
  it("rejects a From block with no citation line", () => {
    const e = parseError("[TEST] T\n- From:\nJust A Journal\n");
    expect([e.line, e.field]).toEqual([3, "From"]);
  });
});
