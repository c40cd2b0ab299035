"""`doorstroom serve` starts the real production server (gunicorn) with our settings."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from doorstroom.operations import gunicorn_config


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_config_uses_threads_and_no_shared_control_socket():
    assert gunicorn_config.wsgi_app == "doorstroom.wsgi:application"
    assert gunicorn_config.worker_class == "gthread"
    assert gunicorn_config.workers >= 2
    assert gunicorn_config.control_socket_disable is True
    assert gunicorn_config.accesslog is None  # addresses hold ids of persons: off by default


def test_serve_answers_the_log_in_page(tmp_path: Path):
    port = free_port()
    env = {
        **os.environ,
        "DOORSTROOM_ENV": "development",
        "DOORSTROOM_DEBUG": "false",
        "DOORSTROOM_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    command = [sys.executable, "-m", "doorstroom", "serve", "--bind", f"127.0.0.1:{port}",
               "--workers", "1", "--threads", "2"]  # fmt: skip
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        body, deadline = None, time.monotonic() + 30
        while body is None and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/inloggen/", timeout=5) as r:
                    assert r.status == 200
                    body = r.read().decode()
            except OSError:
                time.sleep(0.2)
        if body is None:
            pytest.fail(
                f"the server did not answer:\n{server.stdout.read() if server.poll() is not None else ''}"
            )
        assert "Inloggen" in body
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "Using worker: gthread" in output
