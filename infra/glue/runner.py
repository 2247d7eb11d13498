"""Glue runner for the three pipeline jobs (Glue 5 Spark-type jobs; DuckDB runs on the driver).

It mirrors the local jobs (lib/pipeline/jobs/*.ts): the same SQL files (lib/pipeline/sql/**, uploaded
to the artifacts bucket by Terraform), the same parameters, the same lake keys. DuckDB has no httpfs
here either, so S3 objects are staged to local disk, the SQL runs on the local files, and the results
are uploaded back. Everything is logged to stdout ("<UTC time> <LEVEL> <message>"), which Glue 5 sends
to the <prefix>/output log group (stream <JobRunId>-driver) that the portal reads. No Spark session
is started: at the reference volume one DuckDB on the driver is the whole job, and Spark is the
scale-out path of a shop that outgrows one node.

Arguments (Glue passes them as --name value): --job job1|job2|job3, --month, --batch_id,
--manifest_key, --execution_name, --run_name (from the state machine; reports go under the run's name,
which a retry execution shares with the execution it continues); --lake_bucket, --artifacts_bucket,
--sql_prefix, --contract_key, --business_timezone (job defaults); job 3: --db_host, --db_port,
--db_name, --db_user, --db_region, --db_ca_key (the RDS CA bundle in the artifacts bucket; required).
Engine: --duckdb_version (the job refuses another installed version), --duckdb_threads,
--duckdb_memory_limit. For local runs and tests: --lake_dir, --sql_dir, --contract instead of the
buckets.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

log = logging.getLogger("runner")

SNIFF_BYTES = 64 * 1024


class JobError(Exception):
    """A job-level failure: the Glue job run ends FAILED with this message."""


# --------------------------------------------------------------------------- logging and arguments


class _UtcFormatter(logging.Formatter):
    def formatTime(self, record, datefmt=None):  # noqa: N802 (logging API)
        t = dt.datetime.fromtimestamp(record.created, tz=dt.timezone.utc)
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{int(record.msecs):03d}Z"


def setup_logging(stream=None) -> None:
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(_UtcFormatter("%(asctime)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)


def parse_args(argv: List[str]) -> Dict[str, str]:
    """Glue passes `--name value` pairs (plus its own, e.g. --JOB_ID); `--name=value` works too."""
    out: Dict[str, str] = {}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a.startswith("--"):
            if "=" in a:
                k, v = a[2:].split("=", 1)
                out[k] = v
            elif i + 1 < len(argv) and not argv[i + 1].startswith("--"):
                out[a[2:]] = argv[i + 1]
                i += 1
            else:
                out[a[2:]] = ""
        i += 1
    return out


# --------------------------------------------------------------------------- SQL text helpers


def sql_string(s: str) -> str:
    return "'" + str(s).replace("'", "''") + "'"


def sql_ident(s: str) -> str:
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", s):
        raise ValueError(f"Not a safe identifier: {s}")
    return f'"{s}"'


def render(sql: str, params: Dict[str, Any]) -> str:
    """Fills {{name}} placeholders like lib/pipeline/sql/render.ts; a missing value fails loudly."""

    def sub(m):
        name = m.group(1)
        if name not in params:
            raise KeyError(f"SQL parameter {{{{{name}}}}} has no value")
        return str(params[name])

    return re.sub(r"\{\{(\w+)\}\}", sub, sql)


def month_params(month: str) -> Dict[str, str]:
    """The batch month as SQL: its name and its bounds as instants in the session time zone."""
    y, m = (int(x) for x in month.split("-"))
    nxt = f"{y + 1}-01" if m == 12 else f"{y}-{m + 1:02d}"
    return {
        "month": sql_string(month),
        "month_lo": f"TIMESTAMPTZ '{month}-01 00:00:00'",
        "month_hi": f"TIMESTAMPTZ '{nxt}-01 00:00:00'",
    }


def next_month(month: str) -> str:
    y, m = (int(x) for x in month.split("-"))
    return f"{y + 1}-01" if m == 12 else f"{y}-{m + 1:02d}"


def split_statements(sql: str) -> List[str]:
    """Splits a SQL script on semicolons outside quotes and comments (for drivers that take one statement)."""
    out, cur, i, quote = [], [], 0, None
    while i < len(sql):
        ch = sql[i]
        if quote:
            cur.append(ch)
            if ch == quote:
                quote = None
        elif ch in ("'", '"'):
            quote = ch
            cur.append(ch)
        elif sql.startswith("--", i):
            j = sql.find("\n", i)
            i = len(sql) if j < 0 else j
            continue
        elif ch == ";":
            stmt = "".join(cur).strip()
            if stmt:
                out.append(stmt)
            cur = []
        else:
            cur.append(ch)
        i += 1
    tail = "".join(cur).strip()
    if tail:
        out.append(tail)
    return out


# --------------------------------------------------------------------------- CSV sniffing (sniff-file.ts)


def first_record(text: str) -> Optional[List[str]]:
    """The first RFC 4180 record of a text (quoted fields, "" for a quote); None if a quote never closes."""
    fields: List[str] = []
    field = ""
    quoted = False
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if quoted:
            if ch == '"':
                if i + 1 < n and text[i + 1] == '"':
                    field += '"'
                    i += 2
                    continue
                quoted = False
            else:
                field += ch
        elif ch == '"' and field == "":
            quoted = True
        elif ch == ",":
            fields.append(field)
            field = ""
        elif ch in ("\n", "\r"):
            fields.append(field)
            return fields
        else:
            field += ch
        i += 1
    if quoted:
        return None
    fields.append(field)
    return fields


def sniff_csv_bytes(data: bytes) -> Dict[str, Any]:
    has_bom = data[:3] == b"\xef\xbb\xbf"
    body = data[3:] if has_bom else data
    if all(b in (0x20, 0x0A, 0x0D, 0x09) for b in body):
        return {"ok": False, "rule": "empty", "message": "the file is empty: a CSV needs at least a header row"}
    if b"\x00" in body:
        return {"ok": False, "rule": "binary", "message": "the file is binary, not CSV text"}
    try:
        # An incremental decoder tolerates a multi-byte character cut at the end of the sample.
        import codecs

        text = codecs.getincrementaldecoder("utf-8")(errors="strict").decode(body, final=False)
    except UnicodeDecodeError:
        return {"ok": False, "rule": "encoding", "message": "the file is not UTF-8 text"}
    header = first_record(text)
    if not header or all(h.strip() == "" for h in header):
        return {"ok": False, "rule": "header", "message": "the first row is not a CSV header"}
    return {"ok": True, "header": header, "hasBom": has_bom}


def sniff_csv_file(path: Path) -> Dict[str, Any]:
    with open(path, "rb") as f:
        return sniff_csv_bytes(f.read(SNIFF_BYTES))


def normalize_header_name(name: str) -> str:
    return name.lstrip("\ufeff").strip().lower()


def map_header(spec: Dict[str, Any], header: List[str]) -> Dict[str, Any]:
    """Contract column → index in the file's header (detect.ts mapHeader)."""
    index_of: Dict[str, int] = {}
    for i, h in enumerate(header):
        n = normalize_header_name(h)
        if n not in index_of:
            index_of[n] = i
    known = {c["name"] for c in spec["columns"]}
    mapped = {c["name"]: index_of[c["name"]] for c in spec["columns"] if c["name"] in index_of}
    return {
        "indexOf": mapped,
        "missingRequired": [c["name"] for c in spec["columns"] if c["required"] and c["name"] not in mapped],
        "missingOptional": [c["name"] for c in spec["columns"] if not c["required"] and c["name"] not in mapped],
        "unknown": [n for n in (normalize_header_name(h) for h in header) if n != "" and n not in known],
    }


