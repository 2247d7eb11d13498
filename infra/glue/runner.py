"""Glue runner for the three pipeline jobs (Glue 5 Spark-type jobs; DuckDB runs on the driver).

It runs what the local jobs run (lib/pipeline/jobs/*.ts), the same way:
- job 1 follows the batch's read plan, processed/_reports/<run name>/plan.json, which ValidateBatch
  (TypeScript, lib/pipeline/plan) wrote with job 1's SQL already rendered for each file through the
  batch's source profile: this runner only transcodes a file to UTF-8 and fills in `{{input}}`, its
  path on this disk. No header mapping and no rule of the contract lives here.
- job 2 and job 3 run the SQL files of lib/pipeline/sql (uploaded to the artifacts bucket by Terraform)
  with the parameters the TypeScript jobs give them.
- jobs 1 and 2 write into the run's staging area (staging/<month>/<run name>/); job 3 publishes it:
  the database in one transaction with analytics.published_month, then the lake partitions (S3 copy,
  then stale objects deleted), then the month's staging is removed. A re-run finishes the same publish.

DuckDB has no httpfs here either, so S3 objects are staged to local disk, the SQL runs on the local
files, and the results are uploaded back. Everything is logged to stdout ("<UTC time> <LEVEL>
<message>"), which Glue 5 sends to the <prefix>/output log group (stream <JobRunId>-driver) that the
portal reads. No Spark session is started: at the reference volume one DuckDB on the driver is the
whole job, and Spark is the scale-out path of a shop that outgrows one node.

Arguments (Glue passes them as --name value): --job job1|job2|job3, --month, --batch_id,
--manifest_key, --execution_name, --run_name (from the state machine; reports and staging go under the
run's name, which a retry execution shares with the execution it continues); --lake_bucket,
--artifacts_bucket, --sql_prefix, --contract_key, --business_timezone (job defaults); job 3: --db_host,
--db_port, --db_name, --db_user, --db_region, --db_ca_key (the RDS CA bundle in the artifacts bucket;
required). Engine: --duckdb_version (the job refuses another installed version), --duckdb_threads,
--duckdb_memory_limit. For local runs and tests: --lake_dir, --sql_dir, --contract instead of the
buckets.
"""
from __future__ import annotations

import codecs
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


# --------------------------------------------------------------------------- SQL text helpers (sql/render.ts)


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


def next_month(month: str) -> str:
    y, m = (int(x) for x in month.split("-"))
    return f"{y + 1}-01" if m == 12 else f"{y}-{m + 1:02d}"


def month_params(month: str) -> Dict[str, str]:
    """The batch month as SQL (month-params.ts): its name, its first days, and its bounds as instants in the session time zone."""
    nxt = next_month(month)
    return {
        "month": sql_string(month),
        "month_start": sql_string(f"{month}-01"),
        "month_end": sql_string(f"{nxt}-01"),
        "month_lo": f"TIMESTAMPTZ '{month}-01 00:00:00'",
        "month_hi": f"TIMESTAMPTZ '{nxt}-01 00:00:00'",
    }


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


# --------------------------------------------------------------------------- CSV files (lib/pipeline/csv)


