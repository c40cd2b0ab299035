"""The privacyfunctionaris reads the retention periods and what the nightly run removed;
axe on the page."""

from datetime import date

import pytest
from playwright.sync_api import expect

from doorstroom.accounts.roles import Role
from doorstroom.people.choices import EducationKind
from doorstroom.people.factories import EnrolmentFactory, PersonFactory, ResultFactory
from doorstroom.retention.models import RetentionRun
from doorstroom.retention.services import run_retention, start_run
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_fg_reads_the_periods_and_what_the_last_run_removed(
    page, assert_accessible, make_user, deventer
):
    for _ in range(2):  # out of the target group since a diploma in 2022: past every period
        person = PersonFactory(date_of_birth=date(2002, 5, 1), municipality=deventer)
        EnrolmentFactory(person=person, start_date=date(2018, 8, 1), end_date=date(2022, 7, 1))
        ResultFactory(person=person, kind=EducationKind.MBO_2, obtained_on=date(2022, 7, 1))
    run_retention(start_run(RetentionRun.Trigger.SCHEDULE))

    log_in(page, make_user(Role.PRIVACY))
    page.get_by_role("link", name="Bewaartermijnen").first.click()
    expect(page.get_by_role("heading", name="Bewaartermijnen", level=1)).to_be_visible()
    periods = page.get_by_role("table", name="Termijnen van Stedendriehoek")
    expect(periods).to_contain_text("tot de 19e verjaardag")
    row = page.get_by_role("row", name="jongeren van wie alle termijnen voorbij zijn")
    expect(row).to_contain_text("Stedendriehoek")
    expect(row).to_contain_text("2")
    expect(row).to_contain_text("inschrijvingen")
    assert_accessible(page)
