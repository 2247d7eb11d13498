// node --conditions=react-server scripts/run-bundled.mjs scripts/NAME.ts [ARGS…]: runs a command as one
// esbuild bundle instead of through tsx. tsx transforms and resolves each module through a loader
// thread: ≈ 0.3 s to start plus ≈ 3 ms a module, 1.2–1.5 s of a scale-1 `npm run pipeline` (issue 14).
// The bundle keeps the lazy imports lazy (split chunks; packages stay in node_modules) and is rebuilt
// (≈ 0.2 s) as soon as a file it was built from changes, so an edited source runs at once, as with tsx.
// Plain JavaScript: it must start before anything can transform TypeScript.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = path.resolve(import.meta.dirname, "..");
/** A build other processes may still be running from (their lazy chunks load late) is kept this long. */
const KEEP_OLD_BUILDS_MS = 60 * 60 * 1000;
/** Files that change how everything is bundled: a change to any of them rebuilds. */
const BUILD_INPUTS = ["tsconfig.json", "package.json", path.relative(ROOT, import.meta.filename)];

const [entryArg, ...args] = process.argv.slice(2);
if (!entryArg) {
  console.error("usage: node scripts/run-bundled.mjs SCRIPT.ts [ARGS…]");
  process.exit(2);
}
const entry = path.resolve(entryArg);
const main = await bundleFor(entry);
// The command reads its arguments as if it had been started directly.
process.argv = [process.argv[0], main, ...args];
// Stack traces name the TypeScript sources, as under tsx.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(main).href);

/** The path of the entry's bundle, built now if there is none or a file it was built from changed. */
async function bundleFor(entry) {
  const name = path.basename(entry).replace(/\.[cm]?[jt]sx?$/, "");
  const key = `${name}-${createHash("sha256").update(entry).digest("hex").slice(0, 10)}`;
  const cache = await cacheDir();
  const pointer = path.join(cache, `${key}.json`);
  const current = await readFile(pointer, "utf8").then((t) => JSON.parse(t), () => null);
  if (current && (await fresh(cache, current))) return path.join(cache, current.dir, current.main);

  // Each build has its own folder and the pointer is replaced in one rename: processes that start
  // side by side may each build, and none ever reads a half-written bundle.
  const dir = `${key}-${process.pid}-${Date.now()}`;
  const { build } = await import("esbuild");
  const started = Date.now();
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    outdir: path.join(cache, dir),
    entryNames: "[name]",
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    conditions: ["react-server"],
    sourcemap: "linked",
    metafile: true,
    logLevel: "error",
  }).catch(() => process.exit(1)); // esbuild has printed each error with its file, line and column, and written nothing
  const inputs = {};
  for (const f of [...Object.keys(result.metafile.inputs), ...BUILD_INPUTS]) {
    const s = await stamp(path.resolve(ROOT, f));
    // A file saved while the build ran may be bundled as it was before: the next start builds again.
    inputs[f] = s.mtimeMs >= started ? "changed during the build" : s.key;
  }
  const tmp = `${pointer}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify({ dir, main: `${name}.js`, inputs }));
  await rename(tmp, pointer);
  await prune(cache, key, dir);
  return path.join(cache, dir, `${name}.js`);
}

/** Every file the build read is as it was, and the build is still there. */
async function fresh(cache, current) {
  if (!existsSync(path.join(cache, current.dir, current.main))) return false;
  const checks = await Promise.all(Object.entries(current.inputs).map(async ([f, s]) => (await stamp(path.resolve(ROOT, f))).key === s));
  return checks.every(Boolean);
}

function stamp(file) {
  return stat(file).then((s) => ({ key: `${s.size}:${s.mtimeMs}`, mtimeMs: s.mtimeMs }), () => ({ key: "missing", mtimeMs: 0 }));
}

/** node_modules/.cache beside the sources; the system's temporary folder where that is read-only. */
async function cacheDir() {
  for (const dir of [path.join(ROOT, "node_modules/.cache/shoplake-cli"), path.join(os.tmpdir(), "shoplake-cli")]) {
    try {
      await mkdir(dir, { recursive: true });
      return dir;
    } catch {
      // try the next place
    }
  }
  throw new Error("no writable folder for the command's bundle (node_modules/.cache or the temporary folder)");
}

/** Earlier builds of this entry go once no process can be running from them any more. */
async function prune(cache, key, keep) {
  for (const d of await readdir(cache)) {
    if (d === keep || !d.startsWith(`${key}-`) || d.endsWith(".json") || d.endsWith(".tmp")) continue;
    const s = await stat(path.join(cache, d)).catch(() => null);
    if (s && Date.now() - s.mtimeMs > KEEP_OLD_BUILDS_MS) await rm(path.join(cache, d), { recursive: true, force: true });
  }
}
