"""The benchmark's instrumented WSGI app: doorstroom.wsgi with the time of every SQL statement
summed by kind (reads; the audit insert; the session update; on SQLite BEGIN IMMEDIATE, which
waits for the one write lock; COMMIT), per worker process. Used only for bench_cases.py's "where the time
goes" run, never for the figures of the load test itself.

    gunicorn -c python:doorstroom.operations.gunicorn_config --pythonpath bench timed_wsgi:application

Each worker writes its totals to $BENCH_TIMINGS_DIR/<pid>.json every 100 requests and at exit.
"""

from __future__ import annotations

import atexit
import json
import os
import threading
import time
from pathlib import Path

from django.db import connections

from doorstroom.wsgi import application as django_application

OUT = Path(os.environ.get("BENCH_TIMINGS_DIR", "/tmp"))
_lock = threading.Lock()
totals = {"requests": 0, "request_s": 0.0, "read_s": 0.0, "reads": 0, "audit_s": 0.0,
          "audits": 0, "session_s": 0.0, "sessions": 0, "other_write_s": 0.0,
          "other_writes": 0, "begin_s": 0.0, "begins": 0, "commit_s": 0.0, "commits": 0}  # fmt: skip


heads: dict[str, int] = {}


def _add(key: str, seconds: float, sql: str = "") -> None:
    with _lock:
        totals[f"{key}_s"] += seconds
        totals[f"{key}s"] += 1
        if key == "other_write":
            heads[sql[:50]] = heads.get(sql[:50], 0) + 1


def _dump() -> None:
    with _lock:
        (OUT / f"{os.getpid()}.json").write_text(json.dumps({**totals, "other_heads": heads}))


def _kind(sql: str) -> str:
    head = sql.lstrip()[:40].upper()
    if head.startswith(("SELECT", "SAVEPOINT", "RELEASE")):
        return "read"
    if head.startswith("BEGIN"):
        return "begin"  # SQLite's BEGIN IMMEDIATE: waiting for the one write lock
    if "ACCOUNTS_AUDITEVENT" in sql[:60].upper():
        return "audit"
    if "DJANGO_SESSION" in sql[:60].upper():
        return "session"
    return "other_write"


def _timer(execute, sql, params, many, context):
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        _add(_kind(sql), time.perf_counter() - started, sql)


def _time_commit() -> None:
    """COMMIT goes to the driver directly, not through the cursor: time it too."""
    from django.db.backends.base.base import BaseDatabaseWrapper

    commit = BaseDatabaseWrapper._commit

    def timed(self) -> None:
        started = time.perf_counter()
        try:
            commit(self)
        finally:
            _add("commit", time.perf_counter() - started)

    BaseDatabaseWrapper._commit = timed


_time_commit()
atexit.register(_dump)


def application(environ, start_response):
    started = time.perf_counter()
    with connections["default"].execute_wrapper(_timer):
        response = django_application(environ, start_response)
    with _lock:
        totals["requests"] += 1
        totals["request_s"] += time.perf_counter() - started
        due = totals["requests"] % 100 == 0
    if due:
        _dump()
    return response
