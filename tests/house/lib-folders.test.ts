// The folders of lib/ form a graph without loops (issue 14): interfaces below, the local and AWS
// implementations beside each other, the wiring above them, the application services on top. Every
// import counts: static, `export … from`, type-only and dynamic `import()`.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const LIB = path.join(ROOT, "lib");
/** The one folder that may ask which backend it has (it chooses it). */
const WIRING = "lib/wiring/";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : sourceFiles(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** Every module specifier of a file: imports, re-exports, `import type`, `import()` and `typeof import()`. */
function specifiers(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const literal = (n: ts.Node | undefined) => n && ts.isStringLiteralLike(n) && found.push(n.text);
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) literal(n.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference)) literal(n.moduleReference.expression);
    else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword) literal(n.arguments[0]);
    else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument)) literal(n.argument.literal);
    ts.forEachChild(n, visit);
  };
  visit(source);
  return found;
}

/** lib/<folder>/… → folder; a file at the top of lib/ (lib/errors.ts) is its own node. */
function nodeOf(absolute: string): string | null {
  const rel = path.relative(LIB, absolute);
  if (rel.startsWith("..") || path.isAbsolute(rel)) return null;
  const first = rel.split(path.sep)[0] ?? "";
  return first.replace(/\.tsx?$/, "") || null;
}

function targetOf(file: string, spec: string): string | null {
  if (spec === "@/lib" || spec.startsWith("@/lib/")) return nodeOf(path.join(LIB, spec.slice("@/lib".length)));
  if (spec.startsWith(".")) return nodeOf(path.resolve(path.dirname(file), spec));
  return null;
}

/** folder → folder → the files that make that edge. */
function folderGraph(): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const file of sourceFiles(LIB)) {
    const from = nodeOf(file)!;
    const edges = graph.get(from) ?? new Map<string, string[]>();
    graph.set(from, edges);
    for (const spec of specifiers(file, readFileSync(file, "utf8"))) {
      const to = targetOf(file, spec);
      if (!to || to === from) continue;
      edges.set(to, [...(edges.get(to) ?? []), path.relative(ROOT, file)]);
    }
  }
  return graph;
}

/** The sets of folders that reach each other (strongly connected, Tarjan), each sorted. */
function loopSets(graph: Map<string, Map<string, unknown>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const sets: string[][] = [];
  const strong = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const set: string[] = [];
      for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) set.push(w);
      if (set.length > 1) sets.push(set.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) strong(v);
  return sets;
}

