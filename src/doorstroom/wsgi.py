"""WSGI entry point for a production server (gunicorn doorstroom.wsgi) and `runserver`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doorstroom.settings")
application = get_wsgi_application()

# The embedded default runs the daily retention job in this process (docs/operations.md).
from doorstroom.retention.schedule import start_in_process  # noqa: E402

start_in_process()
