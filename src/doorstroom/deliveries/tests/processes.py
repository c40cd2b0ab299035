"""Tests that start real `doorstroom` processes: a database of their own (an SQLite file, or a
scratch database on the PostgreSQL server when the suite runs on PostgreSQL)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

GENERATOR = Path(__file__).resolve().parents[4] / "bench" / "generate_deliveries.py"
COUNTS = (
    "SELECT (SELECT COUNT(*) FROM people_person), (SELECT COUNT(*) FROM people_enrolment), "
    "(SELECT COUNT(*) FROM people_result), (SELECT COUNT(*) FROM people_residence)"
)
RUN = (
    "SELECT status, rows_read, bytes_done, size FROM deliveries_importrun ORDER BY id DESC LIMIT 1"
)


def scratch_url(url: str, worker: str = "") -> str:
    """The scratch database beside the suite's own on the same PostgreSQL server, named after it
    and after the pytest-xdist worker (PYTEST_XDIST_WORKER): two workers, or two suites sharing
    a server, never drop each other's scratch database in the middle of an import."""
    server, name = url.rsplit("/", 1)
    return f"{server}/{name}_scratch{f'_{worker}' if worker else ''}"


class Scratch:
    """A database of its own for the import processes, and a way to look into it: empty, or a
    copy of `template` (a Scratch of the same worker, migrated and loaded once)."""

    def __init__(self, tmp_path: Path, template: Scratch | None = None, suffix: str = "") -> None:
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("DOORSTROOM_")}
        self.env.update(DOORSTROOM_ENV="development", DOORSTROOM_DATA_DIR=str(tmp_path / "var"))
        self.env.pop("DJANGO_SETTINGS_MODULE", None)
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith("postgres"):
            import psycopg
            from psycopg import sql

            self.url = scratch_url(url, os.environ.get("PYTEST_XDIST_WORKER", "")) + suffix
            name = sql.Identifier(self.url.rsplit("/", 1)[1])
            self.drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name)
            self.admin = psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True)
            self.admin.execute(self.drop)
            create = sql.SQL("CREATE DATABASE {}").format(name)
            if template is not None:
                copy = sql.Identifier(template.url.rsplit("/", 1)[1])
                create = sql.SQL("{} TEMPLATE {}").format(create, copy)
            self.admin.execute(create)
            self.connect = lambda: psycopg.connect(self.url, autocommit=True)
        else:
            self.admin = None
            file = tmp_path / "kill.sqlite3"
            if template is not None:  # SQLite's own copy: the pages still in its WAL too
                source, target = sqlite3.connect(template.file), sqlite3.connect(file)
                with closing(source), closing(target):
                    source.backup(target)
            self.file = file
            self.url = f"sqlite:///{file}"
            self.connect = lambda: sqlite3.connect(file, timeout=30)
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
            self.admin.execute(self.drop)
            self.admin.close()
