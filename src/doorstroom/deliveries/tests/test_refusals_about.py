"""A young person's page and signal name the delivery rows about them that the import refused:
what the register may lack, before anyone acts on it (RejectedRowQuerySet.about)."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from doorstroom.accounts.factories import UserFactory, log_in_verified
from doorstroom.accounts.roles import Role
from doorstroom.deliveries.adapters.ib_v1 import PRIORITY_COLUMNS
from doorstroom.deliveries.adapters.verzuim_v1 import ABSENCE_COLUMNS
from doorstroom.deliveries.apply import Applier
from doorstroom.deliveries.models import DeliveryKind, RejectedRow, RunStatus
from doorstroom.deliveries.refusals import REFUSALS_SHOWN
from doorstroom.deliveries.tests.builders import BSNS, deliver, enrolment, person
from doorstroom.deliveries.tests.test_side_files import melding, read
from doorstroom.people.models import Person
from doorstroom.regions.loading import DEMO_FILES, load_reference_data
from doorstroom.regions.models import Region
from doorstroom.signals.factories import SignalFactory

pytestmark = pytest.mark.django_db
A, B = BSNS[:2]
HEADING = "Geweigerde regels over deze jongere"


@pytest.fixture(autouse=True)
def reference_data():
    load_reference_data(**DEMO_FILES)


def region_of(municipality_code: str) -> Region:
    return Region.objects.get(municipalities__code=municipality_code)


def client_of(role: Role, municipality_code: str = "GM0150") -> Client:
    client = Client()
    log_in_verified(client, UserFactory(role=role, region=region_of(municipality_code)))
    return client


def page_of(client: Client, bsn: str) -> str:
    public_id = Person.objects.with_bsn(bsn).get().public_id
    response = client.get(reverse("people:detail", args=[public_id]))
    assert response.status_code == 200
    return response.content.decode()


def refused(bsn: str) -> RejectedRow:
    return RejectedRow.objects.exclude(field="").get(
        bsn_hash=Person.objects.with_bsn(bsn).get().bsn_hash
    )


def test_the_person_page_names_the_refused_row_its_line_field_and_reason(tmp_path):
    # line 2 the person, line 3 an enrolment that ends before it begins
    deliver(
        tmp_path,
        [person(A), enrolment(A, "I1", begindatum="2025-08-01", einddatum="2025-07-01")],
        on=date(2026, 11, 20),
    )
    row = refused(A)
    assert (row.line, row.field) == (3, "einddatum")
    page = page_of(client_of(Role.COACH), A)
    assert HEADING in page
    assert "C-levering (volledig) van 20 november 2026" in page
    assert '<td class="utrecht-table__cell">3</td>' in page
    assert row.message in page
    assert "Vraag de collega die de leveringen inleest" in page
    assert "er zijn er meer" not in page


def test_the_page_of_someone_with_no_refused_row_shows_none(tmp_path):
    deliver(tmp_path, [person(A), person(B), enrolment(B, "I1", onderwijssoort="mbo_9")])
    assert HEADING not in page_of(client_of(Role.COACH), A)
    assert HEADING in page_of(client_of(Role.COACH), B)


def test_a_newer_c_levering_replaces_what_an_older_one_refused(tmp_path):
    deliver(
        tmp_path, [person(A), enrolment(A, "I1", onderwijssoort="mbo_9")], on=date(2026, 11, 13)
    )
    assert HEADING in page_of(client_of(Role.COACH), A)
    deliver(tmp_path, [person(A), enrolment(A, "I1")], on=date(2026, 11, 20))
    assert HEADING not in page_of(client_of(Role.COACH), A)


def test_a_refused_verzuimmelding_stays_shown_after_a_newer_c_levering(tmp_path):
    deliver(tmp_path, [person(A)], on=date(2026, 11, 13))
    read(
        tmp_path,
        ABSENCE_COLUMNS,
        [melding("M1", A, verzuimsoort="absoluut")],
        on=date(2026, 11, 14),
    )
    deliver(tmp_path, [person(A)], on=date(2026, 11, 20))
    page = page_of(client_of(Role.COACH), A)
    assert "verzuimmeldingen (ROD) van 14 november 2026" in page
    assert "&#x27;absoluut&#x27; is geen bekende verzuimsoort" in page


def test_another_regions_delivery_stays_that_regions(tmp_path):
    deliver(tmp_path, [person(A)])
    elsewhere = region_of("GM0222")
    read_for = read(tmp_path, ABSENCE_COLUMNS, [melding("M1", A, verzuimsoort="absoluut")])
    read_for.area = elsewhere  # as if the other region had read it
    read_for.save(update_fields=["area"])
    assert HEADING not in page_of(client_of(Role.COACH), A)


def test_the_signal_page_shows_them_too_and_links_the_run_for_who_follows_deliveries(tmp_path):
    region = region_of("GM0150")
    run = deliver(tmp_path, [person(A), enrolment(A, "I1", onderwijssoort="mbo_9")], area=region)
    signal = SignalFactory(person=Person.objects.with_bsn(A).get())
    coach_page = client_of(Role.COACH).get(reverse("signals:detail", args=[signal.public_id]))
    assert HEADING in coach_page.content.decode()
    link = f'href="{reverse("deliveries:run", args=[run.pk])}"'
    assert link not in coach_page.content.decode()  # a coach does not follow the deliveries
    coordinator = client_of(Role.COORDINATOR)
    assert (
        link in coordinator.get(reverse("signals:detail", args=[signal.public_id])).content.decode()
    )


def test_the_newest_are_shown_first_and_no_more_than_the_page_holds(
    tmp_path, django_assert_max_num_queries
):
    deliver(tmp_path, [person(A)], on=date(2026, 11, 13))
    for day in range(14, 14 + REFUSALS_SHOWN + 2):
        read(
            tmp_path,
            ABSENCE_COLUMNS,
            [melding(f"M{day}", A, verzuimsoort="x")],
            on=date(2026, 11, day),
        )
    client = client_of(Role.COACH)
    public_id = Person.objects.with_bsn(A).get().public_id
    with django_assert_max_num_queries(19):  # the person page's bound (people/tests/test_views.py)
        page = client.get(reverse("people:detail", args=[public_id])).content.decode()
    newest, oldest_shown = 14 + REFUSALS_SHOWN + 1, 14 + 2
    assert page.count("verzuimmeldingen (ROD) van") == REFUSALS_SHOWN
    assert f"Hieronder staan de {REFUSALS_SHOWN} nieuwste; er zijn er meer." in page
    assert page.index(f"{newest} november 2026") < page.index(f"{oldest_shown} november 2026")
    assert "van 15 november 2026" not in page


def test_a_national_deliverys_refusal_is_shown_without_a_link_to_its_run(tmp_path):
    run = deliver(tmp_path, [person(A), enrolment(A, "I1", onderwijssoort="mbo_9")], area=None)
    page = page_of(client_of(Role.COORDINATOR), A)
    assert HEADING in page
    assert f'href="{reverse("deliveries:run", args=[run.pk])}"' not in page  # not the region's


def test_a_register_rows_refusal_in_another_regions_delivery_stays_that_regions(tmp_path):
    deliver(tmp_path, [person(A)], on=date(2026, 11, 13))
    run = deliver(
        tmp_path,
        [enrolment(A, "I1", onderwijssoort="mbo_9")],
        kind=DeliveryKind.P,
        on=date(2026, 11, 20),
    )
    assert RejectedRow.objects.filter(run=run).exists()
    run.area = region_of("GM0222")  # as if the other region had read it
    run.save(update_fields=["area"])
    assert HEADING not in page_of(client_of(Role.COACH), A)


def test_a_run_past_the_rejected_rows_retention_is_not_looked_at(tmp_path, settings):
    run = deliver(tmp_path, [person(A), enrolment(A, "I1", onderwijssoort="mbo_9")])
    assert HEADING in page_of(client_of(Role.COACH), A)
    run.finished_at -= timedelta(days=settings.REJECTED_ROWS_RETENTION_DAYS + 1)
    run.save(update_fields=["finished_at"])
    assert HEADING not in page_of(client_of(Role.COACH), A)


def test_a_refused_priority_is_left_out_once_a_later_priority_stands(tmp_path):
    deliver(tmp_path, [person(A)], on=date(2026, 11, 13))
    read(tmp_path, PRIORITY_COLUMNS, [{"bsn": A, "prioriteit": "9"}], on=date(2026, 11, 14))
    page = page_of(client_of(Role.COACH), A)
    assert "prioriteiten Inlichtingenbureau van 14 november 2026" in page
    read(tmp_path, PRIORITY_COLUMNS, [{"bsn": A, "prioriteit": "2"}], on=date(2026, 11, 21))
    assert HEADING not in page_of(client_of(Role.COACH), A)


def test_a_failed_run_that_is_read_again_shows_its_refused_row_once(tmp_path, monkeypatch):
    """A failed run changed nothing ('niets is gewijzigd') and is read again: its refused
    rows, kept with it, are the retried run's rows a second time, not more that is lacking."""
    deliver(tmp_path, [person(A)], on=date(2026, 11, 13))
    rows = [person(A, mutatie="gewijzigd"), enrolment(A, "I1", onderwijssoort="mbo_9")]

    def fail(self, *args):
        raise RuntimeError("stroomstoring")

    monkeypatch.setattr(Applier, "apply_items", fail)
    failed = deliver(tmp_path, rows, kind=DeliveryKind.P, on=date(2026, 11, 20))
    assert failed.status == RunStatus.FAILED
    monkeypatch.undo()
    again = deliver(tmp_path, rows, kind=DeliveryKind.P, on=date(2026, 11, 20))
    about = RejectedRow.objects.about(Person.objects.with_bsn(A).get().bsn_hash, again.area_id)
    assert [(row.run_id, row.line) for row in about] == [(again.pk, 3)]