def record_start_lines(path: Path) -> List[int]:
    """Physical line (1-based) where each data record starts, header excluded (line-map.ts)."""
    starts: List[int] = []
    line = 1
    in_quotes = False
    at_record_start = True
    header_done = False
    with open(path, "rb") as f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                break
            for b in chunk:
                if at_record_start and b != 0x0A and b != 0x0D:
                    if header_done:
                        starts.append(line)
                    at_record_start = False
                if b == 0x22:
                    in_quotes = not in_quotes
                elif b == 0x0A:
                    line += 1
                    if not in_quotes:
                        header_done = True
                        at_record_start = True
    return starts


# --------------------------------------------------------------------------- the lake: S3 or a directory


class DirLake:
    """The lake as a local directory (tests, local runs): same keys as S3."""

    def __init__(self, root: str):
        self.root = Path(root)

    def _p(self, key: str) -> Path:
        p = (self.root / key).resolve()
        if not str(p).startswith(str(self.root.resolve())):
            raise ValueError(f"key escapes the lake: {key}")
        return p

    def list(self, prefix: str) -> List[Tuple[str, int]]:
        base = self.root.resolve()
        out = []
        for dirpath, _, files in os.walk(base):
            for name in files:
                key = str(Path(dirpath, name).relative_to(base)).replace(os.sep, "/")
                if key.startswith(prefix) and not name.endswith(".part"):
                    out.append((key, Path(dirpath, name).stat().st_size))
        return sorted(out)

    def download(self, key: str, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self._p(key), path)

    def upload(self, path: Path, key: str) -> None:
        target = self._p(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".part")
        shutil.copyfile(path, tmp)
        os.replace(tmp, target)

    def delete(self, key: str) -> None:
        try:
            self._p(key).unlink()
        except FileNotFoundError:
            pass

    def get_bytes(self, key: str) -> bytes:
        return self._p(key).read_bytes()

    def put_bytes(self, key: str, data: bytes) -> None:
        target = self._p(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


class S3Lake:
    def __init__(self, bucket: str, client=None):
        import boto3  # available in Glue's Python shell

        self.bucket = bucket
        self.s3 = client or boto3.client("s3")

    def list(self, prefix: str) -> List[Tuple[str, int]]:
        out = []
        for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix):
            for o in page.get("Contents", []):
                out.append((o["Key"], o["Size"]))
        return sorted(out)

    def download(self, key: str, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.s3.download_file(self.bucket, key, str(path))

    def upload(self, path: Path, key: str) -> None:
        extra = {"ContentType": "application/vnd.apache.parquet"} if key.endswith(".parquet") else {}
        self.s3.upload_file(str(path), self.bucket, key, ExtraArgs=extra)

    def delete(self, key: str) -> None:
        self.s3.delete_object(Bucket=self.bucket, Key=key)

    def get_bytes(self, key: str) -> bytes:
        return self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def put_bytes(self, key: str, data: bytes) -> None:
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=data, ContentType="application/json")


