import "server-only";
import path from "node:path";
import { config } from "../config";
import { TABLE_NAMES } from "../contracts";
import { getRun } from "../db/runs";
import { AppError } from "../errors";
import { csvCell } from "../http/csv";
import { lakeKeys } from "../lake/keys";
import { Duck } from "../pipeline/duck";
import { parquetRelation } from "../pipeline/jobs/stage-inputs";
import { sqlString } from "../pipeline/sql/render";
import { getBackend } from "../wiring";

const COLUMNS = ["table", "file", "line", "column", "rule", "message", "raw"] as const;

/**
 * The quarantined rows of one table of a run's batch, as CSV (file, line, column, rule, message and
 * the raw values as JSON), for download from the run page. Every value came from an upload, so cells
 * are neutralised against spreadsheet formulas (lib/http/csv).
 */
export async function rejectsCsv(runId: string, table: string): Promise<string> {
  if (!(TABLE_NAMES as readonly string[]).includes(table)) throw new AppError(400, "bad_table", `unknown table ${table}`);
  const run = await getRun(runId);
  if (!run) throw new AppError(404, "run_not_found", `run ${runId} does not exist`);
  const { lake } = await getBackend();
  const workDir = path.join(path.resolve(config().DATA_DIR), "work", `rejects-${runId}`);
  const rel = await parquetRelation(lake, lakeKeys.rejectsPrefix(table, run.month), workDir);
  const header = COLUMNS.join(",");
  if (!rel) return `${header}\n`;
  const duck = await Duck.shared({ timeZone: "UTC" });
  try {
    const rows = await duck.all<Record<(typeof COLUMNS)[number], string | number | null>>(
      `SELECT "table", file, line, "column", rule, message, raw FROM ${rel} WHERE batch_id = ${sqlString(run.batchId)} ORDER BY line NULLS LAST, record`,
    );
    return [header, ...rows.map((r) => COLUMNS.map((c) => csvCell(r[c])).join(","))].join("\n") + "\n";
  } finally {
    await duck.close();
  }
}