def transcode_to_utf8(src: Path, dst: Path, encoding: str, windows_1252_80_9f: List[int]) -> None:
    """A UTF-8 copy of a file in another encoding, decoded as the WHATWG decoders of the browser check
    and the local job decode it (transcode.ts): `latin1` is read as windows-1252, whose bytes 0x80-0x9F
    come from the WHATWG table (the five the code page leaves undefined read as C1 controls, where
    Python's cp1252 codec would fail); UTF-16 is little-endian unless a big-endian BOM says otherwise,
    a BOM is dropped, and bytes that are no character read as U+FFFD."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    with open(src, "rb") as f, open(dst, "w", encoding="utf-8", newline="") as out:
        if encoding in ("windows-1252", "latin1"):
            table = {0x80 + i: cp for i, cp in enumerate(windows_1252_80_9f)}
            while True:
                chunk = f.read(1 << 20)
                if not chunk:
                    return
                out.write(chunk.decode("latin-1").translate(table))
        if encoding != "utf-16":
            raise JobError(f"cannot transcode from {encoding}")
        first = f.read(1 << 20)
        decoder = codecs.getincrementaldecoder("utf-16-be" if first[:2] == b"\xfe\xff" else "utf-16-le")(errors="replace")
        pending_bom = True
        chunk = first
        while True:
            text = decoder.decode(chunk, final=not chunk)
            if pending_bom and text:
                pending_bom = False
                if text[0] == "\ufeff":
                    text = text[1:]
            out.write(text)
            if not chunk:
                return
            chunk = f.read(1 << 20)


def record_start_lines(path: Path, delimiter: str, skip_lines: int = 0) -> List[int]:
    """Physical line (1-based) where each data record starts, header excluded, records split as
    DuckDB's reader splits them: a quote opens a quoted value only at a field's start, "" inside one is
    a quote, a line ends at LF, CRLF or a bare CR (line-map.ts). `skip_lines` lines come before the
    header (Excel's `sep=;`, the plan's skipLines)."""
    delim = ord(delimiter[0])
    starts: List[int] = []
    line = 1
    lines_ended = 0  # outside quoted values: the skipped lines and the header end at the first skip_lines + 1
    in_quotes = quote_in_quotes = header_done = False
    field_start = at_record_start = True
    prev = 0
    with open(path, "rb") as f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                break
            for b in chunk:
                line_break = b == 0x0D or (b == 0x0A and prev != 0x0D)
                prev = b
                if quote_in_quotes:
                    quote_in_quotes = False
                    if b == 0x22:
                        continue
                    in_quotes = False
                if in_quotes:
                    if b == 0x22:
                        quote_in_quotes = True
                    elif line_break:
                        line += 1
                    continue
                if b in (0x0A, 0x0D):
                    if line_break:
                        line += 1
                        lines_ended += 1
                        header_done = lines_ended > skip_lines
                        at_record_start = field_start = True
                    continue
                if at_record_start:
                    if header_done:
                        starts.append(line)
                    at_record_start = False
                if b == 0x22 and field_start:
                    in_quotes = True
                field_start = b == delim
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

    def exists(self, key: str) -> bool:
        return self._p(key).is_file()

    def download(self, key: str, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self._p(key), path)

    def upload(self, path: Path, key: str) -> None:
        target = self._p(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".part")
        shutil.copyfile(path, tmp)
        os.replace(tmp, target)

    def copy(self, from_key: str, to_key: str) -> None:
        self.upload(self._p(from_key), to_key)

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
        import boto3  # part of the Glue runtime

        self.bucket = bucket
        self.s3 = client or boto3.client("s3")

    def list(self, prefix: str) -> List[Tuple[str, int]]:
        out = []
        for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix):
            for o in page.get("Contents", []):
                out.append((o["Key"], o["Size"]))
        return sorted(out)

    def exists(self, key: str) -> bool:
        try:
            self.s3.head_object(Bucket=self.bucket, Key=key)
            return True
        except Exception as e:  # botocore ClientError: 404 is "absent", anything else is a failure
            if _s3_status(e) == 404:
                return False
            raise

    def download(self, key: str, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.s3.download_file(self.bucket, key, str(path))

    def upload(self, path: Path, key: str) -> None:
        extra = {"ContentType": "application/vnd.apache.parquet"} if key.endswith(".parquet") else {}
        self.s3.upload_file(str(path), self.bucket, key, ExtraArgs=extra)

    def copy(self, from_key: str, to_key: str) -> None:
        # The managed copy: CopyObject, or a multipart UploadPartCopy past 5 GB.
        self.s3.copy({"Bucket": self.bucket, "Key": from_key}, self.bucket, to_key)

    def delete(self, key: str) -> None:
        self.s3.delete_object(Bucket=self.bucket, Key=key)

    def get_bytes(self, key: str) -> bytes:
        return self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def put_bytes(self, key: str, data: bytes) -> None:
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=data, ContentType="application/json")


def _s3_status(e: Exception) -> Optional[int]:
    meta = getattr(e, "response", {}).get("ResponseMetadata", {}) if isinstance(getattr(e, "response", None), dict) else {}
    return meta.get("HTTPStatusCode")


def publish_dir(lake, local_dir: Path, prefix: str) -> None:
    """Replaces everything under prefix with the files of local_dir: upload new, then delete stale (publish.ts)."""
    files = sorted(p.name for p in local_dir.iterdir() if p.is_file())
    before = lake.list(prefix)
    for f in files:
        lake.upload(local_dir / f, prefix + f)
    for key, _ in before:
        if key[len(prefix):] not in files:
            lake.delete(key)


def publish_staged(lake, src: str, dst: str) -> int:
    """The objects under src replace those under dst: copies first, then stale ones deleted (publish.ts
    publishStaged). The staged copy stays, so publishing again after a crash gives the same result."""
    staged = [k for k, _ in lake.list(src)]
    before = [k for k, _ in lake.list(dst)]
    names = {k[len(src):] for k in staged}
    for k in staged:
        lake.copy(k, dst + k[len(src):])
    for k in before:
        if k[len(dst):] not in names:
            lake.delete(k)
    return len(staged)


def remove_prefix(lake, prefix: str) -> None:
    for key, _ in lake.list(prefix):
        lake.delete(key)


def parquet_relation_of(lake, keys: List[str], work_dir: Path) -> Optional[str]:
    """A DuckDB relation over these Parquet objects (staged to disk; hive partitions give `month`), or None (stage-inputs.ts)."""
    if not keys:
        return None
    files = []
    for k in keys:
        target = work_dir / "stage" / k
        if not target.exists():
            lake.download(k, target)
        files.append(str(target))
    return f"read_parquet([{', '.join(sql_string(f) for f in files)}], hive_partitioning = true, union_by_name = true)"


def parquet_keys(lake, prefix: str) -> List[str]:
    return [k for k, _ in lake.list(prefix) if k.endswith(".parquet")]


def parquet_relation(lake, prefix: str, work_dir: Path) -> Optional[str]:
    return parquet_relation_of(lake, parquet_keys(lake, prefix), work_dir)


# --------------------------------------------------------------------------- lake keys (lib/lake/keys.ts)


def processed_prefix(table: str, month: str) -> str:
    return f"processed/{table}/month={month}/"


def processed_table(table: str) -> str:
    return f"processed/{table}/"


def rejects_batch_prefix(table: str, month: str, batch_id: str) -> str:
    return f"processed/_rejects/{table}/month={month}/batch={batch_id}/"


def curated_table(table: str) -> str:
    return f"curated/{table}/"


def staging_run(month: str, run_name: str) -> str:
    return f"staging/{month}/{run_name}/"


def staging_month(month: str) -> str:
    return f"staging/{month}/"


def staged_prefix(month: str, run_name: str, layer: str, table: str) -> str:
    return f"staging/{month}/{run_name}/{layer}/{table}/month={month}/"


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

    def __init__(self, time_zone: str, temp_dir: Optional[Path] = None, threads: Optional[int] = None, memory_limit: Optional[str] = None, preserve_order: bool = True):
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
        # As the local jobs: job 1 needs input order (a row's rowid is its record number); jobs 2 and 3 do not.
        if not preserve_order:
            self.run("SET preserve_insertion_order = false")

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

    @property
    def batch_id(self) -> str:
        return self.manifest["batchId"]


def write_report(ctx: Context, job: str, report: Dict[str, Any]) -> None:
    ctx.lake.put_bytes(report_key(ctx.run_name, job), json.dumps({"job": job, **report}, indent=2).encode("utf-8"))


def _first_line(e: Exception) -> str:
    text = str(e)
    return text.splitlines()[0] if text else type(e).__name__


# --------------------------------------------------------------------------- job 1: raw → staged processed


def read_plan(ctx: Context) -> Dict[str, Any]:
    """The read plan ValidateBatch wrote for this run (lib/pipeline/plan/store.ts)."""
    key = report_key(ctx.run_name, "plan")
    if not ctx.lake.exists(key):
        raise JobError(f"{key} is missing: ValidateBatch writes the batch's read plan before job 1 runs")
    plan = json.loads(ctx.lake.get_bytes(key).decode("utf-8"))
    expected = ctx.contract["planVersion"]
    if plan.get("version") != expected:
        raise JobError(f"{key}: plan version {plan.get('version')}, expected {expected}")
    if plan.get("batchId") != ctx.batch_id or plan.get("month") != ctx.month:
        raise JobError(f"{key} plans batch {plan.get('batchId')} of {plan.get('month')}, not {ctx.batch_id} of {ctx.month}")
    return plan


def run_job1(ctx: Context) -> Dict[str, Any]:
    started = time.time()
    plan = read_plan(ctx)
    duck = Duck(ctx.time_zone, ctx.work_dir / "duck-tmp")
    try:
        duck.run(plan["macros"])
        results = [process_table(ctx, duck, tp) for tp in plan["tables"]]
    finally:
        duck.close()
    report = {"tables": results, "durationMs": int((time.time() - started) * 1000)}
    write_report(ctx, "job1", report)
    if results and all(t["status"] == "failed" for t in results):
        raise JobError("no table could be processed: " + "; ".join(str(t["error"]) for t in results))
    return report


def process_table(ctx: Context, duck: Duck, tp: Dict[str, Any]) -> Dict[str, Any]:
    table, file_name = tp["table"], tp["fileName"]
    q: Dict[str, Any] = {
        "table": table, "status": "ok", "file": file_name, "rowsIn": 0, "rowsOut": 0, "rejected": 0,
        "duplicates": 0, "orphans": 0, "topReasons": [], "warnings": list(tp["warnings"]), "error": None,
    }

    def fail(message: str) -> Dict[str, Any]:
        log.error("%s: %s", table, message)
        return {**q, "status": "failed", "error": message}

    sql = tp.get("sql")
    if tp.get("error") or not sql:
        return fail(tp.get("error") or f"{file_name}: no read plan")

    try:
        csv_path = local_utf8_copy(ctx, tp)
    except TableFailure as e:
        return fail(str(e))

    def read() -> None:
        duck.run(with_input(sql["source"], csv_path))
        # The view is read here: a file the CSV reader cannot parse fails now.
        duck.run(sql["typed"])

    try:
        try:
            read()
        except Exception:
            if not has_mixed_line_endings(csv_path):
                raise
            # Read again from a copy with one line ending (only after a failure: good files pay nothing).
            lf = ctx.work_dir / "raw" / table / f"{table}.lf.csv"
            to_lf(csv_path, lf)
            csv_path = lf
            q["warnings"].append(ctx.contract["messages"]["mixedLineEndings"])
            read()
    except Exception as e:  # the reader's own message says what is wrong with the file
        return fail(f"{file_name}: cannot be parsed as CSV: {_first_line(e)} (rule: csv)")
    if has_nul_byte(csv_path):
        duck.run(sql["nulRows"])
    duck.run(sql["split"])
    duck.run(sql["finish"])

    counts = duck.all(sql["counts"])
    if not counts:
        raise JobError("count query returned nothing")
    c = counts[0]
    # Every row read is either clean or quarantined (CSV-reader rejects never reached src); the lines an
    # unclosed quote ran into one reject count as the rows they were meant to be (job1-raw-to-processed.ts).
    rows_out = int(c["src"]) - (int(c["rejected"]) - int(c["bad_csv"]))
    swallowed = int(c["swallowed"])
    q.update(rowsIn=int(c["src"]) + int(c["bad_csv"]) + swallowed, rowsOut=rows_out, rejected=int(c["rejected"]) + swallowed, duplicates=int(c["dups"]))
    # Rejects get their raw row, as the source wrote it, from a second read; unreadable lines carry theirs.
    if q["rejected"] - int(c["bad_csv"]) > 0 and sql.get("rawRows"):
        duck.run(with_input(sql["rawRows"], csv_path))
    if q["rejected"] > 0:
        fill_line_numbers(duck, table, csv_path, tp["delimiter"], ctx.work_dir, tp["skipLines"])
    q["topReasons"] = [{"reason": r["reason"], "count": int(r["count"])} for r in duck.all(sql["reasons"])]
    # Amounts are kept to cents: said, not done silently (the plan's query words the warning).
    for r in duck.all(sql["rounded"]) if sql["rounded"] else []:
        q["warnings"].append(r["warning"])

    # Record order mattered up to here; the outputs may be written in any order (on every thread).
    duck.run("SET SESSION preserve_insertion_order = false")
    try:
        # The clean rows wait in the run's staging area for the quality gate; the quarantine is the batch's own.
        write_partition(ctx, duck, f"clean_{table}", staged_prefix(ctx.month, ctx.run_name, "processed", table), table)
        rejects = rejects_batch_prefix(table, ctx.month, ctx.batch_id)
        if q["rejected"] > 0:
            write_partition(ctx, duck, f"rejects_{table}", rejects, f"rejects-{table}")
        else:
            remove_prefix(ctx.lake, rejects)
    finally:
        duck.run("SET SESSION preserve_insertion_order = true")
    log.info("%s: %d rows in, %d out, %d rejected (%d duplicates) from %s", table, q["rowsIn"], q["rowsOut"], q["rejected"], q["duplicates"], file_name)
    for w in q["warnings"]:
        log.warning("%s: %s", table, w)
    duck.run(f"DROP VIEW clean_{table}; DROP TABLE typed_{table}; DROP TABLE dups_{table}; DROP VIEW src_{table}; DROP TABLE rejects_{table}; DROP TABLE IF EXISTS srcm_{table}")
    return q


def has_nul_byte(path: Path) -> bool:
    """Whether a file holds a NUL byte anywhere (nul-bytes.ts): its rows with one get the plan's nulRows."""
    with open(path, "rb") as f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                return False
            if b"\x00" in chunk:
                return True


