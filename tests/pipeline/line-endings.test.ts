import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasMixedLineEndings, toLf } from "@/lib/pipeline/csv/line-endings";
import { recordStartLines } from "@/lib/pipeline/csv/line-map";

// The Glue runner's twins are tested in infra/glue/test_runner.py with the same cases.
describe("files whose lines end in more than one way (CRLF, LF, CR)", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "line-endings-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("are told from files with one line ending", async () => {
    const cases: [string, boolean][] = [
      ["a,b\n1,x\n2,y\r\n3,z\n", true],
      ["a,b\r\n1,x\n", true],
      ["a,b\n1,x\r2,y\n", true], // one line ended by a bare CR
      ["a,b\r\n1,x\r", true],
      ["a,b\r\n1,x\r\n", false],
      ["a,b\n1,x\n", false],
      ["a,b\r1,x\r", false], // Excel for Mac: CR alone, throughout
      ["", false],
    ];
    for (const [text, mixed] of cases) {
      const f = path.join(dir, "f.csv");
      await writeFile(f, text);
      expect(await hasMixedLineEndings(f), JSON.stringify(text)).toBe(mixed);
    }
  });

  it("are copied with every line end as LF, also across the reader's 1 MiB chunks", async () => {
    const f = path.join(dir, "big.csv");
    const out = path.join(dir, "lf.csv");
    const first = Buffer.concat([Buffer.from("h\n"), Buffer.alloc((1 << 20) - 3, "x"), Buffer.from("\r")]);
    await writeFile(f, Buffer.concat([first, Buffer.from("\nq\rr\n")]));
    expect(await hasMixedLineEndings(f)).toBe(true);
    await toLf(f, out);
    expect((await readFile(out)).equals(Buffer.concat([first.subarray(0, -1), Buffer.from("\nq\nr\n")]))).toBe(true);
    // A CR that ends a read and is not half of a CRLF.
    await writeFile(f, Buffer.concat([first, Buffer.from("q\n")]));
    expect(await hasMixedLineEndings(f)).toBe(true);
    await toLf(f, out);
    expect((await readFile(out)).equals(Buffer.concat([first.subarray(0, -1), Buffer.from("\nq\n")]))).toBe(true);
    await writeFile(f, "a\r\nb\nc\r");
    await toLf(f, out);
    expect(await readFile(out, "utf8")).toBe("a\nb\nc\n");
  });
});

describe("the physical line each record starts on, records split as DuckDB's reader splits them", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "line-map-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const lines = async (text: string, delimiter = ",") => {
    const f = path.join(dir, "f.csv");
    await writeFile(f, text);
    return recordStartLines(f, delimiter);
  };

  it("follows quoted line breaks, CRLF and blank lines", async () => {
    expect(await lines('h1,h2\r\na,"multi\r\nline"\r\nb,c\r\n\r\nd,e')).toEqual([2, 4, 6]);
  });

  it("reads a quote inside an unquoted value as text (a stranger's 'Monitor 27\" wide' put every later reject on the wrong line)", async () => {
    expect(await lines('id;name\nP1;Monitor 27" wide\nP2;x\nP3;"say ""hi""\nthere"\nP4;y\n', ";")).toEqual([2, 3, 4, 6]);
    expect(await lines('id,name\nP1,Cable 6" long\nP2,x\nP3,y\n')).toEqual([2, 3, 4]);
  });

  it("ends a line at a bare CR (Excel for Mac: every reject had no line)", async () => {
    expect(await lines("id,name\rP1,a\rP2,b\r")).toEqual([2, 3]);
  });
});
