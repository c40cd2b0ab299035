"""SQLite has one writer at a time, and every page view writes an audit row: a page viewed
while a large delivery is read must not wait for the import (STYLE.md, "SQLite has one
writer at a time"). Both run as real processes on one SQLite file (the `scratch` fixture)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="about SQLite's single writer; PostgreSQL writes concurrently",
)


def view(viewer) -> dict:
    viewer.stdin.write("\n")
    viewer.stdin.flush()
    return json.loads(viewer.stdout.readline())


def test_a_page_view_during_an_import_does_not_wait_for_the_import(scratch):
    viewer = subprocess.Popen(
        [sys.executable, "-m", "doorstroom.deliveries.tests.page_view", "GM5000"],
        env=scratch.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    importer = None
    try:
        assert viewer.stdout.readline().strip() == "ready"
        assert view(viewer)["status_code"] == 200  # the first view of a process is slower
        importer = subprocess.Popen(
            scratch.command("import", str(scratch.delivery)),
            env=scratch.env, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        views = []
        while importer.poll() is None:
            views.append(view(viewer))
        assert importer.wait() == 0
    finally:
        viewer.kill()
        viewer.wait()
        if importer is not None and importer.poll() is None:
            importer.kill()
    assert all(v["status_code"] == 200 and v["audited"] == 1 for v in views)
    # the run reports its rows every 50,000; until the apply, which holds the one writer
    # and ends with the status 'applied', a view could only have written while rows streamed
    during_staging = [
        v for v in views if v["import"] and v["import"][0] == "running" and v["import"][1]
    ]
    assert during_staging, f"no page was served while rows were being read: {views}"
    # a view waits at most for one short staging batch, or for the apply (seconds); never
    # for the busy timeout (20 s)
    assert max(v["seconds"] for v in views) < 10, views
    assert scratch.query("SELECT status FROM deliveries_importrun") == ("applied",)
