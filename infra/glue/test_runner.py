"""Tests of the Glue runner. Run: python3 -m unittest discover -s infra/glue -p 'test_*.py'

The real duckdb module cannot be installed here; standin/duckdb.py takes its place and runs the SQL
on the real DuckDB through this repository's Node binding (those tests are skipped without node).
Job 1 follows the batch's read plan, which ValidateBatch writes in TypeScript: standin/plan_batch.ts
writes it here with the same code (lib/pipeline/plan).
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tempfile
import unittest
from unittest import mock
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE / "standin"))  # `import duckdb` finds the stand-in
sys.path.insert(0, str(HERE))

import duckdb  # noqa: E402  (the stand-in)
import runner  # noqa: E402

SQL_DIR = REPO / "lib" / "pipeline" / "sql"
# The engine Terraform deploys (--duckdb_version), from the pins the jobs install.
ENGINE = next(l.split("==")[1].strip() for l in (HERE / "requirements.txt").read_text(encoding="utf-8").splitlines() if l.startswith("duckdb=="))
CONTRACT = HERE / "contract.json"
WIN1252 = json.loads(CONTRACT.read_text(encoding="utf-8"))["windows1252_80_9F"]
MONTH = "2025-11"
BATCH = "t1"
RUN = f"batch-{BATCH}"


def csv_text(header, rows, eol="\n", sep=","):
    def cell(v):
        s = str(v)
        return '"' + s.replace('"', '""') + '"' if any(c in s for c in sep + '"\r\n') else s

    return eol.join([sep.join(header)] + [sep.join(cell(v) for v in r) for r in rows]) + eol


def month_files(month=MONTH):
    """A small month: valid rows plus one bad row of several kinds."""
    return {
        "customers": csv_text(
            ["customer_id", "signup_ts", "country", "city", "acquisition_channel", "birth_year", "gender", "segment"],
            [["c1", f"{month}-01T10:00:00Z", "fr", "Paris", "Paid Search", 1980, "f", "consumer"],
             ["c2", f"{month}-02 10:00:00", "DE", "Berlin", "email", 1990, "m", "business"],
             ["c3", "yesterday", "US", "Austin", "organic", "", "", "consumer"]],
        ),
        "products": csv_text(
            ["product_id", "name", "category", "subcategory", "brand", "price", "cost", "active"],
            [["p1", "Lamp", "Home", "Lighting", "Lumo", "40.00", "25.00", "yes"], ["p2", "Mug", "Kitchen", "Cups", "Clay", "10.00", "4.00", "1"]],
        ),
        "sessions": csv_text(
            ["session_id", "customer_id", "session_start", "session_end", "channel", "device", "country", "landing_page", "utm_source", "utm_medium", "utm_campaign"],
            [["s1", "c1", f"{month}-03T09:00:00Z", f"{month}-03T09:20:00Z", "paid_search", "desktop", "FR", "/", "google", "cpc", "x"],
             ["s2", "c2", f"{month}-04T20:00:00Z", f"{month}-04T20:05:00Z", "email", "mobile", "DE", "/", "", "", ""]],
        ),
        "events": csv_text(
            ["event_id", "session_id", "event_ts", "event_type", "product_id", "order_id", "page_url"],
            [["e1", "s1", f"{month}-03T09:01:00Z", "page_view", "", "", "/"],
             ["e2", "s1", f"{month}-03T09:02:00Z", "add_to_cart", "p1", "", "/p1"],
             ["e3", "s1", f"{month}-03T09:04:00Z", "purchase", "", "o1", "/done"],
             ["e4", "s2", f"{month}-04T20:01:00Z", "teleport", "", "", "/"]],
        ),
        "orders": csv_text(
            ["order_id", "customer_id", "session_id", "order_ts", "status", "currency", "subtotal", "discount", "shipping", "tax", "total", "payment_method", "country", "channel", "device"],
            [["o1", "c1", "s1", f"{month}-03T09:04:00Z", "paid", "EUR", "40.00", "0", "5.00", "9.00", "54.00", "card", "", "", ""],
             ["o2", "c2", "s2", f"{month}-04T20:03:00Z", "delivered", "EUR", "20.00", "2.00", "0", "3.60", "21.60", "paypal", "DE", "email", "mobile"],
             ["o2", "c2", "s2", f"{month}-04T20:03:00Z", "Delivered", "EUR", "20.00", "2.00", "0", "3.60", "22.60", "paypal", "DE", "email", "mobile"],
             ["o3", "c1", "", "2025-10-31T10:00:00Z", "paid", "EUR", "1", "0", "0", "0", "1.00", "card", "", "", ""],
             ["o4", "c1", "", f"{month}-05T10:00:00Z", "paid", "EUR", "1", "0", "0", "0", "12,5", "card", "", "", ""]],
            eol="\r\n",
        ),
        "order_items": csv_text(
            ["order_item_id", "order_id", "product_id", "quantity", "unit_price", "discount"],
            [["i1", "o1", "p1", 1, "40.00", ""], ["i2", "o2", "p2", 2, "10.00", "2.00"], ["i3", "o2", "p2", 0, "10.00", ""]],
        ),
        "reviews": "\ufeff" + csv_text(
            ["Review_ID", " ORDER_ID", "product_id", "customer_id", "rating", "review_ts", "title", "comment", "extra"],
            [["r1", "o1", "p1", "c1", 5, f"{month}-10T10:00:00Z", 'Great, "really"', "Line one\nline two, très bien", "x"]],
        ),
    }


# A shop's own orders export: ';', windows-1252, decimal commas, day-first dates, its own words.
FOREIGN_PROFILE = {
    "name": "Loja (test)",
    "delimiter": ";",
    "encoding": "windows-1252",
    "decimal": ",",
    "thousands": ".",
    "dateOrder": "DMY",
    "timezone": "America/Sao_Paulo",
    "tables": {
        "orders": {
            "columns": {"order_id": "Pedido", "customer_id": "Cliente", "order_ts": "Data", "status": "Situação", "total": "Total", "subtotal": "Subtotal"},
            "values": {"status": {"concluído": "delivered", "processando": "paid"}},
            "defaults": {"currency": "BRL", "country": "BR"},
        }
    },
}


def foreign_orders(month=MONTH) -> bytes:
    y, m = month.split("-")
    text = csv_text(
        ["Pedido", "Cliente", "Data", "Situação", "Subtotal", "Total", "Observação"],
        [["o1", "c1", f"03/{m}/{y} 09:04", "Concluído", "1.234,50", "1.234,50", "“entrega” rápida… 5€"],
         ["o2", "c2", f"04/{m}/{y} 20:03:10", "processando", "20,00", "21,60", "ok"],
         ["o3", "c1", f"31/13/{y} 10:00", "Concluído", "1,00", "1,00", ""],
         ["o4", "c1", f"05/{m}/{y}", "reembolsado", "1,00", "1,00", "Ž\x81"]],
        eol="\r\n",
        sep=";",
    )
    # windows-1252 as the generator writes it (the WHATWG table; 0x81 is one of the five undefined bytes).
    inverse = {cp: 0x80 + i for i, cp in enumerate(WIN1252)}
    return bytes(inverse.get(ord(ch), ord(ch)) for ch in text)


def make_lake(root: Path, files: dict, month=MONTH, batch=BATCH, profile=None) -> str:
    entries = []
    for table, text in files.items():
        key = f"raw/{table}/month={month}/batch={batch}/{table}.csv"
        p = root / key
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        entries.append({"table": table, "key": key, "fileName": f"{table}.csv", "size": p.stat().st_size})
    manifest_key = f"raw/_manifests/month={month}/batch={batch}.json"
    manifest = {"version": 2, "batchId": batch, "month": month, "createdAt": "2025-12-01T08:00:00.000Z", "createdBy": None, "businessTimeZone": "UTC", "files": entries, "profile": profile}
    (root / manifest_key).parent.mkdir(parents=True, exist_ok=True)
    (root / manifest_key).write_text(json.dumps(manifest), encoding="utf-8")
    return manifest_key


_PLANS: dict = {}


def plan(lake: Path, manifest_key: str, run_name: str = RUN) -> dict:
    """Writes the run's plan.json as ValidateBatch would (lib/pipeline/plan through standin/plan_batch.ts).
    A plan depends on the manifest and the files' first bytes only, so equal batches share one."""
    manifest = (lake / manifest_key).read_bytes()
    digest = hashlib.sha256(manifest)
    for f in json.loads(manifest)["files"]:
        digest.update((lake / f["key"]).read_bytes()[:65536])
    target = lake / runner.report_key(run_name, "plan")
    cached = _PLANS.get(digest.hexdigest())
    if cached is None:
        r = subprocess.run(["node", "--import", "tsx", "infra/glue/standin/plan_batch.ts", str(lake), manifest_key, run_name, "2026"], cwd=REPO, capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"planning failed: {r.stderr}")
        cached = _PLANS[digest.hexdigest()] = target.read_text(encoding="utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(cached, encoding="utf-8")
    return json.loads(cached)


def run(job: str, lake: Path, manifest_key: str, loader_factory=None, execution=RUN, run_name=None, month=MONTH, batch=BATCH):
    out = io.StringIO()
    args = ["--job", job, "--lake_dir", str(lake), "--sql_dir", str(SQL_DIR), "--contract", str(CONTRACT), "--manifest_key", manifest_key,
            "--execution_name", execution, "--month", month, "--batch_id", batch, "--duckdb_version", ENGINE, "--duckdb_threads", "2", "--duckdb_memory_limit", "1GB",
            # What Glue 5 adds to a Spark job's arguments.
            "--JOB_ID", "j_1", "--JOB_RUN_ID", "jr_1", "--JOB_NAME", "shoplake-" + job, "--job-bookmark-option", "job-bookmark-disable", "--enable-metrics", "true"]
    if run_name:
        args += ["--run_name", run_name]
    with contextlib.redirect_stdout(out):
        try:
            code = runner.main(args, loader_factory=loader_factory)
        except Exception as e:  # keep the log for the assertion message
            e.log = out.getvalue()  # type: ignore[attr-defined]
            raise
    return code, out.getvalue()


def report(lake: Path, job: str, run_name=RUN) -> dict:
    return json.loads((lake / runner.report_key(run_name, job)).read_text(encoding="utf-8"))


def keys(lake: Path, prefix: str):
    return [k for k, _ in runner.DirLake(str(lake)).list(prefix)]


class FakeDb:
    """The database job 3 talks to: what it was sent, and which run each month is published from."""

    def __init__(self):
        self.published: dict = {}


class FakeLoader:
    """Records what job 3 sends to PostgreSQL; published_month follows the committed upserts."""

    def __init__(self, db=None, fail_on_copy=None):
        self.db = db or FakeDb()
        self.calls = []
        self.fail_on_copy = fail_on_copy
        self.closed = False
        self.pending = None

    def execute(self, sql, params=None):
        self.calls.append(("execute", sql, params))
        if sql.startswith("INSERT INTO analytics.published_month"):
            self.pending = params
        elif sql == "COMMIT" and self.pending:
            self.db.published[self.pending[0]] = self.pending[1]

    def query(self, sql, params=None):
        self.calls.append(("query", sql, params))
        run_name = self.db.published.get(params[0])
        return [{"run_name": run_name}] if run_name else []

    def copy_csv(self, table, columns, path):
        if self.fail_on_copy and table.endswith(self.fail_on_copy):
            raise RuntimeError(f"COPY {table} failed")
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        self.calls.append(("copy", table, columns, lines[0]))
        return len(lines) - 1

    def close(self):
        self.closed = True


# --------------------------------------------------------------------------- helpers


class HelperTests(unittest.TestCase):
    def test_parse_args_takes_glue_style_pairs(self):
        a = runner.parse_args(["script.py", "--job", "job1", "--month=2025-11", "--JOB_ID", "j_1", "--flag", "--x", "y"][1:])
        self.assertEqual(a, {"job": "job1", "month": "2025-11", "JOB_ID": "j_1", "flag": "", "x": "y"})

    def test_render_fills_every_placeholder_or_fails(self):
        self.assertEqual(runner.render("a {{x}} b {{y}}", {"x": 1, "y": "'m'"}), "a 1 b 'm'")
        with self.assertRaises(KeyError):
            runner.render("{{missing}}", {})

    def test_month_params_roll_over_the_year(self):
        p = runner.month_params("2025-12")
        self.assertEqual(p["month"], "'2025-12'")
        self.assertEqual((p["month_start"], p["month_end"]), ("'2025-12-01'", "'2026-01-01'"))
        self.assertEqual(p["month_lo"], "TIMESTAMPTZ '2025-12-01 00:00:00'")
        self.assertEqual(p["month_hi"], "TIMESTAMPTZ '2026-01-01 00:00:00'")
        self.assertEqual(runner.next_month("2025-09"), "2025-10")

    def test_sql_string_and_ident(self):
        self.assertEqual(runner.sql_string("it's"), "'it''s'")
        self.assertEqual(runner.sql_ident("mart_kpis"), '"mart_kpis"')
        with self.assertRaises(ValueError):
            runner.sql_ident("x; drop")

    def test_split_statements_ignores_semicolons_in_quotes_and_comments(self):
        sql = "-- a; comment\nCREATE TABLE a (x text DEFAULT ';');\n\nCREATE SCHEMA \"b;c\";\n-- end"
        self.assertEqual(runner.split_statements(sql), ["CREATE TABLE a (x text DEFAULT ';')", 'CREATE SCHEMA "b;c"'])

    def test_lake_keys_are_those_of_lib_lake_keys(self):
        self.assertEqual(runner.staged_prefix("2025-11", "batch-b", "processed", "orders"), "staging/2025-11/batch-b/processed/orders/month=2025-11/")
        self.assertEqual(runner.staging_run("2025-11", "batch-b"), "staging/2025-11/batch-b/")
        self.assertEqual(runner.rejects_batch_prefix("orders", "2025-11", "b"), "processed/_rejects/orders/month=2025-11/batch=b/")
        self.assertEqual(runner.report_key("batch-b", "plan"), "processed/_reports/batch-b/plan.json")

    def test_transcodes_windows_1252_as_the_whatwg_decoder_does(self):
        with tempfile.TemporaryDirectory() as d:
            src, dst = Path(d) / "in.csv", Path(d) / "out.csv"
            src.write_bytes(bytes(range(0x20, 0x7F)) + bytes(range(0x80, 0x100)) + b"\r\n")
            for label in ("windows-1252", "latin1"):
                runner.transcode_to_utf8(src, dst, label, WIN1252)
                text = dst.read_bytes().decode("utf-8")
                # € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ, the undefined 0x81 as its C1 control, then ISO-8859-1 from 0xA0.
                self.assertEqual(text[95:108], "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152")
                self.assertEqual(text[95 + 32:], "".join(chr(c) for c in range(0xA0, 0x100)) + "\r\n")
            # Python's own cp1252 refuses the five undefined bytes; the WHATWG decoder does not.
            with self.assertRaises(UnicodeDecodeError):
                b"\x81".decode("cp1252")

    def test_transcodes_utf16_either_way_dropping_the_bom(self):
        with tempfile.TemporaryDirectory() as d:
            src, dst = Path(d) / "in.csv", Path(d) / "out.csv"
            text = "id;nome\r\n1;São Paulo ☕\r\n"
            for data in (b"\xff\xfe" + text.encode("utf-16-le"), b"\xfe\xff" + text.encode("utf-16-be"), text.encode("utf-16-le")):
                src.write_bytes(data)
                runner.transcode_to_utf8(src, dst, "utf-16", WIN1252)
                self.assertEqual(dst.read_bytes().decode("utf-8"), text)
            # A last odd byte is no character: U+FFFD, as TextDecoder gives.
            src.write_bytes(text.encode("utf-16-le") + b"A")
            runner.transcode_to_utf8(src, dst, "utf-16", WIN1252)
            self.assertEqual(dst.read_bytes().decode("utf-8"), text + "\ufffd")

    def test_mixed_line_endings_are_found_and_unified_across_reads(self):
        with tempfile.TemporaryDirectory() as d:
            p, out = Path(d) / "f.csv", Path(d) / "lf.csv"
            cases = {
                b"a,b\n1,x\n2,y\r\n3,z\n": True, b"a,b\r\n1,x\n": True, b"a,b\n1,x\r2,y\n": True, b"a,b\r\n1,x\r": True,
                b"a,b\r\n1,x\r\n": False, b"a,b\n1,x\n": False, b"a,b\r1,x\r": False, b"": False,
            }
            for data, mixed in cases.items():
                p.write_bytes(data)
                self.assertEqual(runner.has_mixed_line_endings(p), mixed, data)
            # A CRLF split between two 1 MiB reads, and a bare CR.
            first = b"h\n" + b"x" * ((1 << 20) - 3) + b"\r"
            p.write_bytes(first + b"\nq\rr\n")
            self.assertTrue(runner.has_mixed_line_endings(p))
            runner.to_lf(p, out)
            self.assertEqual(out.read_bytes(), first[:-1] + b"\nq\nr\n")
            # A CR that ends a read and is not half of a CRLF.
            p.write_bytes(first + b"q\n")
            self.assertTrue(runner.has_mixed_line_endings(p))
            runner.to_lf(p, out)
            self.assertEqual(out.read_bytes(), first[:-1] + b"\nq\n")
            p.write_bytes(b"a\r\nb\nc\r")
            runner.to_lf(p, out)
            self.assertEqual(out.read_bytes(), b"a\nb\nc\n")

    def test_record_start_lines_follows_quoted_line_breaks_and_crlf(self):
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "f.csv"
            p.write_bytes(b'h1,h2\r\na,"multi\r\nline"\r\nb,c\r\n\r\nd,e')
            self.assertEqual(runner.record_start_lines(p, ","), [2, 4, 6])

    def test_record_start_lines_skips_an_excel_sep_line_before_the_header(self):
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "f.csv"
            p.write_bytes(b'\xef\xbb\xbfsep=;\r\nh1;h2\r\na;"multi\r\nline"\r\nb;c\r\n')
            self.assertEqual(runner.record_start_lines(p, ";", 1), [3, 5])
            p.write_bytes(b'"sep=;"\r\nh1;h2\r\na;b\r\n')
            self.assertEqual(runner.record_start_lines(p, ";", 1), [3])

    def test_has_nul_byte_looks_at_every_read(self):
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "f.csv"
            p.write_bytes(b"a,b\n" + b"x" * (1 << 20) + b"\n1,\x00\n")
            self.assertTrue(runner.has_nul_byte(p))
            p.write_bytes(b"a,b\n1,x\n")
            self.assertFalse(runner.has_nul_byte(p))

    def test_record_start_lines_reads_quotes_and_line_ends_as_duckdb_does(self):
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "f.csv"
            # A quote inside an unquoted value is text; "" inside a quoted one is a quote.
            p.write_bytes(b'id;name\nP1;Monitor 27" wide\nP2;x\nP3;"say ""hi""\nthere"\nP4;y\n')
            self.assertEqual(runner.record_start_lines(p, ";"), [2, 3, 4, 6])
            # Excel for Mac: lines end in a bare CR.
            p.write_bytes(b"id,name\rP1,a\rP2,b\r")
            self.assertEqual(runner.record_start_lines(p, ","), [2, 3])

    def test_dir_lake_publish_replaces_a_prefix(self):
        with tempfile.TemporaryDirectory() as d:
            lake = runner.DirLake(str(Path(d) / "lake"))
            lake.put_bytes("processed/orders/month=2025-11/old.parquet", b"old")
            lake.put_bytes("processed/orders/month=2025-11/part-0.parquet", b"older")
            lake.put_bytes("processed/orders/month=2025-110/keep.parquet", b"x")
            out = Path(d) / "out"
            out.mkdir()
            (out / "part-0.parquet").write_bytes(b"new")
            runner.publish_dir(lake, out, "processed/orders/month=2025-11/")
            self.assertEqual([k for k, _ in lake.list("processed/orders/")], ["processed/orders/month=2025-11/part-0.parquet", "processed/orders/month=2025-110/keep.parquet"])
            self.assertEqual(lake.get_bytes("processed/orders/month=2025-11/part-0.parquet"), b"new")
            with self.assertRaises(ValueError):
                lake.get_bytes("../escape")

    def test_publish_staged_copies_then_deletes_stale_and_keeps_the_staged_copy(self):
        with tempfile.TemporaryDirectory() as d:
            lake = runner.DirLake(d)
            staged = "staging/2025-11/batch-b/curated/mart_kpis/month=2025-11/"
            lake.put_bytes(staged + "part-0.parquet", b"new")
            lake.put_bytes("curated/mart_kpis/month=2025-11/part-0.parquet", b"old")
            lake.put_bytes("curated/mart_kpis/month=2025-11/part-1.parquet", b"stale")
            for _ in range(2):  # again after a crash: the same result
                self.assertEqual(runner.publish_staged(lake, staged, "curated/mart_kpis/month=2025-11/"), 1)
                self.assertEqual(keys(Path(d), "curated/"), ["curated/mart_kpis/month=2025-11/part-0.parquet"])
                self.assertEqual(lake.get_bytes("curated/mart_kpis/month=2025-11/part-0.parquet"), b"new")
                self.assertTrue(lake.exists(staged + "part-0.parquet"))

    def test_s3_lake_pages_types_copies_and_heads(self):
        class Paginator:
            def paginate(self, **kw):
                yield {"Contents": [{"Key": "curated/b", "Size": 2}]}
                yield {"Contents": [{"Key": "curated/a", "Size": 1}]}
                yield {}

        class NotFound(Exception):
            response = {"Error": {"Code": "404"}, "ResponseMetadata": {"HTTPStatusCode": 404}}

        class Client:
            def __init__(self):
                self.uploads, self.copies = [], []

            def get_paginator(self, name):
                assert name == "list_objects_v2"
                return Paginator()

            def upload_file(self, path, bucket, key, ExtraArgs=None):  # noqa: N803 (boto3 API)
                self.uploads.append((bucket, key, ExtraArgs))

            def copy(self, source, bucket, key):
                self.copies.append((source, bucket, key))

            def head_object(self, Bucket, Key):  # noqa: N803 (boto3 API)
                if Key == "absent":
                    raise NotFound()
                return {"ContentLength": 1}

        c = Client()
        lake = runner.S3Lake("lake", client=c)
        self.assertEqual(lake.list("curated/"), [("curated/a", 1), ("curated/b", 2)])
        lake.upload(Path("/tmp/x.parquet"), "curated/t/month=2025-11/part-0.parquet")
        self.assertEqual(c.uploads, [("lake", "curated/t/month=2025-11/part-0.parquet", {"ContentType": "application/vnd.apache.parquet"})])
        lake.copy("staging/2025-11/r/curated/t/month=2025-11/part-0.parquet", "curated/t/month=2025-11/part-0.parquet")
        self.assertEqual(c.copies, [({"Bucket": "lake", "Key": "staging/2025-11/r/curated/t/month=2025-11/part-0.parquet"}, "lake", "curated/t/month=2025-11/part-0.parquet")])
        self.assertEqual((lake.exists("there"), lake.exists("absent")), (True, False))

    def test_connect_retry_waits_for_a_resuming_database(self):
        attempts, slept = [], []

        def factory():
            attempts.append(1)
            if len(attempts) < 3:
                raise ConnectionRefusedError("connection refused")
            return "connected"

        with self.assertLogs("runner", "WARNING") as logged:
            self.assertEqual(runner.with_connect_retry(factory, attempts=4, wait_s=15, sleep=slept.append)(), "connected")
        self.assertEqual((len(attempts), slept), (3, [15, 15]))
        self.assertIn("database not reachable yet (connection refused): attempt 1 of 4", "\n".join(logged.output))
        never = runner.with_connect_retry(lambda: (_ for _ in ()).throw(TimeoutError("timed out")), attempts=2, sleep=slept.append)
        with self.assertLogs("runner", "WARNING"), self.assertRaises(TimeoutError):
            never()

    def test_job3_refuses_to_connect_without_the_ca_bundle(self):
        with self.assertRaisesRegex(runner.JobError, "--db_ca_key is required"):
            runner._ca_file({"artifacts_bucket": "b"}, Path(tempfile.gettempdir()))

    def test_memory_sizes_and_the_passes_of_the_events_write(self):
        self.assertEqual([runner.memory_size_bytes(v) for v in ("1GB", "1400MB", "1.5GiB", "512 MiB")], [10**9, 14 * 10**8, 3 * 2**29, 2**29])
        for bad in ("lots", "1400", "2TB"):
            with self.assertRaises(runner.JobError):
                runner.memory_size_bytes(bad)
        # As eventsWritePasses (tests/pipeline/job2-memory.test.ts): 200 bytes a session in 80 % of the limit.
        self.assertEqual([runner.events_write_passes(n, m, 200) for n, m in ((168_000, 14 * 10**8), (5_000_000, 14 * 10**8), (5_000_000, 5 * 10**8), (17_000_000, 14 * 10**8), (0, 10**9))], [1, 1, 3, 4, 1])

    def test_unknown_job_is_a_usage_error(self):
        with contextlib.redirect_stdout(io.StringIO()) as out:
            self.assertEqual(runner.main(["--job", "job9"]), 2)
        self.assertIn("ERROR --job must be job1, job2 or job3", out.getvalue())

    def test_nothing_of_the_contract_rules_is_left_in_the_runner(self):
        src = (HERE / "runner.py").read_text(encoding="utf-8")
        for gone in ("map_header", "sniff", "missing required column", "job1/{", "primaryKey", 'contract["tables"]'):
            self.assertNotIn(gone, src)


# --------------------------------------------------------------------------- the jobs on DuckDB


@unittest.skipUnless(duckdb.available(), "node is needed for the DuckDB stand-in")
class JobTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.lake = Path(self.tmp.name) / "lake"
        self.manifest_key = make_lake(self.lake, month_files())
        plan(self.lake, self.manifest_key)

    def tearDown(self):
        self.tmp.cleanup()

    def staged(self, layer, table, month=MONTH, run_name=RUN):
        return keys(self.lake, runner.staged_prefix(month, run_name, layer, table))

    def test_job1_follows_the_plan_stages_clean_rows_and_quarantines_per_batch(self):
        code, out = run("job1", self.lake, self.manifest_key)
        self.assertEqual(code, 0)
        r = {t["table"]: t for t in report(self.lake, "job1")["tables"]}
        self.assertEqual(set(r), set(month_files()))
        self.assertTrue(all(t["status"] == "ok" for t in r.values()), r)
        # orders: o2 twice (last wins), o3 outside the month, o4 total not a decimal.
        self.assertEqual((r["orders"]["rowsIn"], r["orders"]["rowsOut"], r["orders"]["rejected"], r["orders"]["duplicates"]), (5, 2, 3, 1))
        reasons = {x["reason"] for x in r["orders"]["topReasons"]}
        self.assertEqual(reasons, {"order_id: duplicate", "order_ts: month", "total: decimal"})
        self.assertEqual((r["customers"]["rejected"], r["events"]["rejected"], r["order_items"]["rejected"]), (1, 1, 1))
        self.assertEqual(r["reviews"]["rowsOut"], 1)
        self.assertTrue(any("unknown columns ignored: extra" in w for w in r["reviews"]["warnings"]))
        for table in month_files():
            # Nothing is published before the gate: the clean rows wait in the run's staging area.
            self.assertEqual(self.staged("processed", table), [runner.staged_prefix(MONTH, RUN, "processed", table) + "part-0.parquet"])
            self.assertEqual(keys(self.lake, f"processed/{table}/"), [])
        self.assertEqual(keys(self.lake, f"processed/_rejects/orders/month={MONTH}/"), [f"processed/_rejects/orders/month={MONTH}/batch={BATCH}/part-0.parquet"])
        self.assertEqual(keys(self.lake, "processed/_rejects/products/"), [])
        # Log lines on stdout: "<UTC ISO time> <LEVEL> <message>", as the portal's log reader parses them.
        self.assertRegex(out, r"(?m)^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO job1 started: batch t1 of 2025-11")
        self.assertRegex(out, r"(?m)^\S+ INFO orders: 5 rows in, 2 out, 3 rejected \(1 duplicates\) from orders\.csv$")
        self.assertRegex(out, r"(?m)^\S+ WARNING reviews: unknown columns ignored: extra$")
        self.assertIn("INFO job1 succeeded", out)
        # The plan's SQL ran, with the file's path filled in: no placeholder left.
        sent = "\n".join(duckdb.statements)
        self.assertNotRegex(sent, r"\{\{\w+\}\}")
        self.assertIn("CREATE OR REPLACE TEMP TABLE typed_orders AS", sent)
        self.assertIn("CREATE OR REPLACE TEMP TABLE dups_order_items AS", sent)
        self.assertIn("SET TimeZone = 'UTC'", sent)

    def test_job1_rejects_carry_physical_line_numbers_and_raw_values(self):
        run("job1", self.lake, self.manifest_key)
        con = duckdb.connect()
        path = self.lake / runner.rejects_batch_prefix("orders", MONTH, BATCH) / "part-0.parquet"
        rows = con.execute(f"SELECT line, \"column\", rule, raw FROM read_parquet('{path}') ORDER BY line").fetchall()
        con.close()
        self.assertEqual([(r[0], r[1], r[2]) for r in rows], [(3, "order_id", "duplicate"), (5, "order_ts", "month"), (6, "total", "decimal")])
        self.assertIn('"total":"12,5"', rows[2][3])

    def test_job1_reads_an_excel_sep_line_and_names_real_lines(self):
        # As Excel writes it: a BOM, sep=; and CRLF; a quoted line break, a bad value, a line with a field too many.
        lake = Path(self.tmp.name) / "excel"
        text = "\ufeffsep=;\r\nproduct_id;name;category;price\r\np1;\"Lamp\r\ntwo\";Home;40\r\np2;Mug;Kitchen;-1\r\np3;x;y;1;extra\r\np4;Cup;Kitchen;2\r\np5;ok;Cat;abc\r\n"
        key = make_lake(lake, {"products": text})
        p = plan(lake, key)
        self.assertEqual((p["tables"][0]["delimiter"], p["tables"][0]["skipLines"], p["tables"][0]["header"][0]), (";", 1, "product_id"))
        code, _ = run("job1", lake, key)
        self.assertEqual(code, 0)
        [products] = report(lake, "job1")["tables"]
        self.assertEqual((products["status"], products["rowsIn"], products["rowsOut"], products["rejected"]), ("ok", 5, 2, 3), products)
        con = duckdb.connect()
        rejects = lake / runner.rejects_batch_prefix("products", MONTH, BATCH) / "part-0.parquet"
        bad = con.execute(f"SELECT file, line, \"column\", rule FROM read_parquet('{rejects}') ORDER BY line").fetchall()
        con.close()
        self.assertEqual(bad, [("products.csv", 5, "price", "range"), ("products.csv", 6, "", "csv"), ("products.csv", 8, "price", "decimal")])

    def test_job1_reads_a_foreign_file_through_its_profile(self):
        lake = Path(self.tmp.name) / "foreign"
        key = make_lake(lake, {"orders": foreign_orders()}, profile=FOREIGN_PROFILE)
        p = plan(lake, key)
        self.assertEqual((p["tables"][0]["encoding"], p["tables"][0]["delimiter"]), ("windows-1252", ";"))
        code, _ = run("job1", lake, key)
        self.assertEqual(code, 0)
        [orders] = report(lake, "job1")["tables"]
        self.assertEqual((orders["status"], orders["rowsIn"], orders["rowsOut"], orders["rejected"]), ("ok", 4, 2, 2), orders)
        con = duckdb.connect()
        clean = lake / runner.staged_prefix(MONTH, RUN, "processed", "orders") / "part-0.parquet"
        rows = con.execute(f"SELECT order_id, status, currency, country, CAST(total AS VARCHAR), strftime(order_ts AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S') FROM read_parquet('{clean}') ORDER BY order_id").fetchall()
        rejects = lake / runner.rejects_batch_prefix("orders", MONTH, BATCH) / "part-0.parquet"
        bad = con.execute(f"SELECT line, \"column\", rule, raw FROM read_parquet('{rejects}') ORDER BY line").fetchall()
        con.close()
        # 1.234,50 is 1234.50; DMY in São Paulo time (UTC-3); words and defaults from the profile.
        self.assertEqual(rows, [("o1", "delivered", "BRL", "BR", "1234.50", f"{MONTH}-03 12:04:00"), ("o2", "paid", "BRL", "BR", "21.60", f"{MONTH}-04 23:03:10")])
        # Rejects name the source's columns and carry its text, decoded as windows-1252.
        self.assertEqual([(b[0], b[1], b[2]) for b in bad], [(4, "Data", "timestamp"), (5, "Situação", "enum")])
        self.assertIn('"Observação":"Ž\u0081"', bad[1][3])

    def test_utf8_text_line_finds_utf8_under_a_single_byte_profile_across_reads(self):
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "f.csv"
            ascii_rows = b"c1,x,BR,Recife\n" * 100_000  # 1.5 MB: the accent comes in a later read
            cases = {
                b"h\n" + ascii_rows + "São €\n".encode("utf-8"): 100_002,
                b"h\n" + ascii_rows + "São €\n".encode("cp1252"): None,  # real Windows-1252 text
                b"h\r\nx\ry\r" + "ã".encode("utf-8"): 4,  # CRLF and bare CR lines
                b"h\n" + ascii_rows: None,  # ASCII reads the same either way
            }
            for data, line in cases.items():
                p.write_bytes(data)
                self.assertEqual(runner.utf8_text_line(p), line, data[-12:])
            # "ã" cut by the 1 MiB read is still one UTF-8 character.
            p.write_bytes(b"h\n" + b"a" * ((1 << 20) - 3) + "ã\n".encode("utf-8"))
            self.assertEqual(runner.utf8_text_line(p), 2)

    def test_job1_a_utf8_file_under_a_windows_1252_profile_fails_at_its_first_accent_past_the_sample(self):
        lake = Path(self.tmp.name) / "late-utf8"
        rows = [[f"c{i}", "2025-11-01T00:00:00Z", "BR", "Recife"] for i in range(3000)] + [["c9", "2025-11-01T00:00:00Z", "BR", "São Paulo"]]
        files = {"orders": month_files()["orders"], "customers": csv_text(["customer_id", "signup_ts", "country", "city"], rows)}
        key = make_lake(lake, files, profile={"encoding": "windows-1252"})
        plan(lake, key)
        code, _ = run("job1", lake, key)
        self.assertEqual(code, 0)
        r = {t["table"]: t for t in report(lake, "job1")["tables"]}
        self.assertEqual(r["orders"]["status"], "ok")  # ASCII: the same in either encoding
        customers = r["customers"]
        self.assertEqual(customers["status"], "failed")
        self.assertEqual(customers["error"], 'customers.csv, line 3002: the file is UTF-8 text, but its profile reads it as WINDOWS-1252: its accents would be garbled ("São" read as "SÃ£o"). Set the profile\'s encoding to utf-8, or send the file without the profile (rule: encoding)')

    def test_job1_writes_an_empty_partition_for_a_table_without_clean_rows(self):
        files = month_files()
        files["reviews"] = csv_text(["review_id", "order_id", "product_id", "customer_id", "rating", "review_ts"], [["r1", "o1", "p1", "c1", 9, f"{MONTH}-10T10:00:00Z"]])
        manifest_key = make_lake(self.lake, files)
        plan(self.lake, manifest_key)
        run("job1", self.lake, manifest_key)
        r = {t["table"]: t for t in report(self.lake, "job1")["tables"]}
        self.assertEqual((r["reviews"]["rowsOut"], r["reviews"]["rejected"]), (0, 1))
        [part] = self.staged("processed", "reviews")
        con = duckdb.connect()
        self.assertEqual(con.execute(f"SELECT count(*) FROM read_parquet('{self.lake / part}')").fetchall(), [(0,)])
        con.close()

    def test_job1_a_table_the_plan_cannot_read_fails_alone(self):
        files = month_files()
        files["products"] = csv_text(["product_id", "name", "category", "cost"], [["p1", "Lamp", "Home", "1"]])
        manifest_key = make_lake(self.lake, files)
        plan(self.lake, manifest_key)
        code, out = run("job1", self.lake, manifest_key)
        self.assertEqual(code, 0)
        r = {t["table"]: t for t in report(self.lake, "job1")["tables"]}
        self.assertEqual(r["products"]["status"], "failed")
        self.assertEqual(r["products"]["error"], "products.csv, line 1: missing required column price (rule: required column)")
        self.assertEqual(r["orders"]["status"], "ok")
        self.assertRegex(out, r"(?m)^\S+ ERROR products: products\.csv, line 1: missing required column price")

    def test_job1_fails_when_no_table_can_be_processed(self):
        manifest_key = make_lake(self.lake, {"orders": "", "events": "\x00\x01binary"})
        plan(self.lake, manifest_key)
        with self.assertRaises(runner.JobError) as cm:
            run("job1", self.lake, manifest_key)
        self.assertIn("no table could be processed", str(cm.exception))
        self.assertIn("the file is empty", str(cm.exception))
        self.assertIn("ERROR job1 failed", cm.exception.log)  # type: ignore[attr-defined]
        # The report is written before the job fails, so the run summary can show why.
        self.assertEqual([t["status"] for t in report(self.lake, "job1")["tables"]], ["failed", "failed"])

    def test_job1_needs_the_plan_of_its_own_batch(self):
        (self.lake / runner.report_key(RUN, "plan")).unlink()
        with self.assertRaisesRegex(runner.JobError, "plan.json is missing: ValidateBatch writes"):
            run("job1", self.lake, self.manifest_key)
        other = Path(self.tmp.name) / "other"
        plan(other, make_lake(other, month_files(), batch="t2"), run_name=RUN)
        shutil.copy(other / runner.report_key(RUN, "plan"), self.lake / runner.report_key(RUN, "plan"))
        with self.assertRaisesRegex(runner.JobError, "plans batch t2 of 2025-11, not t1"):
            run("job1", self.lake, self.manifest_key)

    def test_the_engine_is_the_one_the_tests_run(self):
        self.assertEqual(duckdb.__version__, ENGINE)
        self.assertEqual(runner.check_engine(ENGINE), ENGINE)
        args = ["--job", "job1", "--lake_dir", str(self.lake), "--sql_dir", str(SQL_DIR), "--contract", str(CONTRACT), "--manifest_key", self.manifest_key, "--duckdb_version", "1.1.3"]
        with contextlib.redirect_stdout(io.StringIO()) as out, self.assertRaisesRegex(runner.JobError, f"DuckDB {ENGINE} is installed, 1.1.3 is required"):
            runner.main(args)
        self.assertIn("job1 failed", out.getvalue())

    def test_duckdb_gets_the_threads_and_memory_it_is_given(self):
        saved = dict(runner.DUCK_SETTINGS)
        try:
            run("job1", self.lake, self.manifest_key)
            self.assertEqual(runner.DUCK_SETTINGS, {"threads": 2, "memory_limit": "1GB"})
            runner.DUCK_SETTINGS.update(threads=3, memory_limit="1500MB")
            d = runner.Duck("UTC")
            try:
                rows = d.all("SELECT current_setting('threads') AS t, current_setting('memory_limit') AS m")
            finally:
                d.close()
            self.assertEqual(int(rows[0]["t"]), 3)
            self.assertRegex(rows[0]["m"], r"^1\.[34]\d* GiB$")
        finally:
            runner.DUCK_SETTINGS.clear()
            runner.DUCK_SETTINGS.update(saved)

    def test_job1_refuses_a_manifest_of_another_batch(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out), self.assertRaises(runner.JobError):
            runner.main(["--job", "job1", "--lake_dir", str(self.lake), "--sql_dir", str(SQL_DIR), "--contract", str(CONTRACT), "--manifest_key", self.manifest_key, "--batch_id", "other"])

    def test_a_retry_execution_reports_and_stages_under_the_run_it_continues(self):
        run("job1", self.lake, self.manifest_key)
        code, out = run("job2", self.lake, self.manifest_key, execution=f"{RUN}-r2", run_name=RUN)
        self.assertEqual(code, 0)
        self.assertIn("orphans", report(self.lake, "job2"))
        self.assertEqual(keys(self.lake, f"processed/_reports/{RUN}-r2/"), [])
        self.assertEqual(keys(self.lake, f"staging/{MONTH}/{RUN}-r2/"), [])
        self.assertTrue(self.staged("curated", "mart_kpis"))
        self.assertRegex(out, rf"INFO job2 started: .* execution {RUN}-r2 of run {RUN}")

    def test_job2_stages_curated_and_reports_the_gate_figures(self):
        run("job1", self.lake, self.manifest_key)
        code, out = run("job2", self.lake, self.manifest_key)
        self.assertEqual(code, 0)
        contract = json.loads(CONTRACT.read_text())
        r2 = report(self.lake, "job2")
        self.assertEqual([t["table"] for t in r2["tables"]], contract["curatedTables"])
        rows = {t["table"]: t["rows"] for t in r2["tables"]}
        self.assertEqual((rows["fact_orders_enriched"], rows["mart_kpis"]), (2, 1))
        for table in contract["curatedTables"]:
            self.assertEqual(self.staged("curated", table), [runner.staged_prefix(MONTH, RUN, "curated", table) + "part-0.parquet"], table)
        self.assertEqual(keys(self.lake, "curated/"), [])
        # o1 paid and o2 delivered are recognised; no month was published before this one.
        self.assertEqual(r2["figures"], {"month": MONTH, "orders": 2, "sessions": 2, "hasSessions": True, "previous": None})
        self.assertIn("INFO fact_orders_enriched: 2 rows", out)

    def test_job2_writes_events_enriched_in_passes_with_the_same_rows(self):
        run("job1", self.lake, self.manifest_key)
        run("job2", self.lake, self.manifest_key)
        one = {t["table"]: t["rows"] for t in report(self.lake, "job2")["tables"]}["events_enriched"]
        prefix = runner.staged_prefix(MONTH, RUN, "curated", "events_enriched")
        d = runner.Duck("UTC")
        try:
            before = d.all(f"SELECT * FROM read_parquet('{self.lake}/{prefix}*.parquet') ORDER BY event_id")
            with mock.patch.object(runner, "events_write_passes", return_value=3):
                code, out = run("job2", self.lake, self.manifest_key)
            self.assertEqual(code, 0)
            self.assertIn("events_enriched is written in 3 passes", out)
            self.assertEqual(self.staged("curated", "events_enriched"), [f"{prefix}part-{k}.parquet" for k in range(3)])
            self.assertEqual({t["table"]: t["rows"] for t in report(self.lake, "job2")["tables"]}["events_enriched"], one)
            self.assertGreater(one, 0)
            self.assertEqual(d.all(f"SELECT * FROM read_parquet('{self.lake}/{prefix}*.parquet') ORDER BY event_id"), before)
        finally:
            d.close()

    def publish(self, manifest_key, db, month=MONTH, batch=BATCH, run_name=RUN):
        for job in ("job1", "job2"):
            run(job, self.lake, manifest_key, month=month, batch=batch, execution=run_name)
        return run("job3", self.lake, manifest_key, loader_factory=lambda: FakeLoader(db), month=month, batch=batch, execution=run_name)

    def test_job2_reads_this_runs_staged_tables_over_the_published_ones_and_the_previous_month(self):
        db = FakeDb()
        self.publish(self.manifest_key, db)
        # December: a batch of orders only; its other tables are those published (none for December).
        dec = "2025-12"
        files = {"orders": month_files(dec)["orders"], "order_items": month_files(dec)["order_items"]}
        key = make_lake(self.lake, files, month=dec, batch="t3")
        plan(self.lake, key, "batch-t3")
        for job in ("job1", "job2"):
            run(job, self.lake, key, month=dec, batch="t3", execution="batch-t3")
        r2 = report(self.lake, "job2", "batch-t3")
        self.assertEqual(r2["figures"], {"month": dec, "orders": 2, "sessions": 0, "hasSessions": False, "previous": {"month": MONTH, "orders": 2, "sessions": 2}})
        con = duckdb.connect()
        # The November products (published) enrich December's lines.
        items = self.lake / runner.staged_prefix(dec, "batch-t3", "curated", "fact_order_items_enriched") / "part-0.parquet"
        self.assertEqual(con.execute(f"SELECT count(*) FROM read_parquet('{items}') WHERE category IS NOT NULL").fetchall(), [(2,)])
        con.close()

    def test_job3_publishes_database_then_lake_and_removes_the_staging(self):
        run("job1", self.lake, self.manifest_key)
        run("job2", self.lake, self.manifest_key)
        db = FakeDb()
        loader = FakeLoader(db)
        code, out = run("job3", self.lake, self.manifest_key, loader_factory=lambda: loader)
        self.assertEqual(code, 0)
        contract = json.loads(CONTRACT.read_text())
        ddl = [c[1] for c in loader.calls if c[0] == "execute" and c[1].startswith(("CREATE", "ALTER"))]
        self.assertIn("CREATE SCHEMA IF NOT EXISTS analytics", ddl)
        self.assertTrue(any(s.startswith("CREATE TABLE IF NOT EXISTS analytics.published_month") for s in ddl), ddl)
        seq = [c[1] if c[0] == "execute" else f"COPY {c[1]}" for c in loader.calls if c[0] != "query" and not (c[0] == "execute" and c[1].startswith(("CREATE", "ALTER")))]
        expected = ["BEGIN"]
        for t in contract["loadedTables"]:
            expected += [f'DELETE FROM analytics."{t}" WHERE month = $1', f"COPY analytics.{t}"]
        self.assertEqual(seq, expected + [runner.PUBLISHED_UPSERT, "COMMIT"])
        self.assertEqual([c[2] for c in loader.calls if c[0] == "execute" and c[1] == runner.PUBLISHED_UPSERT], [[MONTH, RUN, BATCH]])
        self.assertEqual(db.published, {MONTH: RUN})
        copies = {c[1]: c for c in loader.calls if c[0] == "copy"}
        self.assertIn("month", copies["analytics.fact_orders_enriched"][2])
        self.assertEqual(copies["analytics.mart_kpis"][3].split(","), copies["analytics.mart_kpis"][2])
        self.assertTrue(loader.closed)
        self.assertEqual({t["table"]: t["rows"] for t in report(self.lake, "job3")["tables"]}["fact_orders_enriched"], 2)
        # The lake: every staged partition published, the staging gone.
        for table in month_files():
            self.assertEqual(keys(self.lake, f"processed/{table}/"), [f"processed/{table}/month={MONTH}/part-0.parquet"])
        for table in contract["curatedTables"]:
            self.assertEqual(keys(self.lake, f"curated/{table}/"), [f"curated/{table}/month={MONTH}/part-0.parquet"])
        self.assertEqual(keys(self.lake, "staging/"), [])
        self.assertIn("INFO analytics.fact_orders_enriched: 2 rows loaded for 2025-11", out)
        self.assertIn(f"INFO published {MONTH} from run {RUN}: 17 partitions", out)

        # Run again (a crash after the publish, before the step was recorded): nothing to do.
        again = FakeLoader(db)
        code, out = run("job3", self.lake, self.manifest_key, loader_factory=lambda: again)
        self.assertEqual(code, 0)
        self.assertEqual([c[0] for c in again.calls], ["query"])
        self.assertEqual(report(self.lake, "job3")["tables"], [])
        self.assertIn(f"INFO {MONTH} is already published from run {RUN}; nothing left to do", out)
        # Another run of the month whose staging is gone has nothing to publish.
        with self.assertRaisesRegex(runner.JobError, "staged curated fact_orders_enriched for 2025-11 of run batch-other is missing: job 2 must run first"):
            run("job3", self.lake, self.manifest_key, loader_factory=lambda: FakeLoader(db), execution="batch-other")

    def test_job3_finishes_a_publish_a_crash_interrupted(self):
        run("job1", self.lake, self.manifest_key)
        run("job2", self.lake, self.manifest_key)
        # The database committed and half the lake was published when the job died.
        db = FakeDb()
        db.published[MONTH] = RUN
        staged = runner.staged_prefix(MONTH, RUN, "curated", "mart_kpis")
        lake = runner.DirLake(str(self.lake))
        runner.publish_staged(lake, staged, f"curated/mart_kpis/month={MONTH}/")
        code, _ = run("job3", self.lake, self.manifest_key, loader_factory=lambda: FakeLoader(db))
        self.assertEqual(code, 0)
        self.assertEqual(keys(self.lake, "staging/"), [])
        self.assertEqual(len(keys(self.lake, "curated/")), len(json.loads(CONTRACT.read_text())["curatedTables"]))

    def test_job3_rolls_back_when_a_load_fails_and_publishes_nothing(self):
        run("job1", self.lake, self.manifest_key)
        run("job2", self.lake, self.manifest_key)
        db = FakeDb()
        loader = FakeLoader(db, fail_on_copy="mart_kpis")
        with self.assertRaises(RuntimeError):
            run("job3", self.lake, self.manifest_key, loader_factory=lambda: loader)
        statements = [c[1] for c in loader.calls if c[0] == "execute"]
        self.assertEqual(statements[-1], "ROLLBACK")
        self.assertNotIn("COMMIT", statements)
        self.assertTrue(loader.closed)
        self.assertEqual(db.published, {})
        self.assertEqual(keys(self.lake, "curated/"), [])
        self.assertTrue(self.staged("curated", "mart_kpis"))

    def test_job3_needs_job2_first(self):
        run("job1", self.lake, self.manifest_key)
        with self.assertRaises(runner.JobError) as cm:
            run("job3", self.lake, self.manifest_key, loader_factory=FakeLoader)
        self.assertIn("job 2 must run first", str(cm.exception))


if __name__ == "__main__":
    unittest.main()
