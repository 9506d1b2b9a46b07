import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRecordFiles } from "../../seed/read.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "records-"));
  await mkdir(path.join(dir, "b-sub"));
  await writeFile(path.join(dir, "c.txt"), "C");
  await writeFile(path.join(dir, "a.txt"), "A");
  await writeFile(path.join(dir, "notes.md"), "not a record");
  await writeFile(path.join(dir, "b-sub", "b.txt"), "B");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("readRecordFiles", () => {
  it("expands folders recursively to sorted *.txt files", async () => {
    const files = await readRecordFiles([dir]);
    expect(files.map((f) => path.relative(dir, f.file))).toEqual(["a.txt", path.join("b-sub", "b.txt"), "c.txt"]);
    expect(files.map((f) => f.text)).toEqual(["A", "B", "C"]);
  });
  it("reads a file given directly, once", async () => {
    const file = path.join(dir, "a.txt");
    expect(await readRecordFiles([file, file])).toEqual([{ file, text: "A" }]);
  });
  it("fails clearly for a missing path", async () => {
    await expect(readRecordFiles([path.join(dir, "missing")])).rejects.toThrow(/record path not found: .*missing/);
  });
});