def publish_dir(lake, local_dir: Path, prefix: str) -> None:
    """Replaces everything under prefix with the files of local_dir: upload new, then delete stale (publish.ts)."""
    files = sorted(p.name for p in local_dir.iterdir() if p.is_file())
    before = lake.list(prefix)
    for f in files:
        lake.upload(local_dir / f, prefix + f)
    for key, _ in before:
        if key[len(prefix):] not in files:
            lake.delete(key)


def remove_prefix(lake, prefix: str) -> None:
    for key, _ in lake.list(prefix):
        lake.delete(key)


def parquet_relation(lake, prefix: str, work_dir: Path) -> Optional[str]:
    """A DuckDB relation over the Parquet files under a lake prefix (staged to disk), or None (stage-inputs.ts)."""
    keys = [k for k, _ in lake.list(prefix) if k.endswith(".parquet")]
    if not keys:
        return None
    files = []
    for k in keys:
        target = work_dir / "stage" / k
        if not target.exists():
            lake.download(k, target)
        files.append(str(target))
    return f"read_parquet([{', '.join(sql_string(f) for f in files)}], hive_partitioning = true, union_by_name = true)"


# --------------------------------------------------------------------------- lake keys (lib/lake/keys.ts)


def processed_prefix(table: str, month: str) -> str:
    return f"processed/{table}/month={month}/"


def processed_table(table: str) -> str:
    return f"processed/{table}/"


def rejects_prefix(table: str, month: str) -> str:
    return f"processed/_rejects/{table}/month={month}/"


def curated_prefix(table: str, month: str) -> str:
    return f"curated/{table}/month={month}/"


def report_key(run_name: str, job: str) -> str:
    return f"processed/_reports/{run_name}/{job}.json"


# --------------------------------------------------------------------------- DuckDB


def _plain(v: Any) -> Any:
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, (dt.datetime, dt.date)):
        return v.isoformat()
    return v


# DuckDB's resources in this job run: main() sets them from --duckdb_threads / --duckdb_memory_limit
# (a G.1X driver has 4 vCPU and 16 GB).
DUCK_SETTINGS: Dict[str, Any] = {"threads": 2, "memory_limit": "1GB"}


def check_engine(expected: str) -> str:
    """The installed DuckDB must be the engine the tests run (infra/glue/requirements.txt)."""
    import duckdb

    got = str(getattr(duckdb, "__version__", "")).lstrip("v")
    if got != expected.lstrip("v"):
        raise JobError(f"DuckDB {got or '?'} is installed, {expected} is required: the jobs run the engine the tests run (infra/glue/requirements.txt)")
    return got


