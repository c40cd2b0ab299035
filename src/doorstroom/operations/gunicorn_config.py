"""gunicorn's settings for Doorstroom: `doorstroom serve` starts gunicorn with them, and
`gunicorn -c python:doorstroom.operations.gunicorn_config` reads the same. Options given on the
command line (or in GUNICORN_CMD_ARGS) win. docs/operations.md explains the choices."""

import os

wsgi_app = "doorstroom.wsgi:application"
bind = ["127.0.0.1:8000"]
# Threads: a request that waits for the database (or, on SQLite, for the one writer) lets the
# next request of the same process run; processes use the cores (see docs/operations.md).
worker_class = "gthread"
workers = (os.cpu_count() or 1) + 1
threads = 4
# A page that takes longer than this is a bug or a stuck database: restart that worker.
timeout = 60
graceful_timeout = 30
keepalive = 5
# Start each worker afresh now and then, so that a slow leak never grows without bound.
max_requests = 20_000
max_requests_jitter = 2_000
# No access log by default: addresses hold the pseudonymous ids of persons and cases. An
# operator who wants one turns it on (--access-logfile) and keeps it under the audit log's rules.
accesslog = None
errorlog = "-"
# No control socket (gunicornc): one fixed path in the home folder would be shared by every
# gunicorn of the same user on the machine.
control_socket_disable = True

# gunicorn reads at most this much of a body that the page did not read (a refused upload,
# a form over its limit: routes.py answers 413 from the Content-Length) before it closes the
# connection; gunicorn.http.parser._DRAIN_MAX_BYTES.
UNREAD_BODY_LIMIT = 64 * 1024


def pre_request(worker: object, req: object) -> None:
    """A request with a body larger than gunicorn reads after an early answer is answered with
    `Connection: close`: the answer said keep-alive, gunicorn then closed the connection, and a
    client that sent its next request on it got no answer at all."""
    length = next((value for name, value in req.headers if name == "CONTENT-LENGTH"), "")
    if length.isdigit() and int(length) > UNREAD_BODY_LIMIT:
        req.force_close()
