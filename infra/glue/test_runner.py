"""Tests of the Glue runner. Run: python3 -m unittest discover -s infra/glue -p 'test_*.py'

The real duckdb module cannot be installed here; standin/duckdb.py takes its place and runs the SQL
on the real DuckDB through this repository's Node binding (those tests are skipped without node).
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
import unittest
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
MONTH = "2025-11"
BATCH = "t1"


def csv_text(header, rows, eol="\n"):
    def cell(v):
        s = str(v)
        return '"' + s.replace('"', '""') + '"' if any(c in s for c in ',"\r\n') else s

    return eol.join([",".join(header)] + [",".join(cell(v) for v in r) for r in rows]) + eol


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


def make_lake(root: Path, files: dict, month=MONTH, batch=BATCH) -> str:
    entries = []
    for table, text in files.items():
        key = f"raw/{table}/month={month}/batch={batch}/{table}.csv"
        p = root / key
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(text.encode("utf-8"))
        entries.append({"table": table, "key": key, "fileName": f"{table}.csv", "size": p.stat().st_size})
    manifest_key = f"raw/_manifests/month={month}/batch={batch}.json"
    manifest = {"version": 1, "batchId": batch, "month": month, "createdAt": "2025-12-01T08:00:00.000Z", "createdBy": None, "businessTimeZone": "UTC", "files": entries}
    (root / manifest_key).parent.mkdir(parents=True, exist_ok=True)
    (root / manifest_key).write_text(json.dumps(manifest), encoding="utf-8")
    return manifest_key


def run(job: str, lake: Path, manifest_key: str, loader_factory=None, execution=f"batch-{BATCH}", run_name=None):
    out = io.StringIO()
    args = ["--job", job, "--lake_dir", str(lake), "--sql_dir", str(SQL_DIR), "--contract", str(CONTRACT), "--manifest_key", manifest_key,
            "--execution_name", execution, "--month", MONTH, "--batch_id", BATCH, "--duckdb_version", ENGINE, "--duckdb_threads", "2", "--duckdb_memory_limit", "1GB",
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


def report(lake: Path, job: str, execution=f"batch-{BATCH}") -> dict:
    return json.loads((lake / runner.report_key(execution, job)).read_text(encoding="utf-8"))


def keys(lake: Path, prefix: str):
    return [k for k, _ in runner.DirLake(str(lake)).list(prefix)]


class FakeLoader:
    """Records what job 3 sends to PostgreSQL."""

    def __init__(self, fail_on_copy=None):
        self.calls = []
        self.fail_on_copy = fail_on_copy
        self.closed = False

    def execute(self, sql, params=None):
        self.calls.append(("execute", sql, params))

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

    def test_first_record(self):
        self.assertEqual(runner.first_record('a,"b,""c""",d\r\nx'), ["a", 'b,"c"', "d"])
        self.assertEqual(runner.first_record("a,b"), ["a", "b"])
        self.assertIsNone(runner.first_record('a,"b'))

    def test_sniff(self):
        self.assertEqual(runner.sniff_csv_bytes(b"\xef\xbb\xbfid,x\n1,2\n"), {"ok": True, "header": ["id", "x"], "hasBom": True})
        self.assertEqual(runner.sniff_csv_bytes(b" \r\n\t")["rule"], "empty")
        self.assertEqual(runner.sniff_csv_bytes(b"PK\x03\x04\x00\x00")["rule"], "binary")
        self.assertEqual(runner.sniff_csv_bytes(b"id,caf\xe9\n")["rule"], "encoding")
        self.assertEqual(runner.sniff_csv_bytes(b'"unterminated\n')["rule"], "header")
        # A multi-byte character cut by the sample size is not an encoding error.
        self.assertTrue(runner.sniff_csv_bytes("id,café".encode("utf-8")[:-1])["ok"])

    def test_map_header(self):
        spec = json.loads(CONTRACT.read_text())["tables"]["reviews"]
        m = runner.map_header(spec, ["\ufeffReview_ID", " RATING ", "review_ts", "extra", ""])
        self.assertEqual(m["indexOf"], {"review_id": 0, "rating": 1, "review_ts": 2})
        self.assertEqual(m["missingRequired"], [])
        self.assertIn("comment", m["missingOptional"])
        self.assertEqual(m["unknown"], ["extra"])
        self.assertEqual(runner.map_header(spec, ["review_id"])["missingRequired"], ["rating", "review_ts"])

    def test_record_start_lines_follows_quoted_line_breaks_and_crlf(self):
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "f.csv"
            p.write_bytes(b'h1,h2\r\na,"multi\r\nline"\r\nb,c\r\n\r\nd,e')
            self.assertEqual(runner.record_start_lines(p), [2, 4, 6])

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

    def test_s3_lake_pages_and_types(self):
        class Paginator:
            def paginate(self, **kw):
                yield {"Contents": [{"Key": "curated/b", "Size": 2}]}
                yield {"Contents": [{"Key": "curated/a", "Size": 1}]}
                yield {}

        class Client:
            def __init__(self):
                self.uploads = []

            def get_paginator(self, name):
                assert name == "list_objects_v2"
                return Paginator()

            def upload_file(self, path, bucket, key, ExtraArgs=None):  # noqa: N803 (boto3 API)
                self.uploads.append((bucket, key, ExtraArgs))

        c = Client()
        lake = runner.S3Lake("lake", client=c)
        self.assertEqual(lake.list("curated/"), [("curated/a", 1), ("curated/b", 2)])
        lake.upload(Path("/tmp/x.parquet"), "curated/t/month=2025-11/part-0.parquet")
        self.assertEqual(c.uploads, [("lake", "curated/t/month=2025-11/part-0.parquet", {"ContentType": "application/vnd.apache.parquet"})])

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

    def test_unknown_job_is_a_usage_error(self):
        with contextlib.redirect_stdout(io.StringIO()) as out:
            self.assertEqual(runner.main(["--job", "job9"]), 2)
        self.assertIn("ERROR --job must be job1, job2 or job3", out.getvalue())


