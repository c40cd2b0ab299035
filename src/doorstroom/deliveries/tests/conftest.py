"""The `scratch` fixture: a database of its own with the reference data and a generated
C-levering of 20,000 persons (bench/generate_deliveries.py), for tests of real processes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from doorstroom.deliveries.tests.processes import GENERATOR, Scratch


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