def has_mixed_line_endings(path: Path) -> bool:
    """Whether lines end in more than one way (CRLF, bare LF, bare CR): DuckDB's reader stops at such a
    file (line-endings.ts)."""
    kinds = set()
    prev = b""
    with open(path, "rb") as f:
        while True:
            chunk = f.read(1 << 20)
            data = prev + chunk
            # A CR at the very end of a read waits for the next one (it may be half a CRLF).
            body = data[:-1] if chunk and data.endswith(b"\r") else data
            n_crlf = body.count(b"\r\n")
            if n_crlf:
                kinds.add("crlf")
            if body.count(b"\n") > n_crlf:
                kinds.add("lf")
            if body.count(b"\r") > n_crlf:
                kinds.add("cr")
            if len(kinds) > 1:
                return True
            if not chunk:
                return False
            prev = data[len(body):]


def to_lf(src: Path, dst: Path) -> None:
    """A copy with every line end (CRLF, or CR alone) as LF; line numbers stay the same, the raw object
    is untouched (line-endings.ts toLf)."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    pending = b""
    with open(src, "rb") as f, open(dst, "wb") as out:
        while True:
            chunk = f.read(1 << 20)
            data = pending + chunk
            # A CR at the end of a read may be the first half of a CRLF split between two reads.
            pending = b"\r" if chunk and data.endswith(b"\r") else b""
            if pending:
                data = data[:-1]
            out.write(data.replace(b"\r\n", b"\n").replace(b"\r", b"\n"))
            if not chunk:
                return


class TableFailure(Exception):
    """A table that cannot be read as its plan says: the table fails with this message, the job goes on."""


def utf8_text_line(path: Path) -> Optional[int]:
    """The line of the first byte that is not ASCII when every such byte belongs to valid UTF-8 (a UTF-8
    file under a Windows-1252/Latin-1 profile, its accents past the checked sample: transcode.ts
    singleByteKind); None for ASCII or real single-byte text. A bare CR, LF or CRLF ends a line."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    line, first, last_cr = 1, None, False
    with open(path, "rb") as f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                break
            if first is None:
                high = next((i for i, b in enumerate(chunk) if b >= 0x80), -1) if not chunk.isascii() else -1
                head = chunk if high < 0 else chunk[:high]
                crlf = head.count(b"\r\n") + (1 if last_cr and head[:1] == b"\n" else 0)
                line += head.count(b"\n") + head.count(b"\r") - crlf
                if head:
                    last_cr = head[-1:] == b"\r"
                if high >= 0:
                    first = line
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return None
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    return first