class Duck:
    """One in-memory DuckDB per job run, in the business time zone (duck.ts)."""

    def __init__(self, time_zone: str, temp_dir: Optional[Path] = None, threads: Optional[int] = None, memory_limit: Optional[str] = None):
        import duckdb

        config: Dict[str, Any] = {
            "threads": threads or DUCK_SETTINGS["threads"],
            "memory_limit": memory_limit or DUCK_SETTINGS["memory_limit"],
            # Nothing may be downloaded; parquet, json and icu are built in.
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": True,
        }
        if temp_dir is not None:
            temp_dir.mkdir(parents=True, exist_ok=True)
            config["temp_directory"] = str(temp_dir)
        self.con = duckdb.connect(database=":memory:", config=config)
        self.run(f"SET TimeZone = {sql_string(time_zone)}")

    def run(self, sql: str) -> None:
        self.con.execute(sql)

    def all(self, sql: str) -> List[Dict[str, Any]]:
        cur = self.con.execute(sql)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, (_plain(v) for v in row))) for row in cur.fetchall()]

    def close(self) -> None:
        self.con.close()


# --------------------------------------------------------------------------- job context


class Sql:
    """The job SQL files (lib/pipeline/sql), from a local directory."""

    def __init__(self, root: Path):
        self.root = root
        self._cache: Dict[str, str] = {}

    def load(self, rel: str) -> str:
        if rel not in self._cache:
            self._cache[rel] = (self.root / rel).read_text(encoding="utf-8")
        return self._cache[rel]


class Context:
    def __init__(self, lake, sql: Sql, contract: Dict[str, Any], manifest: Dict[str, Any], run_name: str, time_zone: str, work_dir: Path):
        self.lake = lake
        self.sql = sql
        self.contract = contract
        self.manifest = manifest
        self.run_name = run_name
        self.time_zone = time_zone
        self.work_dir = work_dir

    @property
    def month(self) -> str:
        return self.manifest["month"]


def write_report(ctx: Context, job: str, report: Dict[str, Any]) -> None:
    ctx.lake.put_bytes(report_key(ctx.run_name, job), json.dumps({"job": job, **report}, indent=2).encode("utf-8"))


# --------------------------------------------------------------------------- job 1: raw → processed


def run_job1(ctx: Context) -> Dict[str, Any]:
    started = time.time()
    duck = Duck(ctx.time_zone, ctx.work_dir / "duck-tmp")
    try:
        duck.run(render(ctx.sql.load("macros.sql"), month_params(ctx.month)))
        results = [process_table(ctx, duck, f["table"], f["key"], f["fileName"]) for f in ctx.manifest["files"]]
    finally:
        duck.close()
    report = {"tables": results, "durationMs": int((time.time() - started) * 1000)}
    write_report(ctx, "job1", report)
    if results and all(t["status"] == "failed" for t in results):
        raise JobError("no table could be processed: " + "; ".join(str(t["error"]) for t in results))
    return report


