"""`doorstroom serve` starts the real production server (gunicorn) with our settings."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def serving(tmp_path: Path) -> Iterator[tuple[int, list[str]]]:
    """`doorstroom serve` on a free port, once it answers its log-in page: (the port, the
    server's output, filled in when it has stopped)."""
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
    output: list[str] = []
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
        yield port, output
    finally:
        server.terminate()
        output.append(server.communicate(timeout=30)[0])


def test_serve_answers_the_log_in_page(tmp_path: Path):
    with serving(tmp_path) as (_, output):
        pass
    assert "Using worker: gthread" in output[0]


def test_an_upload_over_the_limit_is_refused_before_its_body_is_sent(tmp_path: Path):
    """By its Content-Length: the answer comes while the 5 GB are still to be sent (a server
    that read the body first would wait for them, and the socket time out)."""
    with serving(tmp_path) as (port, output), socket.create_connection(("127.0.0.1", port)) as s:
        s.settimeout(10)
        s.sendall(
            b"POST /leveringen/nieuw/ HTTP/1.1\r\n"
            + f"Host: 127.0.0.1:{port}\r\n".encode()
            + b"Content-Type: multipart/form-data; boundary=grens\r\n"
            + f"Content-Length: {5 * 1024**3}\r\n\r\n".encode()
            + b"--grens\r\n"  # the body begins, and no more of it comes
        )
        answer = b""
        while b"</html>" not in answer:
            chunk = s.recv(65536)
            if not chunk:
                break
            answer += chunk
    head, _, page = answer.decode().partition("\r\n\r\n")
    assert head.startswith("HTTP/1.1 413 ")
    assert "Het bestand is groter dan 4096 MB" in page
    assert "Traceback" not in output[0]


def test_an_early_answer_to_a_body_left_unread_closes_the_connection(tmp_path: Path):
    """A form over its limit is answered 413 before its body is read; gunicorn reads no more
    than 64 KiB of the rest and closes. The answer says so (`Connection: close`), or a
    browser sends its next request on the closed connection and gets no answer."""
    body = b"x" * (3 * 1024 * 1024)
    with serving(tmp_path) as (port, _), socket.create_connection(("127.0.0.1", port)) as s:
        s.settimeout(10)
        s.sendall(
            b"POST /inloggen/ HTTP/1.1\r\n"
            + f"Host: 127.0.0.1:{port}\r\n".encode()
            + b"Content-Type: application/x-www-form-urlencoded\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body[: 64 * 1024]
        )
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = s.recv(65536)
            if not chunk:
                break
            answer += chunk
    head = answer.decode(errors="replace").partition("\r\n\r\n")[0].lower()
    assert head.startswith("http/1.1 413 ")
    assert "connection: close" in head.splitlines()
