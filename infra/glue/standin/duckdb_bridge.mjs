// The engine behind the duckdb stand-in (standin/duckdb.py): the real DuckDB, through the Node
// binding installed in this repository, answering one JSON request per line on stdin.
import { DuckDBInstance } from "@duckdb/node-api";
import { createInterface } from "node:readline";

// `--version`: the engine's version, as the duckdb Python module reports it (1.5.6).
if (process.argv.includes("--version")) {
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  const r = await c.runAndReadAll("SELECT library_version FROM pragma_version()");
  process.stdout.write(String(r.getRowsJson()[0][0]).replace(/^v/, "") + "\n");
  c.closeSync();
  process.exit(0);
}

let conn = null;
const out = (o) => process.stdout.write(JSON.stringify(o) + "\n");

for await (const line of createInterface({ input: process.stdin })) {
  const req = JSON.parse(line);
  try {
    if (req.op === "open") {
      const config = Object.fromEntries(Object.entries(req.config ?? {}).map(([k, v]) => [k, String(v)]));
      const db = await DuckDBInstance.create(":memory:", config);
      conn = await db.connect();
      out({ ok: true });
    } else if (req.op === "execute") {
      const reader = await conn.runAndReadAll(req.sql);
      out({ ok: true, columns: reader.columnNames(), types: reader.columnTypes().map(String), rows: reader.getRowsJson() });
    } else if (req.op === "close") {
      conn?.closeSync();
      process.stdout.write(JSON.stringify({ ok: true }) + "\n", () => process.exit(0));
      break;
    }
  } catch (e) {
    out({ ok: false, error: String(e?.message ?? e) });
  }
}
