"""`python3 dev.py demo` serves the demo with the production web server: its log-in page and
its style sheet answer on localhost, as a new user opens them."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db  # the demo runs in a process and a database of its own


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answer(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (localhost only)
        return response.status, response.headers.get("Server", "")


def test_the_demo_is_served_by_gunicorn_on_localhost(tmp_path: Path):
    port = free_port()
    # Its own SQLite file, whatever database the suite runs on: the demo migrates and fills it.
    env = {
        **os.environ,
        "DOORSTROOM_ENV": "demo",
        "DOORSTROOM_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
    }
    demo = subprocess.Popen(
        [sys.executable, "-m", "doorstroom", "demo", "--persons", "60", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                status, server = answer(f"http://127.0.0.1:{port}/inloggen/")
                break
            except OSError:
                assert demo.poll() is None, demo.stdout.read().decode()
                assert time.monotonic() < deadline, "de demo antwoordt niet binnen 3 minuten"
                time.sleep(0.5)
        assert (status, server) == (200, "gunicorn")
        assert answer(f"http://127.0.0.1:{port}/static/doorstroom/doorstroom.css")[0] == 200
    finally:
        os.killpg(demo.pid, signal.SIGTERM)
        output = demo.communicate(timeout=60)[0].decode()
    assert "Listening at: http://127.0.0.1:" in output
