// The floor of a whole process (npm run bench:startup): start Node, open DuckDB, and convert every CSV of
// a folder to zstd Parquet. Plain Node, no tsx: what any tool must at least spend on the same files.
import { readdirSync } from "node:fs";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";

const [dir, out] = process.argv.slice(2);
if (!dir || !out) throw new Error("usage: node scripts/bare-convert.mjs CSV_FOLDER OUT_FOLDER");
const db = await DuckDBInstance.create(":memory:");
const c = await db.connect();
const q = (s) => `'${s.replaceAll("'", "''")}'`;
for (const f of readdirSync(dir).filter((n) => n.endsWith(".csv"))) {
  await c.run(`COPY (SELECT * FROM read_csv(${q(path.join(dir, f))})) TO ${q(path.join(out, `${f}.parquet`))} (FORMAT parquet, COMPRESSION zstd)`);
}