def local_utf8_copy(ctx: Context, tp: Dict[str, Any]) -> Path:
    """The file on this disk, as UTF-8: other encodings are transcoded (the raw object stays as uploaded)."""
    folder = ctx.work_dir / "raw" / tp["table"]
    local = folder / tp["key"].rsplit("/", 1)[-1]
    ctx.lake.download(tp["key"], local)
    if tp["encoding"] == "utf-8":
        return local
    if tp["encoding"] in ("windows-1252", "latin1"):
        line = utf8_text_line(local)
        if line is not None:
            message = ctx.contract["messages"]["utf8UnderSingleByte"].replace("{ENCODING}", tp["encoding"].upper())
            raise TableFailure(f"{tp['fileName']}, line {line}: {message} (rule: encoding)")
    utf8 = folder / f"{tp['table']}.utf8.csv"
    transcode_to_utf8(local, utf8, tp["encoding"], ctx.contract["windows1252_80_9F"])
    return utf8


def with_input(sql: str, csv_path: Path) -> str:
    """The plan's reader placeholders: the local file, always UTF-8 here (this runner transcodes every other encoding)."""
    return sql.replace("{{input}}", sql_string(str(csv_path))).replace("{{encoding}}", "'utf-8'")


def fill_line_numbers(duck: Duck, table: str, csv_path: Path, delimiter: str, work_dir: Path, skip_lines: int = 0) -> None:
    """Record numbers → physical line numbers (parser rejects are stored as -(record + 1) by the plan's finish SQL)."""
    starts = record_start_lines(csv_path, delimiter, skip_lines)
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


