"""dev.py runs the suite on one pytest-xdist worker per core, unless its arguments ask for a
serial run (for debugging) or a number of workers of their own."""

import importlib.util
from pathlib import Path

import pytest

spec = importlib.util.spec_from_file_location("dev", Path(__file__).resolve().parents[1] / "dev.py")
dev = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dev)


def test_the_suite_runs_on_one_worker_per_core_with_the_arguments_given():
    assert dev.parallel(["-k", "rules", "-x"]) == [
        "-n", "auto", "--dist", "worksteal", "-k", "rules", "-x",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "args",
    [["-n", "0"], ["-n0"], ["-n", "4"], ["--numprocesses=2"], ["-p", "no:xdist"], ["-pno:xdist"]],
)
def test_arguments_that_choose_the_workers_are_passed_on_as_they_are(args):
    assert dev.parallel([*args, "src/doorstroom/cases"]) == [*args, "src/doorstroom/cases"]


@pytest.mark.parametrize(
    ("args", "chosen"),
    [
        ([], False),
        (["-k", "rules", "-x"], False),
        (["src/doorstroom/people"], True),
        (
            [
                "-n",
                "0",
                "tests/test_dev.py::test_arguments_that_choose_the_workers_are_passed_on_as_they_are",
            ],
            True,
        ),
        (["geen/pad"], False),
    ],
)
def test_a_path_in_the_arguments_runs_only_those_tests(args, chosen):
    assert dev.chooses_tests(args) is chosen
