import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crlfToLf, hasMixedLineEndings } from "@/lib/pipeline/csv/line-endings";

// The Glue runner's twins are tested in infra/glue/test_runner.py with the same cases.
describe("files whose lines end in both CRLF and LF", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "line-endings-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("are told from files with one line ending", async () => {
    const cases: [string, boolean][] = [["a,b\n1,x\n2,y\r\n3,z\n", true], ["a,b\r\n1,x\n", true], ["a,b\r\n1,x\r\n", false], ["a,b\n1,x\n", false], ["", false]];
    for (const [text, mixed] of cases) {
      const f = path.join(dir, "f.csv");
      await writeFile(f, text);
      expect(await hasMixedLineEndings(f), JSON.stringify(text)).toBe(mixed);
    }
  });

  it("are copied with every CRLF as LF, also across the reader's 1 MiB chunks, and a lone CR kept", async () => {
    const f = path.join(dir, "big.csv");
    const out = path.join(dir, "lf.csv");
    const first = Buffer.concat([Buffer.from("h\n"), Buffer.alloc((1 << 20) - 3, "x"), Buffer.from("\r")]);
    await writeFile(f, Buffer.concat([first, Buffer.from("\nq\rr\n")]));
    expect(await hasMixedLineEndings(f)).toBe(true);
    await crlfToLf(f, out);
    expect((await readFile(out)).equals(Buffer.concat([first.subarray(0, -1), Buffer.from("\nq\rr\n")]))).toBe(true);
    await writeFile(f, "a\r\nb\nc\r");
    await crlfToLf(f, out);
    expect(await readFile(out, "utf8")).toBe("a\nb\nc\r");
  });
});
