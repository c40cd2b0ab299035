"""`doorstroom serve`: the production web server (gunicorn) with Doorstroom's settings."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connections

from doorstroom.operations import gunicorn_config

CONFIG = "python:doorstroom.operations.gunicorn_config"


class Command(BaseCommand):
    help = (
        "Start de webserver voor productie (gunicorn, doorstroom.wsgi) met de instellingen van "
        "doorstroom/operations/gunicorn_config.py. Andere gunicorn-opties kunnen in "
        "GUNICORN_CMD_ARGS. Zie docs/operations.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            action="append",
            help=f"adres en poort (standaard {gunicorn_config.bind[0]}); mag vaker",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=gunicorn_config.workers,
            help="aantal processen (standaard: aantal kernen + 1)",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=gunicorn_config.threads,
            help=f"threads per proces (standaard {gunicorn_config.threads})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from gunicorn.app.wsgiapp import WSGIApplication

        argv = ["gunicorn", "--config", CONFIG]
        for address in options["bind"] or gunicorn_config.bind:
            argv += ["--bind", address]
        argv += ["--workers", str(options["workers"]), "--threads", str(options["threads"])]
        # The workers open their own connections; none may be shared across the fork.
        connections.close_all()
        sys.argv = argv
        WSGIApplication("%(prog)s [OPTIONS]").run()
