// npm run pipeline -- --month YYYY-MM [--profile FILE] [--table FILE=TABLE]... [--skip FILE]... [--json] FILE_OR_DIR...
// Uploads the files as one batch through the portal's upload path, waits for the run, reports it.
// Exit 0 = succeeded, 1 = partial, held or failed, 2 = bad arguments (every problem named at once).
import "./caller-env"; // first: the environment as typed, before anything reads it
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { globMatches, isMonth, parseProfile, PROFILE_LIMITS, TABLE_NAMES, uploadMonthSchema, type SourceProfile, type TableName } from "../lib/contracts";
import { listQuality } from "../lib/db/quality";
import { isAppError } from "../lib/errors";
import { openDb } from "../lib/db/client";
import { closeBackend, getBackend } from "../lib/wiring";
import { waitForRun } from "../lib/services/runs";
import { namesFile, planUpload, uploadFiles } from "../lib/services/upload-files";
import { callerPath } from "./caller-path";
import { runCommand } from "./run-command";

const USAGE = "usage: npm run pipeline -- --month YYYY-MM [--profile FILE] [--table FILE=TABLE]... [--skip FILE]... [--json] FILE_OR_DIR...";

type Args = { month: string; json: boolean; profile: SourceProfile | null; tables: Map<string, TableName[]>; paths: string[]; skipped: Skipped[] };
/** A folder's file that is not uploaded, and why: not a .csv (a profile among them), or left out by --skip. */
type Skipped = { path: string; profile: boolean; skip?: string; folder?: boolean };

/** A --table or --skip name that is a path (not a base name or a glob) is the caller's, as the inputs are. */
const fromCallerIfPath = (name: string) => (/[\\/]/.test(name) && !/[*?]/.test(name) ? callerPath(name) : name);

/** The arguments, or every problem with them. */
async function readArgs(): Promise<Args | string[]> {
  let args;
  try {
    args = parseArgs({
      options: {
        month: { type: "string" }, json: { type: "boolean", default: false }, help: { type: "boolean" },
        profile: { type: "string" }, table: { type: "string", multiple: true }, skip: { type: "string", multiple: true },
      },
      allowPositionals: true,
    });
  } catch (e) {
    return [(e as Error).message];
  }
  const v = args.values;
  const problems: string[] = [];
  if (!v.month) problems.push("--month is required");
  else if (!isMonth(v.month)) problems.push(`--month must be YYYY-MM, got ${v.month}`);
  else {
    // A month that has not begun is a bad argument (exit 2), as the portal's month picker refuses it.
    const m = uploadMonthSchema.safeParse(v.month);
    if (!m.success) problems.push(`--month: ${m.error.issues[0]!.message}`);
  }
  let profile: SourceProfile | null = null;
  if (v.profile) {
    const parsed = await readProfileFile(callerPath(v.profile));
    if (parsed.ok) profile = parsed.profile;
    else problems.push(`--profile ${v.profile}: ${parsed.error}`);
  }
  const tables = new Map<string, TableName[]>();
  for (const t of v.table ?? []) {
    const m = /^(.+)=([a-z_]+)$/.exec(t);
    if (!m || !(TABLE_NAMES as readonly string[]).includes(m[2]!)) {
      problems.push(`--table ${t}: expected FILE=TABLE with TABLE one of ${TABLE_NAMES.join(", ")}`);
      continue;
    }
    const file = fromCallerIfPath(m[1]!);
    tables.set(file, [...(tables.get(file) ?? []), m[2] as TableName]);
  }
  if (args.positionals.length === 0) problems.push("give at least one CSV file or folder");
  const inputs = await collectInputs(args.positionals.map(callerPath), tables, (v.skip ?? []).map(fromCallerIfPath), v.profile ? callerPath(v.profile) : null);
  problems.push(...inputs.problems);
  if (args.positionals.length > 0 && problems.length === 0 && inputs.paths.length === 0) {
    const folders = inputs.skipped.filter((f) => f.folder).map((f) => f.path);
    problems.push(folders.length ? `no CSV files found (folders inside are not read: give ${folders.join(" or ")} itself)` : "no CSV files found");
  }
  if (problems.length > 0) return problems;
  return { month: v.month!, json: v.json ?? false, profile, tables, paths: inputs.paths, skipped: inputs.skipped };
}

