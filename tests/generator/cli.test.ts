import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TABLE_NAMES } from "@/lib/contracts";
import { runNpmScript } from "../support/npm-script";

const outDir = mkdtempSync(path.join(tmpdir(), "gen-cli-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const run = (...args: string[]) => runNpmScript("data:generate", args, { BUSINESS_TIMEZONE: "UTC" });

describe("npm run data:generate", () => {
  it("writes DIR/<month>/<table>.csv and exits 0", async () => {
    const r = await run("--out", outDir, "--months", "2025-10,2025-11", "--scale", "0.005", "--seed", "7");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    for (const m of ["2025-10", "2025-11"]) for (const t of TABLE_NAMES) expect(existsSync(path.join(outDir, m, `${t}.csv`)), `${m}/${t}`).toBe(true);
    expect(r.stdout).toMatch(/14 files, \d+ rows/);
  });

  it("--format order-lines --locale pt-BR writes the shop's files and profile.json, and names them", async () => {
    const dir = path.join(outDir, "pt");
    const r = await run("--out", dir, "--months", "2025-11", "--scale", "0.005", "--format", "order-lines", "--locale", "pt-BR");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    for (const f of ["pedidos.csv", "clientes.csv", "produtos.csv", "sessoes.csv", "eventos.csv", "avaliacoes.csv", "profile.json"]) expect(existsSync(path.join(dir, "2025-11", f)), f).toBe(true);
    expect(r.stdout).toMatch(/orders\+order_items +\d+ rows .*pedidos\.csv/);
    expect(r.stdout).toMatch(/profile +.*2025-11\/profile\.json/);
    expect(r.stdout).toMatch(/6 files, \d+ rows, .*order-lines pt-BR\)/);
  });

  it("exits 2 with a message and the usage on bad arguments", async () => {
    // Few cases (each is a process start); the option rules themselves are unit-tested in determinism.test.ts.
    const cases: [string[], RegExp][] = [
      [[], /--out is required/],
      [["--out", outDir, "--months", "2025-13"], /2025-13/],
      [["--out", outDir, "--months", "2025-11", "--scale", "lots"], /--scale must be a number/],
      [["--out", outDir, "--months", "2025-11", "--unknown"], /Unknown option/],
      [["--out", outDir, "--months", "2025-11", "--format", "contract", "--locale", "pt-BR"], /locale pt-BR applies to a shop's format/],
    ];
    const results = await Promise.all(cases.map(([args]) => run(...args)));
    results.forEach((r, i) => {
      const [args, message] = cases[i]!;
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(message);
      expect(r.stderr).toMatch(/usage:/);
    });
  });
});