def write_partition(ctx: Context, duck: Duck, relation: str, prefix: str, name: str) -> None:
    """Written even when empty: a table that loaded no row replaces its month with an empty partition."""
    out = ctx.work_dir / "out" / name
    out.mkdir(parents=True, exist_ok=True)
    duck.run(f"COPY {relation} TO {sql_string(str(out / 'part-0.parquet'))} ({ctx.contract['parquetWriteOptions']})")
    publish_dir(ctx.lake, out, prefix)


# --------------------------------------------------------------------------- job 2: processed → staged curated


def month_inputs(ctx: Context, table: str, every_month: bool) -> List[str]:
    """A table's processed files as the month will read once this run is published: the run's staged
    partition where job 1 staged one, else the published one; for dimensions every month, the batch
    month's partition taken from staging where it exists (job2-processed-to-curated.ts)."""
    month = ctx.month
    staged = parquet_keys(ctx.lake, staged_prefix(month, ctx.run_name, "processed", table))
    if not every_month:
        return staged if staged else parquet_keys(ctx.lake, processed_prefix(table, month))
    published = parquet_keys(ctx.lake, processed_table(table))
    if not staged:
        return published
    return [k for k in published if not k.startswith(processed_prefix(table, month))] + staged


_SIZE_UNITS = {"MB": 10**6, "GB": 10**9, "MIB": 2**20, "GIB": 2**30}