def process_table(ctx: Context, duck: Duck, table: str, key: str, file_name: str) -> Dict[str, Any]:
    q: Dict[str, Any] = {
        "table": table, "status": "ok", "file": file_name, "rowsIn": 0, "rowsOut": 0, "rejected": 0,
        "duplicates": 0, "orphans": 0, "topReasons": [], "warnings": [], "error": None,
    }

    def fail(message: str) -> Dict[str, Any]:
        log.error("%s: %s", table, message)
        return {**q, "status": "failed", "error": message}

    csv_path = ctx.work_dir / "raw" / table / key.rsplit("/", 1)[-1]
    ctx.lake.download(key, csv_path)

    sniff = sniff_csv_file(csv_path)
    if not sniff["ok"]:
        return fail(f"{file_name}, line 1: {sniff['message']} (rule: {sniff['rule']})")
    spec = ctx.contract["tables"][table]
    mapping = map_header(spec, sniff["header"])
    if mapping["missingRequired"]:
        cols = ", ".join(mapping["missingRequired"])
        plural = "s" if len(mapping["missingRequired"]) > 1 else ""
        return fail(f"{file_name}, line 1: missing required column{plural} {cols} (rule: required column)")
    if mapping["unknown"]:
        q["warnings"].append("unknown columns ignored: " + ", ".join(mapping["unknown"]))
    if mapping["missingOptional"]:
        q["warnings"].append("optional columns absent (read as empty): " + ", ".join(mapping["missingOptional"]))

    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(sniff["header"])))
    select = ", ".join(
        f"c{mapping['indexOf'][c['name']]} AS {c['name']}" if c["name"] in mapping["indexOf"] else f"CAST(NULL AS VARCHAR) AS {c['name']}"
        for c in spec["columns"]
    )
    try:
        # A view: the CSV is read once, straight into the typed table (whose rowid is the record number).
        duck.run(
            f"""DROP TABLE IF EXISTS rej_{table}; DROP TABLE IF EXISTS rejscan_{table};
      CREATE OR REPLACE TEMP VIEW src_{table} AS
      SELECT {select}
      FROM read_csv({sql_string(str(csv_path))}, header = true, auto_detect = false, columns = {{{columns}}},
        delim = ',', quote = '"', escape = '"', store_rejects = true,
        rejects_table = 'rej_{table}', rejects_scan = 'rejscan_{table}')"""
        )
    except Exception as e:  # the reader's own message says what is wrong with the file
        return fail(f"{file_name}: cannot be parsed as CSV: {_first_line(e)} (rule: csv)")

    params = {
        **month_params(ctx.month),
        "table": table,
        "pk": spec["primaryKey"],
        "current_year": dt.datetime.now(dt.timezone.utc).year,
        "batch_id": sql_string(ctx.manifest["batchId"]),
        "loaded_at": sql_string(ctx.manifest["createdAt"]),
        "file_name": sql_string(file_name),
    }
    try:
        # The view is read here: a file the CSV reader cannot parse fails now.
        duck.run(render(ctx.sql.load(f"job1/{table}.sql"), params))
    except Exception as e:
        return fail(f"{file_name}: cannot be parsed as CSV: {_first_line(e)} (rule: csv)")
    duck.run(render(ctx.sql.load("job1/split.sql"), params))
    add_parser_rejects(duck, table, file_name, ctx.manifest["batchId"])

    counts = duck.all(
        f"""SELECT (SELECT count(*) FROM typed_{table}) AS src, (SELECT count(*) FROM rejects_{table}) AS rejected,
      (SELECT count(*) FROM rejects_{table} WHERE rule = 'duplicate') AS dups,
      (SELECT count(*) FROM rejects_{table} WHERE rule = 'csv') AS bad_csv"""
    )
    if not counts:
        raise JobError("count query returned nothing")
    c = counts[0]
    # Every row read is either clean or quarantined (CSV-reader rejects never reached src).
    rows_out = int(c["src"]) - (int(c["rejected"]) - int(c["bad_csv"]))
    q.update(rowsIn=int(c["src"]) + int(c["bad_csv"]), rowsOut=rows_out, rejected=int(c["rejected"]), duplicates=int(c["dups"]))
    if q["rejected"] > 0:
        fill_line_numbers(duck, table, csv_path, ctx.work_dir)
    q["topReasons"] = [
        {"reason": r["reason"], "count": int(r["count"])}
        for r in duck.all(
            f"""SELECT "column" || ': ' || rule AS reason, count(*) AS count FROM rejects_{table}
      GROUP BY ALL ORDER BY count DESC, reason LIMIT 10"""
        )
    ]

    write_partition(ctx, duck, f"clean_{table}", rows_out, processed_prefix(table, ctx.month), table)
    write_partition(ctx, duck, f"rejects_{table}", q["rejected"], rejects_prefix(table, ctx.month), f"rejects-{table}")
    log.info("%s: %d rows in, %d out, %d rejected (%d duplicates) from %s", table, q["rowsIn"], q["rowsOut"], q["rejected"], q["duplicates"], file_name)
    for w in q["warnings"]:
        log.warning("%s: %s", table, w)
    duck.run(f"DROP VIEW clean_{table}; DROP TABLE typed_{table}; DROP TABLE dups_{table}; DROP VIEW src_{table}; DROP TABLE rejects_{table}")
    return q


def _first_line(e: Exception) -> str:
    text = str(e)
    return text.splitlines()[0] if text else type(e).__name__


def add_parser_rejects(duck: Duck, table: str, file_name: str, batch_id: str) -> None:
    """Rows the CSV reader itself refused (wrong number of fields, broken quoting)."""
    duck.run(
        f"""INSERT INTO rejects_{table}
    SELECT {sql_string(batch_id)}, '{table}', {sql_string(file_name)}, -CAST(min(line) AS BIGINT), NULL,
      coalesce(any_value(column_name), ''), 'csv', any_value(error_type) || ': ' || any_value(error_message), to_json({{csv_line: any_value(csv_line)}})::VARCHAR
    FROM rej_{table} GROUP BY line"""
    )


