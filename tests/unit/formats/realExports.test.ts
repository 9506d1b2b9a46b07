import { describe, expect, it } from "vitest";
import { readFixture } from "./readFixture.ts";

/**
 * Real exports of the databases bibliometric studies start from (tests/fixtures/formats/README.md
 * names each file's repository, commit and licence): each failed to read, or read wrongly, before.
 */

describe("Web of Science BibTeX (savedrecs.bib)", async () => {
  const { reader, records, problems } = await readFixture("bibtex", "wos-savedrecs.bib");
  it("reads every record although WoS writes field names with parentheses (Usage-Count-(Last-180-days))", () => {
    expect(reader.format).toBe("bibtex");
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.title.slice(0, 40), r.doi, r.year, r.authors.length])).toEqual([
      ["Untitled", "10.1016/j.ins.2003.10.003", 2003, 1],
      ["The framework for approximate queries on", "10.1016/S0020-0255(03)00185-3", 2003, 8],
      ["(Almost) Optimal parallel block access f", "10.1016/S0020-0255(03)00181-6", 2003, 2],
    ]);
  });
  it("reads the doubled-brace keyword list whole, KeyWords Plus and Times-Cited", () => {
    const r = records[2];
    expect(r?.subjects.map((s) => s.term)).toEqual(["multi-dimensional data", "parallel I/O", "declustering", "range queries", "DISK ALLOCATION", "FILES"]);
    expect(records.map((x) => x.citedByCount)).toEqual([3, 0, 5]);
    expect(r?.journal).toMatchObject({ title: "INFORMATION SCIENCES", issns: [{ value: "0020-0255" }] });
  });
});

describe("Scopus BibTeX", async () => {
  const { reader, records, problems } = await readFixture("bibtex", "scopus.bib");
  it("is detected although the citation key holds an apostrophe (D'Ambrosio20171339)", () => {
    expect(reader.format).toBe("bibtex");
    expect(problems).toEqual([]);
    expect(records).toHaveLength(3);
  });
  it("splits the comma-separated author list and links each author to the affiliations their letters name", () => {
    const r = records[0];
    expect(r?.authors.map((a) => [a.family, a.given, a.affiliations.map((x) => x.marker)])).toEqual([
      ["D'Ambrosio", "A.", ["a"]],
      ["Aria", "M.", ["a"]],
      ["Iorio", "C.", ["b"]],
      ["Siciliano", "R.", ["b"]],
    ]);
    expect(r?.authors[2]?.affiliations[0]?.text).toBe("Department of Industrial Engineering, University of Naples Federico II, Italy");
    expect(r?.affiliations).toBeUndefined();
    expect(records.map((x) => x.authors.length)).toEqual([4, 3, 6]);
    expect(records[2]?.authors[5]).toMatchObject({ family: "Mignogna", given: "M.D." });
  });
  it("reads author keywords beside the indexed ones, and the cited-by note", () => {
    expect(records[1]?.subjects.map((s) => s.term)).toContain("smart innovation indicators");
    expect(records[0]?.citedByCount).toBe(0);
    expect([records[0]?.doi, records[0]?.year, records[0]?.firstPage, records[0]?.lastPage]).toEqual(["10.1016/j.eswa.2016.10.021", 2017, "1339", "1351"]);
  });
});

describe("Ovid RIS (ERIC on Ovid)", async () => {
  const { reader, records, problems } = await readFixture("ris", "ovid-eric.ris");
  it("skips Ovid's record numbers between records and reads every record", () => {
    expect(reader.format).toBe("ris");
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.title.slice(0, 30), r.year, r.authors.length])).toEqual([
      ["Creationism and the Dinosaur B", 1989, 1],
      ["Dinosaurs and Other Dangers: N", 2017, 4],
      ["Learning with Dinosaurs: A Stu", 2017, 3],
      ["New Discoveries about Dinosaur", 1988, 1],
    ]);
    expect(records[1]?.journal?.title).toBe("International Journal for Research on Extended Education");
  });
});

describe("EBSCOhost RIS", async () => {
  it("takes the journal from JO/JF, not from T2 (where EBSCO writes the title's English translation)", async () => {
    const { records, problems } = await readFixture("ris", "ebsco-envindex.ris");
    expect(problems).toEqual([]);
    const r = records.find((x) => x.title.startsWith("État de la connaissance"));
    expect(r?.journal?.title).toBe("Revue TED: Territoires, Environnement et Développement");
    expect(r?.journal?.abbreviation).toBeUndefined();
  });
  it("reads the DOI EBSCO writes in L3", async () => {
    const { records } = await readFixture("ris", "ebsco-crimjust.ris");
    expect(records.map((r) => r.doi)).toEqual(["10.1080/16066359.2020.1867111", "10.1007/s10899-020-09951-4"]);
  });
});
