"""Every change a delivery makes to a person's data is on record with its run: the inzage
export lists the deliveries that brought or changed the person's data, and no other."""

from datetime import date

import pytest
from django.urls import reverse

from doorstroom.accounts.factories import log_in_verified
from doorstroom.accounts.roles import Role
from doorstroom.deliveries.models import DeliveryKind, ImportRun
from doorstroom.deliveries.tests.builders import BSNS, deliver, person
from doorstroom.people.models import Person
from doorstroom.people.subject_export import gather
from doorstroom.regions.loading import DEMO_FILES, load_reference_data

pytestmark = pytest.mark.django_db
A, B = BSNS[:2]


@pytest.fixture(autouse=True)
def reference_data():
    load_reference_data(**DEMO_FILES)


def test_the_runs_that_changed_a_person_are_those_that_brought_or_changed_their_data(tmp_path):
    first = deliver(tmp_path, [person(A), person(B)], on=date(2026, 11, 6))
    moved = deliver(
        tmp_path, [person(A, straat="Brink", mutatie="verhuisd", mutatiedatum="2026-11-10")],
        kind=DeliveryKind.P, on=date(2026, 11, 13),
    )  # fmt: skip
    unchanged = deliver(
        tmp_path, [person(B, mutatie="gewijzigd", mutatiedatum="2026-11-18")],
        kind=DeliveryKind.P, on=date(2026, 11, 20),
    )  # fmt: skip
    noor = Person.objects.with_bsn(A).get()
    other = Person.objects.with_bsn(B).get()

    assert list(ImportRun.objects.that_changed(noor.pk).order_by("id")) == [first, moved]
    assert list(ImportRun.objects.that_changed(other.pk)) == [first]
    assert (unchanged.rows_rejected, unchanged.rows_changed) == (0, 0), unchanged.message


def test_the_inzage_lists_the_deliveries_of_the_person_oldest_first(tmp_path):
    deliver(tmp_path, [person(A)], on=date(2026, 11, 6), name="doorstroom-C-eerste.csv")
    deliver(
        tmp_path, [person(A, straat="Brink", mutatie="verhuisd", mutatiedatum="2026-11-10")],
        kind=DeliveryKind.P, on=date(2026, 11, 13), name="doorstroom-P-week.csv",
    )  # fmt: skip

    deliveries = gather(Person.objects.with_bsn(A).get())["deliveries"]

    assert [(d["file_name"], d["kind_label"], d["delivery_date"]) for d in deliveries] == [
        ("doorstroom-C-eerste.csv", "C-levering (volledig)", date(2026, 11, 6)),
        ("doorstroom-P-week.csv", "P-levering (wijzigingen)", date(2026, 11, 13)),
    ]
    assert deliveries[0]["by"] == ""  # read in from the command line


def test_the_privacy_officer_sees_the_deliveries_of_a_person_in_the_log(
    tmp_path, client, make_user
):
    deliver(tmp_path, [person(A)], on=date(2026, 11, 6), name="doorstroom-C-eerste.csv")
    deliver(tmp_path, [person(B)], on=date(2026, 11, 7), name="doorstroom-C-ander.csv")
    noor = Person.objects.with_bsn(A).get()
    log_in_verified(client, make_user(Role.PRIVACY))

    page = client.get(reverse("privacy:log"), {"person": noor.public_id}).content.decode()

    assert "Leveringen die gegevens van Haverkamp, Noor brachten of wijzigden" in page
    assert "doorstroom-C-eerste.csv" in page
    assert "doorstroom-C-ander.csv" not in page
