import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runNode } from "../support/npm-script";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CACHE = path.join(ROOT, "node_modules/.cache/shoplake-cli");

/** Runs ENTRY through the launcher the npm scripts use; resolves with the exit code instead of throwing. */
const launch = (entry: string, args: string[] = []) => runNode(["--conditions=react-server", "scripts/run-bundled.mjs", entry, ...args]);

// The npm scripts run each command as one esbuild bundle instead of through tsx (issue 14: ≈ 1 s of
// every command's start). The bundle must never run stale code, and its lazy imports must stay lazy.
describe("scripts/run-bundled.mjs", () => {
  let dir: string;
  let entry: string;
  let key: string;
  const builds = async () => (await readdir(CACHE)).filter((d) => d.startsWith(`${key}-`)).length;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "run-bundled-"));
    entry = path.join(dir, "main.ts");
    key = `main-${createHash("sha256").update(entry).digest("hex").slice(0, 10)}`;
    await writeFile(entry, [
      `import { value } from "./dep";`,
      `const args: string[] = process.argv.slice(2);`,
      `console.log(\`\${value} \${args.join(" ")}\`);`,
      `if (args.includes("--lazy")) console.log((await import("./lazy")).lazy);`,
    ].join("\n"));
    await writeFile(path.join(dir, "dep.ts"), `export const value: string = "first";\n`);
    await writeFile(path.join(dir, "lazy.ts"), `console.log("lazy module evaluated");\nexport const lazy = "lazy value";\n`);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    for (const d of await readdir(CACHE).catch(() => [])) if (d.startsWith(key)) await rm(path.join(CACHE, d), { recursive: true, force: true });
  });

  it("runs the TypeScript with its own arguments, and builds once", async () => {
    const first = await launch(entry, ["--month", "2025-11"]);
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toBe("first --month 2025-11\n");
    const again = await launch(entry, ["x"]);
    expect(again.stdout).toBe("first x\n");
    expect(await builds()).toBe(1);
  });

  it("keeps a dynamic import lazy: the module is a chunk of its own, evaluated only when imported", async () => {
    expect((await launch(entry)).stdout).not.toContain("lazy module evaluated");
    expect((await launch(entry, ["--lazy"])).stdout).toBe("first --lazy\nlazy module evaluated\nlazy value\n");
    const [build] = (await readdir(CACHE)).filter((d) => d.startsWith(`${key}-`));
    expect(await readdir(path.join(CACHE, build!, "chunks"))).toContainEqual(expect.stringMatching(/^lazy-.*\.js$/));
  });

  it("rebuilds as soon as a source it was built from changes", async () => {
    await writeFile(path.join(dir, "dep.ts"), `export const value: string = "second";\n`);
    expect((await launch(entry)).stdout).toBe("second \n");
    expect(await builds()).toBe(2); // the older build stays for processes still running from it
  });

  it("a source that does not compile: exit 1 and the file, line and column, no stale run", async () => {
    await writeFile(path.join(dir, "dep.ts"), `export const value: string = ;\n`);
    const before = await builds();
    const r = await launch(entry);
    expect(await builds(), "a failed build leaves no folder behind").toBe(before);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/dep\.ts:1:\d+/);
    await writeFile(path.join(dir, "dep.ts"), `export const value: string = "third";\n`);
    expect((await launch(entry)).stdout).toBe("third \n");
  });

  it("a source saved while its bundle was built is built again at the next start", async () => {
    const dep = path.join(dir, "dep.ts");
    await writeFile(dep, `export const value: string = "fourth";\n`);
    // A modification time after the build's start is what a save during the build leaves behind.
    const later = new Date(Date.now() + 60_000);
    await utimes(dep, later, later);
    const before = await builds();
    expect((await launch(entry)).stdout).toBe("fourth \n");
    expect((await launch(entry)).stdout).toBe("fourth \n");
    expect(await builds()).toBe(before + 2);
    const now = new Date();
    await utimes(dep, now, now);
  });

  it("commands started side by side on a changed source each run it whole", async () => {
    await writeFile(path.join(dir, "dep.ts"), `export const value: string = "fifth";\n`);
    const runs = await Promise.all([1, 2, 3, 4].map((n) => launch(entry, [String(n)])));
    expect(runs.map((r) => r.stdout)).toEqual(["fifth 1\n", "fifth 2\n", "fifth 3\n", "fifth 4\n"]);
    expect(runs.every((r) => r.code === 0 && r.stderr === "")).toBe(true);
    expect((await launch(entry, ["after"])).stdout).toBe("fifth after\n");
  });

  it("an error's stack names the TypeScript source and line", async () => {
    await writeFile(path.join(dir, "dep.ts"), `export const value: string = "x";\n\nthrow new Error("from dep");\n`);
    const r = await launch(entry);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/dep\.ts:3:\d+/);
  });
});