def fill_line_numbers(duck: Duck, table: str, csv_path: Path, work_dir: Path) -> None:
    """Record numbers → physical line numbers (parser rejects are stored as -(reader line))."""
    starts = record_start_lines(csv_path)
    parser_rejected = {int(r["r"]) for r in duck.all(f"SELECT -record - 1 AS r FROM rejects_{table} WHERE record < 0")}
    wanted = {int(r["r"]) for r in duck.all(f"SELECT record AS r FROM rejects_{table}")}
    lines = ["record,line"]
    accepted = 0
    for idx, line in enumerate(starts):
        record_no = idx + 1
        if record_no in parser_rejected:
            lines.append(f"{-(record_no + 1)},{line}")
            continue
        accepted += 1
        if accepted in wanted:
            lines.append(f"{accepted},{line}")
    work_dir.mkdir(parents=True, exist_ok=True)
    map_file = work_dir / f"linemap-{table}.csv"
    map_file.write_text("\n".join(lines), encoding="utf-8")
    duck.run(
        f"""UPDATE rejects_{table} AS r SET line = m.line
    FROM read_csv({sql_string(str(map_file))}, header = true, columns = {{'record': 'BIGINT', 'line': 'BIGINT'}}) AS m
    WHERE r.record = m.record;
    UPDATE rejects_{table} SET record = NULL WHERE record < 0"""
    )


def write_partition(ctx: Context, duck: Duck, relation: str, rows: int, prefix: str, name: str) -> None:
    if rows == 0:
        remove_prefix(ctx.lake, prefix)
        return
    out = ctx.work_dir / "out" / name
    out.mkdir(parents=True, exist_ok=True)
    duck.run(f"COPY {relation} TO {sql_string(str(out / 'part-0.parquet'))} ({ctx.contract['parquetWriteOptions']})")
    publish_dir(ctx.lake, out, prefix)


# --------------------------------------------------------------------------- job 2: processed → curated


def run_job2(ctx: Context) -> Dict[str, Any]:
    """Everything is computed and staged first; the month's curated partitions are swapped in only once
    every table is written, so a failure leaves the previous curated data intact."""
    started = time.time()
    month = ctx.month
    dimensions = {t for t, s in ctx.contract["tables"].items() if s["kind"] == "dimension"}
    duck = Duck(ctx.time_zone, ctx.work_dir / "duck-tmp")
    try:
        duck.run(ctx.sql.load("job2/inputs_empty.sql"))
        missing = set()
        for table in ctx.contract["tableNames"]:
            is_dim = table in dimensions
            prefix = processed_table(table) if is_dim else processed_prefix(table, month)
            rel = parquet_relation(ctx.lake, prefix, ctx.work_dir)
            view = f"p_{table}_all" if is_dim else f"p_{table}"
            duck.run(f"CREATE OR REPLACE VIEW {view} AS SELECT * FROM {rel or f'empty_{table}'}")
            if not rel:
                missing.add(table)
                log.warning("no processed %s for %s: treated as empty", table, "any month" if is_dim else month)
        all_orders = parquet_relation(ctx.lake, processed_table("orders"), ctx.work_dir)
        duck.run(f"CREATE OR REPLACE VIEW p_orders_all AS SELECT * FROM {all_orders or 'empty_orders'}")

        params = {"month": sql_string(month), "month_start": sql_string(f"{month}-01"), "month_end": sql_string(f"{next_month(month)}-01")}
        # Which tables the month received (mart_kpis flags), as the local job passes them.
        params.update({f"has_{t}": "FALSE" if t in missing else "TRUE" for t in ("sessions", "events", "reviews")})
        for name in ("job2/prepare.sql", "job2/enrich.sql", "job2/marts.sql"):
            duck.run(render(ctx.sql.load(name), params))

        tables, staged = [], []
        for table in ctx.contract["curatedTables"]:
            out = ctx.work_dir / "curated" / table
            out.mkdir(parents=True, exist_ok=True)
            duck.run(f"COPY {table} TO {sql_string(str(out / 'part-0.parquet'))} ({ctx.contract['parquetWriteOptions']})")
            n = duck.all(f"SELECT count(*) AS n FROM {table}")
            tables.append({"table": table, "rows": int(n[0]["n"]) if n else 0})
            staged.append((out, curated_prefix(table, month)))
        for out, prefix in staged:
            publish_dir(ctx.lake, out, prefix)

        orphans = {r["table"]: int(r["orphans"]) for r in duck.all('SELECT "table", orphans FROM orphan_counts')}
    finally:
        duck.close()
    for t in tables:
        log.info("%s: %d rows", t["table"], t["rows"])
    for t, n in orphans.items():
        if n > 0:
            log.warning("%s: %d orphan rows kept (parent not found)", t, n)
    report = {"tables": tables, "orphans": orphans, "durationMs": int((time.time() - started) * 1000)}
    write_report(ctx, "job2", report)
    return report


