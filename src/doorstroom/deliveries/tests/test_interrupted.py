"""kill -9 in the middle of an import: the register is as before or as after, never between,
and the same import can simply be run again.

The import runs as a real `doorstroom import` process on a database of its own (an SQLite
file, or a scratch database on the PostgreSQL server when the suite runs on PostgreSQL).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parents[4] / "bench" / "generate_deliveries.py"
COUNTS = (
    "SELECT (SELECT COUNT(*) FROM people_person), (SELECT COUNT(*) FROM people_enrolment), "
    "(SELECT COUNT(*) FROM people_result), (SELECT COUNT(*) FROM people_residence)"
)
RUN = (
    "SELECT status, rows_read, bytes_done, size FROM deliveries_importrun ORDER BY id DESC LIMIT 1"
)


class Scratch:
    """A database of its own for the import processes, and a way to look into it."""

    def __init__(self, tmp_path: Path) -> None:
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("DOORSTROOM_")}
        self.env.update(DOORSTROOM_ENV="development", DOORSTROOM_DATA_DIR=str(tmp_path / "var"))
        self.env.pop("DJANGO_SETTINGS_MODULE", None)
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith("postgres"):
            import psycopg

            self.admin = psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True)
            self.admin.execute("DROP DATABASE IF EXISTS doorstroom_killtest")
            self.admin.execute("CREATE DATABASE doorstroom_killtest")
            self.url = url.rsplit("/", 1)[0] + "/doorstroom_killtest"
            self.connect = lambda: psycopg.connect(self.url, autocommit=True)
        else:
            self.admin = None
            self.url = f"sqlite:///{tmp_path / 'kill.sqlite3'}"
            self.connect = lambda: sqlite3.connect(tmp_path / "kill.sqlite3", timeout=30)
        self.env["DATABASE_URL"] = self.url

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "doorstroom", *args]

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            self.command(*args), env=self.env, capture_output=True, text=True, check=False
        )

    def query(self, sql: str) -> tuple:
        connection = self.connect()
        try:
            return connection.execute(sql).fetchone()
        finally:
            connection.close()

    def close(self) -> None:
        if self.admin is not None:
            self.admin.execute("DROP DATABASE IF EXISTS doorstroom_killtest WITH (FORCE)")
            self.admin.close()


@pytest.fixture
def scratch(tmp_path):
    database = Scratch(tmp_path)
    out = tmp_path / "levering"
    subprocess.run(
        [sys.executable, str(GENERATOR), str(out), "--persons", "20000", "--seed", "3"], check=True
    )
    assert database.run("migrate", "-v0").returncode == 0
    loaded = database.run(
        "load_reference_data", "--regions", str(out / "regions.csv"),
        "--municipalities", str(out / "municipalities.csv"), "--schools", str(out / "schools.csv"),
    )  # fmt: skip
    assert loaded.returncode == 0, loaded.stderr
    database.delivery = next(out.glob("doorstroom-C-*.csv"))
    yield database
    database.close()


def kill_when(database: Scratch, ready) -> bool:
    """Start the import, kill -9 it as soon as `ready(run row)` holds; False if it finished first."""
    process = subprocess.Popen(database.command("import", str(database.delivery)), env=database.env)
    try:
        deadline = time.monotonic() + 120
        while process.poll() is None and time.monotonic() < deadline:
            try:
                row = database.query(RUN)
            except Exception:
                row = None
            if row and ready(row):
                os.kill(process.pid, signal.SIGKILL)
                process.wait()
                return True
            time.sleep(0.02)
        return False
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_killed_while_staging_changes_nothing_and_can_run_again(scratch):
    empty = scratch.query(COUNTS)
    assert kill_when(scratch, lambda run: run[0] == "running" and run[1] > 0), (
        "the import ended before the kill"
    )
    assert scratch.query(COUNTS) == empty
    again = scratch.run("import", str(scratch.delivery))
    assert again.returncode == 0, again.stderr
    assert "ingelezen" in again.stdout
    after = scratch.query(COUNTS)
    assert after[0] == 20_000
    assert scratch.query("SELECT COUNT(*) FROM deliveries_importrun WHERE status = 'failed'") == (
        1,
    )


def test_killed_while_applying_leaves_before_or_after_never_between(scratch):
    empty = scratch.query(COUNTS)
    kill_when(scratch, lambda run: run[0] == "running" and run[2] == run[3])
    state = scratch.query(COUNTS)
    assert state == empty or state[0] == 20_000
    again = scratch.run("import", str(scratch.delivery))
    assert again.returncode == 0, again.stderr
    assert scratch.query(COUNTS)[0] == 20_000
