#!/usr/bin/env python3
"""Set up and run Doorstroom on a fresh machine with nothing but Python 3.11+.

    python3 dev.py demo     install, load the demo region and serve it on http://127.0.0.1:8000
    python3 dev.py test     install and run the whole test suite (lint, unit, browser), one
                            pytest-xdist worker per core (-n 0 runs it serially)

Everything is installed into .venv with the pinned versions of constraints.txt; a second run
installs nothing new. This file uses only the standard library.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("DOORSTROOM_VENV", ROOT / ".venv"))
BIN = VENV / "bin"
CHROMIUM = Path("/usr/bin/chromium")
LINTED = ("src", "tests", "bench", "conftest.py", "dev.py")


def say(message: str) -> None:
    print(f"[doorstroom] {message}", flush=True)


def run(*args: str | Path, env: dict[str, str] | None = None) -> int:
    return subprocess.call([str(a) for a in args], cwd=ROOT, env=env)


def install() -> None:
    """Create the virtual environment and install the pinned dependencies when they changed."""
    if sys.version_info < (3, 11):
        sys.exit("Doorstroom heeft Python 3.11 of nieuwer nodig.")
    if not (BIN / "python").exists():
        say(f"virtuele omgeving maken in {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes() + (ROOT / "constraints.txt").read_bytes()
    ).hexdigest()
    stamp = VENV / ".doorstroom-installed"
    if stamp.exists() and stamp.read_text() == wanted:
        return
    say("afhankelijkheden installeren (vastgepinde versies uit constraints.txt)")
    pip = [BIN / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if run(*pip, "-c", "constraints.txt", "-e", ".[test]") != 0:
        sys.exit("Installeren is mislukt; zie de melding van pip hierboven.")
    stamp.write_text(wanted)


def ensure_chromium() -> None:
    """The browser tests drive Debian's Chromium; install it when we are allowed to."""
    if CHROMIUM.exists():
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("Chromium installeren uit Debian (apt-get) voor de browsertests")
        quiet = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        if run("apt-get", "update", "-qq", env=quiet) == 0:
            run("apt-get", "install", "-y", "-qq", "chromium", env=quiet)
    if not CHROMIUM.exists():
        say("LET OP: /usr/bin/chromium ontbreekt; de browsertests worden overgeslagen.")


def demo(args: list[str]) -> int:
    install()
    env = {**os.environ, "DOORSTROOM_ENV": os.environ.get("DOORSTROOM_ENV", "demo")}
    return run(BIN / "doorstroom", "demo", *args, env=env)


def parallel(args: list[str]) -> list[str]:
    """pytest-xdist with one worker per core (-n auto; --pdb makes that serial by itself),
    unless the arguments choose for themselves: -n 0 or -p no:xdist runs the suite serially."""
    if any(a.startswith(("-n", "--numprocesses")) or a.endswith("no:xdist") for a in args):
        return args
    return ["-n", "auto", "--dist", "worksteal", *args]


def chooses_tests(args: list[str]) -> bool:
    """Whether the arguments name tests of their own (a path, or path::test): then only those
    run, not the whole suite and the bench generator's tests after it."""
    return any((ROOT / a.split("::")[0]).exists() for a in args if not a.startswith("-"))


def test(args: list[str]) -> int:
    install()
    ensure_chromium()
    env = {**os.environ, "DOORSTROOM_ENV": "test"}
    say("ruff: stijl- en veiligheidscontrole")
    if run(BIN / "ruff", "check", *LINTED) != 0:
        return 1
    if run(BIN / "ruff", "format", "--check", *LINTED) != 0:
        return 1
    say("bandit: veiligheidscontrole van src/ (uitzonderingen staan met reden in pyproject.toml)")
    if run(BIN / "bandit", "-q", "-c", "pyproject.toml", "-r", "src") != 0:
        return 1
    chosen = chooses_tests(args)
    what = "de gekozen tests" if chosen else "de hele testsuite"
    say(f"pytest: {what}, parallel met een worker per kern (-n 0: na elkaar)")
    if run(BIN / "python", "-m", "pytest", *parallel(args), env=env) != 0:
        return 1
    if chosen:
        return 0
    say("pytest: de generator van benchmarkleveringen (bench/, zonder Django)")
    return run(BIN / "python", "-m", "pytest", "-q", "-c", "bench/pytest.ini", "bench")


COMMANDS = {"demo": demo, "test": test}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        return 2
    return COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
