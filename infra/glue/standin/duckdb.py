"""A stand-in for the `duckdb` Python module (which cannot be installed here) for the runner's tests.

It implements the part of the API the runner uses (connect, execute, description, fetchall, close,
Error) and runs every statement on the real DuckDB through the Node binding of this repository
(duckdb_bridge.mjs), so the job SQL really executes. Values come back typed as the Python module
returns them: integers, Decimal, float, bool, str, None; dates and timestamps as ISO text.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from decimal import Decimal

_version = None


def __getattr__(name):
    """`duckdb.__version__`: the version of the engine behind the bridge (asked once, on first use)."""
    global _version
    if name == "__version__":
        if _version is None:
            _version = subprocess.run(["node", BRIDGE, "--version"], capture_output=True, text=True, check=True, cwd=os.path.dirname(BRIDGE)).stdout.strip()
        return _version
    raise AttributeError(name)

BRIDGE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "duckdb_bridge.mjs")
INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"}
FLOAT_TYPES = {"FLOAT", "DOUBLE"}

# Every statement the runner sent, for assertions.
statements: list = []


class Error(Exception):
    pass


def available() -> bool:
    return shutil.which("node") is not None


def _convert(value, type_name: str):
    if value is None:
        return None
    t = type_name.upper()
    if t in INTEGER_TYPES:
        return int(value)
    if t in FLOAT_TYPES:
        return float(value)
    if t.startswith("DECIMAL"):
        return Decimal(str(value))
    return value


class DuckDBPyConnection:
    def __init__(self, config: dict):
        self._proc = subprocess.Popen(
            ["node", BRIDGE], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1, cwd=os.path.dirname(BRIDGE)
        )
        self._rows: list = []
        self.description = None
        self._call({"op": "open", "config": config})

    def _call(self, req: dict) -> dict:
        self._proc.stdin.write(json.dumps(req) + "\n")
        self._proc.stdin.flush()
        line = self._proc.stdout.readline()
        if not line:
            raise Error("the DuckDB bridge stopped")
        res = json.loads(line)
        if not res.get("ok"):
            raise Error(res.get("error", "unknown error"))
        return res

    def execute(self, sql: str, parameters=None):
        if parameters:
            raise NotImplementedError("the stand-in takes no prepared parameters")
        statements.append(sql)
        res = self._call({"op": "execute", "sql": sql})
        types = res["types"]
        self.description = [(name, t, None, None, None, None, None) for name, t in zip(res["columns"], types)]
        self._rows = [tuple(_convert(v, types[i]) for i, v in enumerate(row)) for row in res["rows"]]
        return self

    def fetchall(self):
        rows, self._rows = self._rows, []
        return rows

    def close(self):
        if self._proc.poll() is None:
            try:
                self._call({"op": "close"})
            except Error:
                pass
            self._proc.stdin.close()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._proc.stdout.close()


def connect(database: str = ":memory:", read_only: bool = False, config: dict | None = None) -> DuckDBPyConnection:
    if database != ":memory:":
        raise NotImplementedError("the stand-in opens in-memory databases only")
    return DuckDBPyConnection(config or {})