# --------------------------------------------------------------------------- job 3: curated → RDS


class PgLoader:
    """PostgreSQL (RDS) through pg8000, logging in with an IAM authentication token (no stored password)."""

    def __init__(self, host: str, port: int, database: str, user: str, region: str, ca_file: Optional[str] = None):
        import ssl

        import boto3
        import pg8000.native

        token = boto3.client("rds", region_name=region).generate_db_auth_token(DBHostname=host, Port=port, DBUsername=user, Region=region)
        if ca_file:
            ctx = ssl.create_default_context(cafile=ca_file)
        else:
            # Encrypted either way; without the RDS CA bundle the server's certificate is not verified.
            log.warning("no RDS CA bundle given (--db_ca_key): TLS without certificate verification")
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        self.con = pg8000.native.Connection(user=user, host=host, port=port, database=database, password=token, ssl_context=ctx, timeout=60)

    def execute(self, sql: str, params: Optional[List[Any]] = None) -> None:
        if params:
            # pg8000.native uses :name parameters; $1 becomes :p1.
            named = {f"p{i + 1}": v for i, v in enumerate(params)}
            self.con.run(re.sub(r"\$(\d+)", lambda m: f":p{m.group(1)}", sql), **named)
        else:
            self.con.run(sql)

    def copy_csv(self, table: str, columns: List[str], path: Path) -> int:
        cols = ", ".join(sql_ident(c) for c in columns)
        with open(path, "rb") as f:
            self.con.run(f"COPY {table} ({cols}) FROM STDIN WITH (FORMAT csv, HEADER true)", stream=f)
        return int(self.con.row_count)

    def close(self) -> None:
        self.con.close()


def run_job3(ctx: Context, loader_factory: Callable[[], Any]) -> Dict[str, Any]:
    """DuckDB turns each curated table of the month into a CSV; COPY loads it; the month is replaced in one transaction."""
    started = time.time()
    month = ctx.month
    files = []
    duck = Duck(ctx.time_zone, ctx.work_dir / "duck-tmp")
    try:
        out = ctx.work_dir / "load"
        out.mkdir(parents=True, exist_ok=True)
        for table in ctx.contract["loadedTables"]:
            rel = parquet_relation(ctx.lake, curated_prefix(table, month), ctx.work_dir)
            if not rel:
                raise JobError(f"curated {table} for {month} is missing: job 2 must run first")
            path = out / f"{table}.csv"
            # Hive partitioning already yields the `month` column from the path.
            duck.run(f"COPY (SELECT * FROM {rel}) TO {sql_string(str(path))} (HEADER, DELIMITER ',')")
            cols = [r["column_name"] for r in duck.all(f"DESCRIBE SELECT * FROM {rel}")]
            n = duck.all(f"SELECT count(*) AS n FROM {rel}")
            files.append({"table": table, "csv": path, "columns": cols, "rows": int(n[0]["n"]) if n else 0})
    finally:
        duck.close()

    db = loader_factory()
    try:
        for stmt in split_statements(ctx.sql.load("job3/ddl.sql")):
            db.execute(stmt)
        db.execute("BEGIN")
        try:
            for f in files:
                db.execute(f"DELETE FROM analytics.{sql_ident(f['table'])} WHERE month = $1", [month])
                loaded = db.copy_csv(f"analytics.{f['table']}", f["columns"], f["csv"])
                log.info("analytics.%s: %d rows loaded for %s", f["table"], loaded, month)
            db.execute("COMMIT")
        except Exception:
            db.execute("ROLLBACK")
            raise
    finally:
        db.close()
    report = {"tables": [{"table": f["table"], "rows": f["rows"]} for f in files], "durationMs": int((time.time() - started) * 1000)}
    write_report(ctx, "job3", report)
    return report


# --------------------------------------------------------------------------- entry point


