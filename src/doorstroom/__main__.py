"""The `doorstroom` command: Django's management commands with our settings preset."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doorstroom.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # A wrong setting is the operator's to mend: say which and why in one line (the
        # message names the variable), not under fifty lines of Django's start-up; Django's
        # own --traceback still shows where.
        if "--traceback" in sys.argv:
            raise
        sys.exit(f"doorstroom: verkeerde instelling: {error} (zie docs/settings.md)")


if __name__ == "__main__":
    main()