# --------------------------------------------------------------------------- the jobs on DuckDB


@unittest.skipUnless(duckdb.available(), "node is needed for the DuckDB stand-in")
class JobTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.lake = Path(self.tmp.name) / "lake"
        self.manifest_key = make_lake(self.lake, month_files())

    def tearDown(self):
        self.tmp.cleanup()

    def test_job1_types_cleans_quarantines_and_logs(self):
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
            self.assertEqual(keys(self.lake, f"processed/{table}/month={MONTH}/"), [f"processed/{table}/month={MONTH}/part-0.parquet"])
        self.assertEqual(keys(self.lake, f"processed/_rejects/orders/month={MONTH}/"), [f"processed/_rejects/orders/month={MONTH}/part-0.parquet"])
        self.assertEqual(keys(self.lake, "processed/_rejects/products/"), [])
        # Log lines on stdout: "<UTC ISO time> <LEVEL> <message>", as the portal's log reader parses them.
        self.assertRegex(out, r"(?m)^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO job1 started: batch t1 of 2025-11")
        self.assertRegex(out, r"(?m)^\S+ INFO orders: 5 rows in, 2 out, 3 rejected \(1 duplicates\) from orders\.csv$")
        self.assertRegex(out, r"(?m)^\S+ WARNING reviews: unknown columns ignored: extra$")
        self.assertIn("INFO job1 succeeded", out)
        # The same SQL files ran: no placeholder left, every job 1 file used.
        sent = "\n".join(duckdb.statements)
        self.assertNotRegex(sent, r"\{\{\w+\}\}")
        self.assertIn("CREATE OR REPLACE TEMP TABLE typed_orders AS", sent)
        self.assertIn("CREATE OR REPLACE TEMP TABLE dups_order_items AS", sent)
        self.assertIn("SET TimeZone = 'UTC'", sent)

    def test_job1_rejects_carry_physical_line_numbers_and_raw_values(self):
        run("job1", self.lake, self.manifest_key)
        con = duckdb.connect()
        path = self.lake / f"processed/_rejects/orders/month={MONTH}/part-0.parquet"
        rows = con.execute(f"SELECT line, \"column\", rule, raw FROM read_parquet('{path}') ORDER BY line").fetchall()
        con.close()
        self.assertEqual([(r[0], r[1], r[2]) for r in rows], [(3, "order_id", "duplicate"), (5, "order_ts", "month"), (6, "total", "decimal")])
        self.assertIn('"total":"12,5"', rows[2][3])

    def test_job1_a_table_missing_a_required_column_fails_alone(self):
        files = month_files()
        files["products"] = csv_text(["product_id", "name", "price", "cost"], [["p1", "Lamp", "1", "1"]])
        manifest_key = make_lake(self.lake, files)
        code, out = run("job1", self.lake, manifest_key)
        self.assertEqual(code, 0)
        r = {t["table"]: t for t in report(self.lake, "job1")["tables"]}
        self.assertEqual(r["products"]["status"], "failed")
        self.assertEqual(r["products"]["error"], "products.csv, line 1: missing required column category (rule: required column)")
        self.assertEqual(r["orders"]["status"], "ok")
        self.assertRegex(out, r"(?m)^\S+ ERROR products: products\.csv, line 1: missing required column category")

    def test_job1_fails_when_no_table_can_be_processed(self):
        manifest_key = make_lake(self.lake, {"orders": "", "events": "\x00\x01binary"})
        with self.assertRaises(runner.JobError) as cm:
            run("job1", self.lake, manifest_key)
        self.assertIn("no table could be processed", str(cm.exception))
        self.assertIn("the file is empty", str(cm.exception))
        self.assertIn("ERROR job1 failed", cm.exception.log)  # type: ignore[attr-defined]
        # The report is written before the job fails, so the run summary can show why.
        self.assertEqual([t["status"] for t in report(self.lake, "job1")["tables"]], ["failed", "failed"])

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

    def test_a_retry_execution_reports_under_the_run_it_continues(self):
        run("job1", self.lake, self.manifest_key)
        code, out = run("job2", self.lake, self.manifest_key, execution=f"batch-{BATCH}-r2", run_name=f"batch-{BATCH}")
        self.assertEqual(code, 0)
        self.assertIn("orphans", report(self.lake, "job2"))
        self.assertEqual(keys(self.lake, f"processed/_reports/batch-{BATCH}-r2/"), [])
        self.assertRegex(out, rf"INFO job2 started: .* execution batch-{BATCH}-r2 of run batch-{BATCH}")

    def test_job2_then_job3(self):
        run("job1", self.lake, self.manifest_key)
        code, out = run("job2", self.lake, self.manifest_key)
        self.assertEqual(code, 0)
        contract = json.loads(CONTRACT.read_text())
        r2 = report(self.lake, "job2")
        self.assertEqual([t["table"] for t in r2["tables"]], contract["curatedTables"])
        rows = {t["table"]: t["rows"] for t in r2["tables"]}
        self.assertEqual(rows["fact_orders_enriched"], 2)
        self.assertEqual(rows["mart_kpis"], 1)
        for table in contract["curatedTables"]:
            self.assertEqual(keys(self.lake, f"curated/{table}/month={MONTH}/"), [f"curated/{table}/month={MONTH}/part-0.parquet"], table)
        self.assertIn("INFO fact_orders_enriched: 2 rows", out)

        loader = FakeLoader()
        code, out = run("job3", self.lake, self.manifest_key, loader_factory=lambda: loader)
        self.assertEqual(code, 0)
        ddl = [c[1] for c in loader.calls if c[0] == "execute" and c[1].startswith(("CREATE", "ALTER"))]
        self.assertIn("CREATE SCHEMA IF NOT EXISTS analytics", ddl)
        self.assertIn("ALTER TABLE analytics.mart_kpis ADD COLUMN IF NOT EXISTS has_sessions boolean", ddl)
        seq = [c[1] if c[0] == "execute" else f"COPY {c[1]}" for c in loader.calls if not (c[0] == "execute" and c[1].startswith(("CREATE", "ALTER")))]
        expected = ["BEGIN"]
        for t in contract["loadedTables"]:
            expected += [f'DELETE FROM analytics."{t}" WHERE month = $1', f"COPY analytics.{t}"]
        self.assertEqual(seq, expected + ["COMMIT"])
        self.assertTrue(all(c[2] == [MONTH] for c in loader.calls if c[0] == "execute" and c[1].startswith("DELETE")))
        copies = {c[1]: c for c in loader.calls if c[0] == "copy"}
        self.assertIn("month", copies["analytics.fact_orders_enriched"][2])
        self.assertEqual(copies["analytics.mart_kpis"][3].split(","), copies["analytics.mart_kpis"][2])
        self.assertTrue(loader.closed)
        self.assertEqual({t["table"]: t["rows"] for t in report(self.lake, "job3")["tables"]}["fact_orders_enriched"], 2)
        self.assertIn("INFO analytics.fact_orders_enriched: 2 rows loaded for 2025-11", out)

    def test_job3_rolls_back_when_a_load_fails(self):
        run("job1", self.lake, self.manifest_key)
        run("job2", self.lake, self.manifest_key)
        loader = FakeLoader(fail_on_copy="mart_kpis")
        with self.assertRaises(RuntimeError):
            run("job3", self.lake, self.manifest_key, loader_factory=lambda: loader)
        statements = [c[1] for c in loader.calls if c[0] == "execute"]
        self.assertEqual(statements[-1], "ROLLBACK")
        self.assertNotIn("COMMIT", statements)
        self.assertTrue(loader.closed)

    def test_job3_needs_job2_first(self):
        run("job1", self.lake, self.manifest_key)
        with self.assertRaises(runner.JobError) as cm:
            run("job3", self.lake, self.manifest_key, loader_factory=FakeLoader)
        self.assertIn("job 2 must run first", str(cm.exception))


if __name__ == "__main__":
    unittest.main()