/**
 * The files to upload: those given, and a folder's `.csv` files. A folder's other files (an .xlsx, a
 * .txt export) are listed as skipped, not dropped unseen; a `--table` file is read wherever it is, in a
 * folder given or on its own; `--skip` leaves out the files it names (a path, a base name or a glob on
 * it: a shop's download holds tables the contract has no place for, such as Olist's payments). A
 * `--table` or `--skip` that names no file is a mistake, not ignored.
 */
async function collectInputs(positionals: string[], tables: ReadonlyMap<string, TableName[]>, skips: string[], profilePath: string | null) {
  const paths: string[] = [];
  const skipped: Skipped[] = [];
  const problems: string[] = [];
  const said = (p: string) => [...tables.keys()].some((name) => namesFile(name, p));
  const skipOf = (p: string) => skips.find((s) => namesFile(s, p) || (s.includes("*") || s.includes("?") ? globMatches(s, path.basename(p)) : false));
  // A file both --table and --skip name is one problem, not three (the file and each option's).
  const both: { path: string; skip: string }[] = [];
  const add = (p: string) => {
    const skip = skipOf(p);
    if (skip === undefined) paths.push(p);
    else if (said(p)) {
      problems.push(`${p}: both --table and --skip ${skip} name it`);
      both.push({ path: p, skip });
    } else skipped.push({ path: p, profile: false, skip });
  };
  for (const p of positionals) {
    const s = await stat(p).catch(() => null);
    if (!s) problems.push(`${p}: no such file or directory`);
    else if (s.isDirectory()) {
      for (const f of (await readdir(p, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
        if (f.name.startsWith(".")) continue; // .DS_Store and the like say nothing
        const full = path.join(p, f.name);
        // A folder inside is not read (a month is one folder), but said: its CSVs were skipped unseen.
        if (f.isDirectory()) skipped.push({ path: full, profile: false, folder: true });
        if (!f.isFile()) continue;
        if (f.name.toLowerCase().endsWith(".csv") || said(full) || skipOf(full) !== undefined) add(full);
        else if (path.resolve(full) !== profilePath) skipped.push({ path: full, profile: await isProfileFile(full) });
      }
    } else if (s.isFile()) add(p);
  }
  for (const key of tables.keys()) {
    if ([...paths, ...both.map((b) => b.path)].some((p) => namesFile(key, p))) continue;
    if ((await stat(key).catch(() => null))?.isFile()) add(key);
    else problems.push(`--table ${key}=${tables.get(key)!.join(",")}: no such file among the files and folders given`);
  }
  for (const s of skips) if (![...skipped, ...both].some((f) => f.skip === s)) problems.push(`--skip ${s}: no such file among the files and folders given`);
  return { paths, skipped, problems };
}

/** A source profile from a file; its size is checked before it is read. */
async function readProfileFile(file: string): Promise<ReturnType<typeof parseProfile>> {
  const s = await stat(file).catch(() => null);
  if (!s) return { ok: false, error: "no such file" };
  if (!s.isFile()) return { ok: false, error: "not a file" }; // /dev/zero would never end
  if (s.size > PROFILE_LIMITS.bytes) return { ok: false, error: `a profile is at most ${PROFILE_LIMITS.bytes / 1024} KB` };
  const text = await readFile(file, "utf8").catch(() => null);
  return text === null ? { ok: false, error: "cannot be read" } : parseProfile(text);
}

/** A .json file that parses as a source profile (the generator and the portal's export write one beside the CSVs). */
async function isProfileFile(file: string): Promise<boolean> {
  return file.toLowerCase().endsWith(".json") && (await readProfileFile(file)).ok;
}

/** "column: rule" (job 1's top reasons) → its parts. */
const reasonOf = (r: { reason: string; count: number }) => {
  const i = r.reason.lastIndexOf(": ");
  return { column: i < 0 ? "" : r.reason.slice(0, i), rule: i < 0 ? r.reason : r.reason.slice(i + 2), count: r.count };
};

async function main(): Promise<number> {
  if (process.argv.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  const a = await readArgs();
  if (Array.isArray(a)) {
    console.error(`${a.join("\n")}\n${USAGE}`);
    return 2;
  }
  const say = (s: string) => (a.json ? process.stderr : process.stdout).write(`${s}\n`);
  for (const f of a.skipped) {
    // A profile beside the CSVs is named as one: the files are still read as the contract unless it is given.
    if (f.skip !== undefined) say(`skipped ${f.path}: --skip ${f.skip}`);
    else if (f.profile) say(`skipped ${f.path}: a source profile, not used unless given (--profile ${f.path} reads the files with it)`);
    else if (f.folder) say(`skipped ${f.path}${path.sep}: a folder inside a folder is not read (give it as a folder of its own)`);
    else say(`skipped ${f.path}: not a .csv file (--table ${path.basename(f.path)}=TABLE reads it)`);
  }
  const t0 = Date.now();
  let plan;
  try {
    plan = await planUpload(a.paths, { profile: a.profile, tables: a.tables });
  } catch (e) {
    if (isAppError(e)) {
      console.error(`${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  // The files are good: the database and the backend (1.8 s one after the other on a scale-1 start) open
  // side by side; the upload awaits both (a failure is its to report).
  void Promise.all([openDb(), getBackend()]).catch(() => undefined);
  const { batchId, runId } = await uploadFiles({
    month: a.month, files: plan, userId: null, profile: a.profile,
    onFile: (f) => say(`uploaded ${f.fileName} as ${f.table}${f.alsoTable ? ` and ${f.alsoTable}` : ""} (${f.size} bytes)`),
  });
  say(`batch ${batchId}: run ${runId} started${a.profile ? ` (profile "${a.profile.name ?? "unnamed"}")` : ""}`);
  const run = await waitForRun(runId, {
    onProgress: (p) => {
      const cur = p.steps.find((s) => s.status === "running");
      if (cur) say(`  … ${cur.name}`);
    },
  });
  const quality = await listQuality(runId);
  const gate = run.gate?.failed.map((f) => ({ table: f.table, rule: f.rule, value: f.value, limit: f.limit })) ?? [];
  const result = {
    runId,
    batchId,
    month: a.month,
    status: run.status,
    durationMs: run.durationMs ?? Date.now() - t0,
    steps: run.steps.map((s) => ({ name: s.name, status: s.status, durationMs: s.durationMs })),
    tables: Object.fromEntries(
      quality.map((q) => [
        q.table,
        {
          // Orphans (an order line whose order is not in the batch) are kept and counted (DATA_CONTRACT.md).
          rowsIn: q.rowsIn, rowsOut: q.rowsOut, rejected: q.rejected, duplicates: q.duplicates, orphans: q.orphans,
          reasons: q.topReasons.map(reasonOf), warnings: q.warnings, ...(q.error ? { error: q.error } : {}),
        },
      ]),
    ),
    ...(run.gate ? { gate } : {}),
    ...(run.error ? { error: run.error } : {}),
  };
  if (a.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    say(`\nrun ${runId}: ${run.status.toUpperCase()} in ${result.durationMs} ms`);
    for (const s of result.steps) say(`  ${s.name.padEnd(24)} ${s.status.padEnd(10)} ${s.durationMs ?? "-"} ms`);
    say(`\n  ${"table".padEnd(12)} ${"in".padStart(9)} ${"out".padStart(9)} ${"rejected".padStart(9)} ${"dups".padStart(7)} ${"orphans".padStart(8)}`);
    for (const q of quality) {
      say(`  ${q.table.padEnd(12)} ${String(q.rowsIn).padStart(9)} ${String(q.rowsOut).padStart(9)} ${String(q.rejected).padStart(9)} ${String(q.duplicates).padStart(7)} ${String(q.orphans).padStart(8)}${q.error ? `  ${q.error}` : ""}`);
      for (const r of q.topReasons.slice(0, 3)) say(`      ${r.count} × ${r.reason}`);
      for (const w of q.warnings) say(`      warning: ${w}`);
    }
    if (run.status === "held") for (const f of run.gate?.failed ?? []) say(`\nheld: ${f.message}`);
    if (run.error) say(`\n${run.error}`);
  }
  return run.status === "succeeded" ? 0 : 1;
}

// A failed or held run's notification is on its way: the command waits for it (retries included).
// The run and its notification end before the database closes (the backend waits for both).
runCommand(main, { beforeExit: closeBackend });
