// npm run pipeline -- --month YYYY-MM [--json] FILE_OR_DIR...
// Uploads the files as one batch through the portal's upload path, waits for the run, reports it.
// Exit 0 = succeeded, 1 = partial or failed, 2 = bad arguments.
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { closeDb } from "../lib/db/client";
import { listQuality } from "../lib/db/quality";
import { isAppError } from "../lib/errors";
import { MONTH_PATTERN } from "../lib/lake/keys";
import { waitForRun } from "../lib/pipeline/runs";
import { planUpload, uploadFiles } from "../lib/pipeline/upload-files";

const USAGE = "usage: npm run pipeline -- --month YYYY-MM [--json] FILE_OR_DIR...";

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({ options: { month: { type: "string" }, json: { type: "boolean", default: false }, help: { type: "boolean" } }, allowPositionals: true });
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { month, json } = args.values;
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!month || !MONTH_PATTERN.test(month) || args.positionals.length === 0) {
    console.error(!month || MONTH_PATTERN.test(month) ? USAGE : `--month must be YYYY-MM, got ${month}\n${USAGE}`);
    return 2;
  }
  const paths: string[] = [];
  for (const p of args.positionals) {
    const s = await stat(p).catch(() => null);
    if (!s) {
      console.error(`${p}: no such file or directory\n${USAGE}`);
      return 2;
    }
    if (s.isDirectory()) for (const f of (await readdir(p)).sort()) if (f.toLowerCase().endsWith(".csv")) paths.push(path.join(p, f));
    if (s.isFile()) paths.push(p);
  }
  if (paths.length === 0) {
    console.error(`no CSV files found\n${USAGE}`);
    return 2;
  }
  const say = (s: string) => (json ? process.stderr : process.stdout).write(`${s}\n`);
  const t0 = Date.now();
  let plan;
  try {
    plan = await planUpload(paths);
  } catch (e) {
    if (isAppError(e)) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }
  const { batchId, runId } = await uploadFiles({ month, files: plan, userId: null, onFile: (f) => say(`uploaded ${f.fileName} as ${f.table} (${f.size} bytes)`) });
  say(`batch ${batchId}: run ${runId} started`);
  const run = await waitForRun(runId, {
    onProgress: (p) => {
      const cur = p.steps.find((s) => s.status === "running");
      if (cur) say(`  … ${cur.name}`);
    },
  });
  const quality = await listQuality(runId);
  const result = {
    runId,
    batchId,
    month,
    status: run.status,
    durationMs: run.durationMs ?? Date.now() - t0,
    steps: run.steps.map((s) => ({ name: s.name, status: s.status, durationMs: s.durationMs })),
    tables: Object.fromEntries(quality.map((q) => [q.table, { rowsIn: q.rowsIn, rowsOut: q.rowsOut, rejected: q.rejected, duplicates: q.duplicates }])),
    ...(run.error ? { error: run.error } : {}),
  };
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    say(`\nrun ${runId}: ${run.status.toUpperCase()} in ${result.durationMs} ms`);
    for (const s of result.steps) say(`  ${s.name.padEnd(24)} ${s.status.padEnd(10)} ${s.durationMs ?? "-"} ms`);
    say(`\n  ${"table".padEnd(12)} ${"in".padStart(9)} ${"out".padStart(9)} ${"rejected".padStart(9)} ${"dups".padStart(7)}`);
    for (const q of quality) say(`  ${q.table.padEnd(12)} ${String(q.rowsIn).padStart(9)} ${String(q.rowsOut).padStart(9)} ${String(q.rejected).padStart(9)} ${String(q.duplicates).padStart(7)}${q.error ? `  ${q.error}` : ""}`);
    if (run.error) say(`\n${run.error}`);
  }
  return run.status === "succeeded" ? 0 : 1;
}

main()
  .then(async (code) => {
    await closeDb();
    process.exit(code);
  })
  .catch(async (e: unknown) => {
    console.error(isAppError(e) ? e.message : e);
    await closeDb().catch(() => undefined);
    process.exit(1);
  });
