"""The privacyfunctionaris searches the trail by date and by BSN and exports it; axe on every page."""

import re
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.accounts.roles import Role
from doorstroom.people.factories import PersonFactory
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def looked_at(user, person, day: int, reason: str) -> None:
    AuditEvent.objects.create(
        at=timezone.make_aware(datetime(2026, 11, day, 10)),
        user=user,
        username=user.username,
        action=AuditAction.VIEW,
        person_id=person.pk,
        route="people:detail",
        reason=reason,
    )


def test_fg_finds_who_looked_at_a_young_person_and_downloads_it(
    page, assert_accessible, make_user, deventer
):
    fg = make_user(Role.PRIVACY)
    coach = make_user(Role.COACH, first_name="Carla", last_name="Coach")
    noor = PersonFactory(municipality=deventer, given_names="Noor", surname="Berg")
    sam = PersonFactory(municipality=deventer, given_names="Sam", surname="Smit")
    looked_at(coach, noor, 3, "persoonspagina bekeken (begin november)")
    looked_at(coach, sam, 12, "persoonspagina bekeken (half november)")

    log_in(page, fg)
    page.get_by_role("link", name="Logboek").first.click()
    expect(page.get_by_role("heading", name="Logboek", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Van").fill("10-11-2026")
    page.get_by_label("Tot en met").fill("30-11-2026")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url("**/privacy/logboek/?*")
    expect(page.get_by_role("cell", name="persoonspagina bekeken (half november)")).to_be_visible()
    expect(page.get_by_text("(begin november)")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Filters wissen").click()
    # the search below goes from the page without filters, not from the one still loading
    page.wait_for_url("**/privacy/logboek/")
    page.get_by_label("Jongere (BSN)").fill(noor.bsn)
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url("**/privacy/logboek/?person=*")
    assert noor.bsn not in unquote(page.url)
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^\s*1 regel over Berg, Noor"))
    row = page.get_by_role("row", name="persoonspagina bekeken (begin november)")
    expect(row).to_contain_text(f"******{noor.bsn[-3:]}")
    expect(row).to_contain_text("Carla Coach")
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exporteren als CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("logboek-")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    assert "begin november" in text
    assert "half november" not in text
    assert AuditEvent.objects.filter(user=fg, action=AuditAction.EXPORT).count() == 1
