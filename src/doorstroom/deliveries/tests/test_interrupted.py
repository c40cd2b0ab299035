"""kill -9 in the middle of an import: the register is as before or as after, never between,
and the same import can simply be run again.

The import runs as a real `doorstroom import` process on a database of its own (the
`scratch` fixture of conftest.py).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time

from doorstroom.deliveries.tests.processes import COUNTS, RUN, Scratch


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


REGISTER_KEYS = (
    "SELECT COUNT(*) FROM pg_constraint WHERE contype = 'f' AND convalidated AND conrelid::regclass::text "
    "IN ('people_person', 'people_residence', 'people_enrolment', 'people_result')"
)


def test_killed_while_applying_leaves_before_or_after_never_between(scratch):
    empty = scratch.query(COUNTS)
    kill_when(scratch, lambda run: run[0] == "running" and run[2] == run[3])
    state = scratch.query(COUNTS)
    assert state == empty or state[0] == 20_000
    if scratch.admin is not None:  # PostgreSQL: a first load drops and adds its foreign keys
        assert scratch.query(REGISTER_KEYS) == (7,)
    again = scratch.run("import", str(scratch.delivery))
    assert again.returncode == 0, again.stderr
    assert scratch.query(COUNTS)[0] == 20_000