def memory_size_bytes(text: str) -> int:
    """A memory size ("1GB", "1400MB", "1.5GiB") in bytes, read as lib/config's memorySizeBytes reads it."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*", text)
    if not m or m.group(2).upper() not in _SIZE_UNITS:
        raise JobError(f"--duckdb_memory_limit {text!r} is not a size such as 1600MB or 2GB")
    return int(float(m.group(1)) * _SIZE_UNITS[m.group(2).upper()])


def events_write_passes(sessions: int, memory_limit_bytes: int, bytes_per_session: int) -> int:
    """In how many passes events_enriched is written (job2-processed-to-curated.ts eventsWritePasses): the
    hash table joining each pass's events to 1/n of the sessions must fit in 80 % of the memory limit."""
    return max(1, -(-(sessions * bytes_per_session) // int(memory_limit_bytes * 0.8)))


def run_job2(ctx: Context) -> Dict[str, Any]:
    """The month's curated tables, built from what the month will be once published, staged for the
    quality gate with the figures it compares."""
    started = time.time()
    month = ctx.month
    dimensions = set(ctx.contract["dimensionTables"])
    duck = Duck(ctx.time_zone, ctx.work_dir / "duck-tmp", preserve_order=False)
    try:
        duck.run(ctx.sql.load("job2/inputs_empty.sql"))
        has: Dict[str, bool] = {}
        for table in ctx.contract["tableNames"]:
            is_dim = table in dimensions
            keys = month_inputs(ctx, table, is_dim)
            rel = parquet_relation_of(ctx.lake, keys, ctx.work_dir)
            month_keys = [k for k in keys if f"/month={month}/" in k] if is_dim else keys
            has[table] = len(month_keys) > 0
            view = f"p_{table}_all" if is_dim else f"p_{table}"
            duck.run(f"CREATE OR REPLACE VIEW {view} AS SELECT * FROM {rel or f'empty_{table}'}")
            if not rel:
                log.warning("no processed %s for %s: treated as empty", table, "any month" if is_dim else month)
        all_orders = parquet_relation_of(ctx.lake, month_inputs(ctx, "orders", True), ctx.work_dir)
        duck.run(f"CREATE OR REPLACE VIEW p_orders_all AS SELECT * FROM {all_orders or 'empty_orders'}")

        params: Dict[str, Any] = {**month_params(month)}
        # Which fact tables the month received (mart_kpis flags), as the local job passes them.
        params.update({f"has_{t}": "TRUE" if has.get(t) else "FALSE" for t in ctx.contract["tableNames"] if t not in dimensions})
        for name in ("job2/prepare.sql", "job2/enrich.sql", "job2/marts.sql"):
            duck.run(render(ctx.sql.load(name), params))

        sessions = int(duck.all("SELECT count(*) AS n FROM p_sessions")[0]["n"])
        passes = events_write_passes(sessions, memory_size_bytes(DUCK_SETTINGS["memory_limit"]), ctx.contract["eventsJoinBytesPerSession"])
        if passes > 1:
            log.info("events_enriched is written in %d passes: %d sessions are too many to join in one", passes, sessions)
        tables = []
        for table in ctx.contract["curatedTables"]:
            out = ctx.work_dir / "curated" / table
            out.mkdir(parents=True, exist_ok=True)
            n = passes if table == "events_enriched" else 1
            rows = 0
            for k in range(n):
                relation = table if n == 1 else f"(SELECT * FROM {table}_part({k}, {n}))"
                # COPY answers with the number of rows it wrote.
                copied = duck.all(f"COPY {relation} TO {sql_string(str(out / f'part-{k}.parquet'))} ({ctx.contract['parquetWriteOptions']})")
                rows += int(next(iter(copied[0].values()))) if copied else 0
            tables.append({"table": table, "rows": rows})
        for t in tables:
            publish_dir(ctx.lake, ctx.work_dir / "curated" / t["table"], staged_prefix(month, ctx.run_name, "curated", t["table"]))

        orphans = {r["table"]: int(r["orphans"]) for r in duck.all('SELECT "table", orphans FROM orphan_counts')}
        for t in tables:
            log.info("%s: %d rows", t["table"], t["rows"])
        for t, n in orphans.items():
            if n > 0:
                log.warning("%s: %d orphan rows kept (parent not found)", t, n)
        figures = gate_figures(ctx, duck, has)
    finally:
        duck.close()
    report = {"tables": tables, "orphans": orphans, "figures": figures, "durationMs": int((time.time() - started) * 1000)}
    write_report(ctx, "job2", report)
    return report


def gate_figures(ctx: Context, duck: Duck, has: Dict[str, bool]) -> Dict[str, Any]:
    """This month's recognised orders and sessions, and those of the previous loaded (published) month (lib/contracts/gate.ts GateFigures)."""
    month = ctx.month
    now = duck.all("SELECT orders, sessions FROM mart_kpis")
    by_month: Dict[str, List[str]] = {}
    for key in parquet_keys(ctx.lake, curated_table("mart_kpis")):
        m = re.search(r"/month=(\d{4}-\d{2})/", key)
        if m and m.group(1) < month:
            by_month.setdefault(m.group(1), []).append(key)
    previous = None
    if by_month:
        last = sorted(by_month)[-1]
        rel = parquet_relation_of(ctx.lake, by_month[last], ctx.work_dir)
        rows = duck.all(f"SELECT orders, sessions FROM {rel}") if rel else []
        if rows:
            previous = {"month": last, "orders": _count(rows[0]["orders"]), "sessions": _count(rows[0]["sessions"])}
    first = now[0] if now else {}
    return {
        "month": month,
        "orders": _count(first.get("orders")),
        "sessions": _count(first.get("sessions")),
        "hasSessions": bool(has.get("sessions")),
        "previous": previous,
    }


def _count(v: Any) -> int:
    return int(v) if v is not None else 0


# --------------------------------------------------------------------------- job 3: publish (database, then lake)


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

    @staticmethod
    def _named(sql: str, params: Optional[List[Any]]) -> Tuple[str, Dict[str, Any]]:
        # pg8000.native uses :name parameters; $1 becomes :p1.
        named = {f"p{i + 1}": v for i, v in enumerate(params or [])}
        return re.sub(r"\$(\d+)", lambda m: f":p{m.group(1)}", sql), named

    def execute(self, sql: str, params: Optional[List[Any]] = None) -> None:
        text, named = self._named(sql, params)
        self.con.run(text, **named)

    def query(self, sql: str, params: Optional[List[Any]] = None) -> List[Dict[str, Any]]:
        text, named = self._named(sql, params)
        rows = self.con.run(text, **named) or []
        cols = [c["name"] for c in (self.con.columns or [])]
        return [dict(zip(cols, r)) for r in rows]

    def copy_csv(self, table: str, columns: List[str], path: Path) -> int:
        cols = ", ".join(sql_ident(c) for c in columns)
        with open(path, "rb") as f:
            self.con.run(f"COPY {table} ({cols}) FROM STDIN WITH (FORMAT csv, HEADER true)", stream=f)
        return int(self.con.row_count)

    def close(self) -> None:
        self.con.close()


# Which run a month's published data comes from: written in the same transaction as the month's facts
# (job3-curated-to-database.ts).
PUBLISHED_UPSERT = """INSERT INTO analytics.published_month (month, run_name, batch_id, published_at) VALUES ($1, $2, $3, now())
  ON CONFLICT (month) DO UPDATE SET run_name = EXCLUDED.run_name, batch_id = EXCLUDED.batch_id, published_at = EXCLUDED.published_at"""
PUBLISHED_RUN = "SELECT run_name FROM analytics.published_month WHERE month = $1"


def run_job3(ctx: Context, loader_factory: Callable[[], Any]) -> Dict[str, Any]:
    """Publishes the month the gate let through: the database (each staged curated table as CSV through
    COPY, the month deleted and reloaded, analytics.published_month naming this run, in one
    transaction), then the lake (staged partitions replace the published ones), then the month's
    staging is removed. Every part can run again after a crash with the same result."""
    started = time.time()
    month = ctx.month
    if already_published(ctx, loader_factory):
        # A crash after the publish finished but before the step was recorded: running it again is a no-op.
        log.info("%s is already published from run %s; nothing left to do", month, ctx.run_name)
        report = {"tables": [], "durationMs": int((time.time() - started) * 1000)}
        write_report(ctx, "job3", report)
        return report

    files = []
    duck = Duck(ctx.time_zone, ctx.work_dir / "duck-tmp", preserve_order=False)
    try:
        out = ctx.work_dir / "load"
        out.mkdir(parents=True, exist_ok=True)
        for table in ctx.contract["loadedTables"]:
            rel = parquet_relation(ctx.lake, staged_prefix(month, ctx.run_name, "curated", table), ctx.work_dir)
            if not rel:
                raise JobError(f"staged curated {table} for {month} of run {ctx.run_name} is missing: job 2 must run first")
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
            db.execute(PUBLISHED_UPSERT, [month, ctx.run_name, ctx.batch_id])
            db.execute("COMMIT")
        except Exception:
            db.execute("ROLLBACK")
            raise
    finally:
        db.close()
    partitions = publish_lake(ctx)
    log.info("published %s from run %s: %d partitions", month, ctx.run_name, partitions)
    report = {"tables": [{"table": f["table"], "rows": f["rows"]} for f in files], "durationMs": int((time.time() - started) * 1000)}
    write_report(ctx, "job3", report)
    return report


def already_published(ctx: Context, loader_factory: Callable[[], Any]) -> bool:
    """The month names this run and its staging is gone: an earlier attempt of this step finished."""
    if ctx.lake.list(staging_run(ctx.month, ctx.run_name)):
        return False
    db = loader_factory()
    try:
        rows = db.query(PUBLISHED_RUN, [ctx.month])
    except Exception:  # no analytics schema yet: nothing was ever published
        rows = []
    finally:
        db.close()
    return bool(rows) and rows[0].get("run_name") == ctx.run_name


def publish_lake(ctx: Context) -> int:
    """The run's staged partitions replace the published ones; then the month's staging is removed
    (older held runs of the month are superseded by this one)."""
    month = ctx.month
    run = staging_run(month, ctx.run_name)
    prefixes: List[Tuple[str, str]] = []
    for key, _ in ctx.lake.list(run):
        m = re.match(r"^(processed|curated)/([a-z_]+)/month=\d{4}-\d{2}/", key[len(run):])
        if m and (m.group(1), m.group(2)) not in prefixes:
            prefixes.append((m.group(1), m.group(2)))
    for layer, table in prefixes:
        publish_staged(ctx.lake, staged_prefix(month, ctx.run_name, layer, table), f"{layer}/{table}/month={month}/")
    remove_prefix(ctx.lake, staging_month(month))
    return len(prefixes)


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
        log.info("%s started: batch %s of %s (%s), execution %s of run %s", job, ctx.batch_id, ctx.month, ctx.time_zone, args.get("execution_name") or "-", ctx.run_name)
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
    if not path.exists():
        S3Lake(args["artifacts_bucket"]).download(key, path)
    return str(path)


if __name__ == "__main__":
    sys.exit(main())
