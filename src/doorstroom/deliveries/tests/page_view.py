"""A person page viewed from a process of its own, for test_concurrent.py: sets up an
ondersteuner and a young person, says `ready`, and at each line on stdin views the person's
page once and prints, as JSON, how long that took, the status code, whether the view wrote
its audit row, and the status and rows read of the newest import run the moment the page
was there.

    python -m doorstroom.deliveries.tests.page_view MUNICIPALITY_CODE
"""

from __future__ import annotations

import json
import os
import sys
import time


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doorstroom.settings")
    import django

    django.setup()
    from django.test import Client

    from doorstroom.accounts.factories import UserFactory, log_in_verified
    from doorstroom.accounts.models import AuditEvent
    from doorstroom.accounts.roles import Role
    from doorstroom.deliveries.models import ImportRun
    from doorstroom.people.factories import PersonFactory
    from doorstroom.regions.models import Municipality

    municipality = Municipality.objects.get(code=sys.argv[1])
    user = UserFactory(role=Role.SUPPORT, region=municipality.region)
    person = PersonFactory(municipality=municipality)
    client = Client(HTTP_HOST="localhost")
    log_in_verified(client, user)
    url = f"/jongeren/{person.public_id}/"
    print("ready", flush=True)
    for _ in sys.stdin:
        audited = AuditEvent.objects.filter(person_id=person.pk).count()
        started = time.monotonic()
        response = client.get(url)
        seconds = time.monotonic() - started
        run = ImportRun.objects.order_by("-id").values_list("status", "rows_read").first()
        report = {
            "seconds": seconds,
            "status_code": response.status_code,
            "audited": AuditEvent.objects.filter(person_id=person.pk).count() - audited,
            "import": run,
        }
        print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
