"""`doorstroom openapi > docs/api/openapi.json`: the OpenAPI document that /api/v1/openapi.json
serves; a test fails when the committed copy is out of date."""

import sys

from django.core.management.base import BaseCommand

from doorstroom.api.schema import document


class Command(BaseCommand):
    help = "Schrijf het OpenAPI-document van de API (/api/v1/openapi.json) naar stdout."

    def handle(self, *args, **options) -> None:
        sys.stdout.buffer.write(document())