def build_context(args: Dict[str, str], work_dir: Path) -> Context:
    if args.get("lake_dir"):
        lake = DirLake(args["lake_dir"])
    else:
        lake = S3Lake(args["lake_bucket"])
    artifacts = None
    if args.get("sql_dir"):
        sql_root = Path(args["sql_dir"])
    else:
        artifacts = S3Lake(args["artifacts_bucket"])
        sql_root = work_dir / "sql"
        prefix = args.get("sql_prefix", "sql/")
        for key, _ in artifacts.list(prefix):
            artifacts.download(key, sql_root / key[len(prefix):])
    if args.get("contract"):
        contract = json.loads(Path(args["contract"]).read_text(encoding="utf-8"))
    elif artifacts is not None:
        contract = json.loads(artifacts.get_bytes(args.get("contract_key", "glue/contract.json")).decode("utf-8"))
    else:
        contract = json.loads((Path(__file__).parent / "contract.json").read_text(encoding="utf-8"))
    manifest = json.loads(lake.get_bytes(args["manifest_key"]).decode("utf-8"))
    for k, v in (("batch_id", manifest.get("batchId")), ("month", manifest.get("month"))):
        if args.get(k) and args[k] != v:
            raise JobError(f"--{k} {args[k]} does not match the manifest ({v})")
    tz = args.get("business_timezone") or manifest.get("businessTimeZone") or "UTC"
    run_name = args.get("run_name") or args.get("execution_name") or f"batch-{manifest['batchId']}"
    return Context(lake, Sql(sql_root), contract, manifest, run_name, tz, work_dir)


def main(argv: Optional[List[str]] = None, loader_factory: Optional[Callable[[], Any]] = None) -> int:
    setup_logging()
    args = parse_args(sys.argv[1:] if argv is None else argv)
    job = args.get("job")
    if job not in ("job1", "job2", "job3"):
        log.error("--job must be job1, job2 or job3 (got %r)", job)
        return 2
    work_dir = Path(tempfile.mkdtemp(prefix=f"{job}-"))
    started = time.time()
    try:
        if args.get("duckdb_version"):
            log.info("DuckDB %s", check_engine(args["duckdb_version"]))
        if args.get("duckdb_threads"):
            DUCK_SETTINGS["threads"] = int(args["duckdb_threads"])
        if args.get("duckdb_memory_limit"):
            DUCK_SETTINGS["memory_limit"] = args["duckdb_memory_limit"]
        ctx = build_context(args, work_dir)
        log.info("%s started: batch %s of %s (%s), execution %s of run %s", job, ctx.manifest["batchId"], ctx.month, ctx.time_zone, args.get("execution_name") or "-", ctx.run_name)
        if job == "job1":
            run_job1(ctx)
        elif job == "job2":
            run_job2(ctx)
        else:
            factory = loader_factory or with_connect_retry(
                lambda: PgLoader(args["db_host"], int(args.get("db_port", "5432")), args["db_name"], args["db_user"], args.get("db_region") or os.environ.get("AWS_REGION", ""), _ca_file(args, work_dir))
            )
            run_job3(ctx, factory)
        log.info("%s succeeded in %d ms", job, int((time.time() - started) * 1000))
        return 0
    except Exception as e:
        log.exception("%s failed after %d ms: %s", job, int((time.time() - started) * 1000), e)
        raise
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)


def with_connect_retry(factory: Callable[[], Any], attempts: int = 6, wait_s: float = 15.0, sleep: Callable[[float], None] = time.sleep) -> Callable[[], Any]:
    """The database pauses when idle (Aurora Serverless v2 at 0 ACU) and takes ~15 s to resume on the
    first connection: a refused or timed-out connection is tried again for about a minute and a half."""

    def make() -> Any:
        for attempt in range(1, attempts + 1):
            try:
                return factory()
            except JobError:
                raise
            except Exception as e:  # pg8000 InterfaceError, socket timeout, DNS while resuming
                if attempt == attempts:
                    raise
                log.warning("database not reachable yet (%s): attempt %d of %d, again in %.0f s", _first_line(e), attempt, attempts, wait_s)
                sleep(wait_s)
        raise JobError("unreachable")

    return make


def _ca_file(args: Dict[str, str], work_dir: Path) -> str:
    key = args.get("db_ca_key")
    if not key:
        # Never connect without verifying the server: Terraform always passes the bundle.
        raise JobError("--db_ca_key is required: the RDS CA bundle in the artifacts bucket verifies the database's certificate")
    path = work_dir / "rds-ca.pem"
    S3Lake(args["artifacts_bucket"]).download(key, path)
    return str(path)


if __name__ == "__main__":
    sys.exit(main())
