import { describe, expect, it } from "vitest";
import { normalizeDoi, recordKey } from "../../src/identity/index.ts";
import { parseAuthorName } from "../../seed/normalize/parseAuthorName.ts";
import { resolveInstitution } from "../../seed/normalize/resolveInstitution.ts";
import { resolveJournal } from "../../seed/normalize/resolveJournal.ts";
import { splitAffiliation } from "../../seed/normalize/splitAffiliation.ts";

describe("normalizeDoi", () => {
  it("strips URL and doi: prefixes and whitespace, lower-cases only the key", () => {
    expect(normalizeDoi(" https://doi.org/10.1000/ABC.1 ")).toEqual({ doi: "10.1000/ABC.1", key: "doi:10.1000/abc.1" });
    expect(normalizeDoi("doi: 10.1000/x")).toEqual({ doi: "10.1000/x", key: "doi:10.1000/x" });
    expect(normalizeDoi("http://dx.doi.org/10.1000/x")?.doi).toBe("10.1000/x");
  });
  it("rejects something that is not a DOI", () => {
    expect(normalizeDoi("not a doi")).toBeUndefined();
  });
});

describe("recordKey", () => {
  it("is stable and insensitive to case and spacing of the title", () => {
    const a = recordKey("A  Title", "Journal", 2021);
    expect(a).toMatch(/^rec:[0-9a-f]{16}$/);
    expect(recordKey("a title", "JOURNAL", 2021)).toBe(a);
    expect(recordKey("a title", "JOURNAL", 2022)).not.toBe(a);
  });
});

describe("parseAuthorName", () => {
  it("takes the single all-caps token as family name", () => {
    expect(parseAuthorName("Haoming  CHEN")).toEqual({ key: "haoming chen", name: "Haoming CHEN", familyName: "CHEN", givenName: "Haoming" });
    expect(parseAuthorName("ZHANG Wei")).toMatchObject({ familyName: "ZHANG", givenName: "Wei" });
  });
  it("leaves family and given name undefined when the printed form does not mark them", () => {
    expect(parseAuthorName("John Smith")).toEqual({ key: "john smith", name: "John Smith" });
    expect(parseAuthorName("WEI ZHANG")).toEqual({ key: "wei zhang", name: "WEI ZHANG" });
    expect(parseAuthorName("张伟")).toEqual({ key: "张伟", name: "张伟" });
  });
});

describe("splitAffiliation", () => {
  it("splits off the trailing city and 6-digit postal code", () => {
    expect(splitAffiliation("郑州大学第一附属医院新生儿科,郑州 450052")).toEqual({
      name: "郑州大学第一附属医院新生儿科",
      city: "郑州",
      postalCode: "450052",
    });
    expect(splitAffiliation("某医院儿科，北京 100000")).toEqual({ name: "某医院儿科", city: "北京", postalCode: "100000" });
  });
  it("keeps the whole text as name without the pattern", () => {
    expect(splitAffiliation("Department of Test, Test University")).toEqual({ name: "Department of Test, Test University" });
  });
});

describe("resolveInstitution", () => {
  const curated = [{ id: "x-dept", name: "X Dept", localName: "某科", matchNames: ["某科"], source: "test", parent: "x" }];
  it("matches a curated institution by the printed name part", () => {
    expect(resolveInstitution("某科,某市 123456", curated)).toMatchObject({ key: "x-dept", name: "X Dept", parentKey: "x" });
  });
  it("keys an uncurated one by a hash of the name part, so city spelling does not split it", () => {
    const a = resolveInstitution("另一科,某市 123456", curated);
    expect(a.key).toMatch(/^aff:[0-9a-f]{16}$/);
    expect(resolveInstitution("另一科", curated).key).toBe(a.key);
    expect(a.country).toBeUndefined();
  });
});

describe("resolveJournal", () => {
  const journals = [{ title: "Chinese Journal of Applied Clinical Pediatrics", localTitle: "中华实用儿科临床杂志", issn: "2095-428X", synonyms: [], source: "test" }];
  it("matches case-insensitively and by local title", () => {
    expect(resolveJournal("chinese journal of applied  clinical pediatrics", journals).key).toBe("issn:2095-428X");
    expect(resolveJournal("中华实用儿科临床杂志", journals).title).toBe("Chinese Journal of Applied Clinical Pediatrics");
  });
  it("keeps an uncurated journal as printed", () => {
    expect(resolveJournal("Journal of Test Neonatology", journals)).toEqual({ key: "title:journal of test neonatology", title: "Journal of Test Neonatology" });
  });
});