/** The shortest way from `start` back to itself inside `set` (breadth first), first folder repeated at the end. */
function shortestLoop(graph: Map<string, Map<string, unknown>>, set: string[], start: string): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of [...(graph.get(v)?.keys() ?? [])].sort()) {
      if (!set.includes(w)) continue;
      if (w === start) {
        const loop = [start];
        for (let u: string | undefined = v; u !== start && u !== undefined; u = previous.get(u)) loop.unshift(u);
        return [start, ...loop];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [];
}

const rotateToMin = (loop: string[]) => {
  const i = loop.indexOf([...loop].sort()[0]!);
  return [...loop.slice(i), ...loop.slice(0, i)];
};

describe("the folders of lib/", () => {
  it("import each other in no loop, directly or through others", () => {
    const graph = folderGraph();
    const edge = (from: string, to: string) => `    ${from} -> ${to}: ${[...new Set(graph.get(from)!.get(to)!)].join(", ")}`;
    const explain = loopSets(graph).map((set) => {
      // One shortest loop through each folder of the set, each loop once.
      const loops = [...new Set(set.map((f) => shortestLoop(graph, set, f)).map((l) => l.slice(0, -1)).map((l) => rotateToMin(l).join(" -> ")))];
      const edges = new Set(loops.flatMap((l) => l.split(" -> ").map((f, i, all) => edge(f, all[(i + 1) % all.length]!))));
      return [`folders in a loop: ${set.join(", ")}`, ...loops.map((l) => `  ${l} -> ${l.split(" -> ")[0]}`), ...edges].join("\n");
    });
    expect(explain, `loops between lib/ folders:\n${explain.join("\n")}`).toEqual([]);
  });

  it("the finder sees every kind of import", () => {
    const text = [
      `import a from "@/lib/a/x";`,
      `import type { B } from "../b/y";`,
      `export { c } from "./c";`,
      `export * from "@/lib/d";`,
      `const e = await import("../e");`,
      `type F = typeof import("@/lib/f/z");`,
      `import "./g";`,
    ].join("\n");
    expect(specifiers("lib/x/file.ts", text)).toEqual(["@/lib/a/x", "../b/y", "./c", "@/lib/d", "../e", "@/lib/f/z", "./g"]);
    const graph = new Map([["a", new Map([["b", 1]])], ["b", new Map([["c", 1]])], ["c", new Map([["a", 1]])], ["d", new Map([["a", 1]])]]);
    expect(loopSets(graph)).toEqual([["a", "b", "c"]]);
    expect(shortestLoop(graph, ["a", "b", "c"], "b")).toEqual(["b", "c", "a", "b"]);
  });
});

describe("which backend is running", () => {
  /** `kind === "aws"`, `"local" !== x.kind`, `backend.kind`, `(await getBackend()).kind`, `c.PORTAL_BACKEND !== …`. */
  const TESTS = [
    /\bkind\s*[!=]==?\s*["'](aws|local)["']/,
    /["'](aws|local)["']\s*[!=]==?\s*[\w.]*\.kind\b/,
    /\b(backend|getBackend\(\)\))\s*\??\.kind\b/i,
    /\bPORTAL_BACKEND\s*[!=]==?|[!=]==?\s*[\w.()]*\bPORTAL_BACKEND\b/,
  ];

  it("is asked only by the wiring: the rest uses what the backend carries", () => {
    const dirs = ["lib", "app", "components", "scripts"].map((d) => path.join(ROOT, d));
    const offenders = dirs
      .flatMap(sourceFiles)
      .filter((file) => !path.relative(ROOT, file).startsWith(WIRING))
      .flatMap((file) =>
        readFileSync(file, "utf8")
          .split("\n")
          // The setting's own definition checks that each backend has the settings it needs.
          .flatMap((line, i) => (path.relative(ROOT, file) === path.join("lib", "config", "schema.ts") && /PORTAL_BACKEND/.test(line) ? [] : [[line, i] as const]))
          .flatMap(([line, i]) => (TESTS.some((t) => t.test(line)) ? [`${path.relative(ROOT, file)}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(offenders, `tests of the backend's kind outside ${WIRING}:\n${offenders.join("\n")}`).toEqual([]);
  });
});

describe("the database's one home (issue 14)", () => {
  const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join("/");
  /** The project's files that import a module, with what they name it. */
  const importing = (dirs: string[], wanted: (target: string) => boolean) =>
    dirs
      .map((d) => path.join(ROOT, d))
      .flatMap(sourceFiles)
      .flatMap((file) => specifiers(file, readFileSync(file, "utf8")).flatMap((spec) => (wanted(resolved(file, spec)) ? [`${rel(file)}: ${spec}`] : [])));
  /** A specifier as a path from the project's root ("lib/db/users"); a package stays as it is. */
  const resolved = (file: string, spec: string) =>
    spec.startsWith("@/") ? spec.slice(2) : spec.startsWith(".") ? rel(path.resolve(path.dirname(file), spec)) : spec;
  const under = (folder: string) => (target: string) => target === folder || target.startsWith(`${folder}/`);

  it("app/ reads and writes through lib/portal and lib/services, never lib/db", () => {
    const offenders = importing(["app"], under("lib/db"));
    expect(offenders, `app/ files that import lib/db:\n${offenders.join("\n")}`).toEqual([]);
  });

  /**
   * Files still on their way, changed by another branch at the time (2026-12-06): the benchmark's child
   * opens the database with `getDb()` (no query); `openDb()` from lib/db/client does the same.
   */
  const PENDING: string[] = [];

  it("only lib/db runs Prisma: nobody else calls getDb() or imports the generated client", () => {
    const dirs = ["lib", "app", "components", "scripts"];
    const outside = (file: string) => !rel(file).startsWith("lib/db/");
    const calls = dirs
      .map((d) => path.join(ROOT, d))
      .flatMap(sourceFiles)
      .filter(outside)
      .flatMap((file) =>
        readFileSync(file, "utf8")
          .split("\n")
          .flatMap((line, i) => (/\bgetDb\s*\(/.test(line) ? [`${rel(file)}:${i + 1}: ${line.trim()}`] : [])),
      );
    const generated = importing(dirs, (t) => under("lib/db/generated")(t) || t.startsWith("@prisma/")).filter((o) => !o.startsWith("lib/db/"));
    const found = [...calls, ...generated];
    const offenders = found.filter((o) => !PENDING.some((p) => o.startsWith(`${p}:`)));
    expect(offenders, `Prisma outside lib/db:\n${offenders.join("\n")}`).toEqual([]);
    // An exception that is no longer needed goes: the list only shrinks.
    const stale = PENDING.filter((p) => !found.some((o) => o.startsWith(`${p}:`)));
    expect(stale, `no longer call getDb(); take them off PENDING: ${stale.join(", ")}`).toEqual([]);
  });

  it("lib/ takes nothing from components/ (components take their types from lib/portal)", () => {
    const offenders = importing(["lib"], under("components"));
    expect(offenders, `lib/ files that import components/:\n${offenders.join("\n")}`).toEqual([]);
  });
});

describe("one import style", () => {
  const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join("/");
  const specs = (dir: string) =>
    sourceFiles(path.join(ROOT, dir))
      .filter((f) => !f.includes(`${path.sep}generated${path.sep}`))
      .flatMap((file) => specifiers(file, readFileSync(file, "utf8")).map((spec) => ({ file: rel(file), spec })));

  // lib/ runs under plain Node tools and bundlers alike: it names its own files by path. The app's
  // folders name anything beyond their own folder from the root, so a moved page keeps its imports.
  it("lib/ imports its files relatively; app/ and components/ use @/ for anything outside their folder", () => {
    const libAliased = specs("lib").filter((s) => s.spec.startsWith("@/"));
    expect(libAliased.map((s) => `${s.file}: ${s.spec}`), "lib/ files importing with @/").toEqual([]);
    const climbing = [...specs("app"), ...specs("components")].filter((s) => s.spec.startsWith("../"));
    expect(climbing.map((s) => `${s.file}: ${s.spec}`), "app/ or components/ files importing with ../").toEqual([]);
  });
});
