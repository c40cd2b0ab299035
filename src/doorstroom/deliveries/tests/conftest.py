"""The `scratch` fixture: a database of its own with the reference data and a generated
C-levering of 20,000 persons (bench/generate_deliveries.py), for tests of real processes; a
copy of one that each worker migrates and loads once (`scratch_template`)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from doorstroom.deliveries.tests.processes import GENERATOR, Scratch


@pytest.fixture(scope="session")
def scratch_template(tmp_path_factory):
    """Migrated and loaded once per worker; each test's `scratch` is a copy of it."""
    folder = tmp_path_factory.mktemp("scratch")
    out = folder / "levering"
    subprocess.run(
        [sys.executable, str(GENERATOR), str(out), "--persons", "20000", "--seed", "3"], check=True
    )
    database = Scratch(folder, suffix="_template")
    assert database.run("migrate", "-v0").returncode == 0
    loaded = database.run(
        "load_reference_data", "--regions", str(out / "regions.csv"),
        "--municipalities", str(out / "municipalities.csv"), "--schools", str(out / "schools.csv"),
    )  # fmt: skip
    assert loaded.returncode == 0, loaded.stderr
    database.delivery = next(out.glob("doorstroom-C-*.csv"))
    yield database
    database.close()


@pytest.fixture
def scratch(tmp_path, scratch_template):
    database = Scratch(tmp_path, template=scratch_template)
    database.delivery = scratch_template.delivery
    yield database
    database.close()
