"""Moves in deliveries: the address history in date order, and moves out of the region."""

from datetime import date

import pytest

from doorstroom.crypto import lookup_hash
from doorstroom.deliveries.models import DeliveryKind, RejectedRow, RunStatus
from doorstroom.deliveries.moves import Period, address_history
from doorstroom.deliveries.tests.builders import BSNS, deliver, enrolment, person
from doorstroom.people.models import Person, Residence
from doorstroom.regions.loading import DEMO_FILES, load_reference_data
from doorstroom.regions.models import Region
from doorstroom.signals.choices import Resolution
from doorstroom.signals.models import Signal
from doorstroom.signals.services import signal_persons, signal_region

A, B = BSNS[:2]
P = DeliveryKind.P
D = date
HOME, SCHOOL, WORK, ABROAD = ("thuis",), ("school",), ("werk",), ("buitenland",)


# The rules of deliveries/moves.py, one row each: the register's periods, the delivered moves
# (in row order), the periods afterwards as (from, to, address).
@pytest.mark.parametrize(
    ("existing", "moves", "expected"),
    [
        # "every move takes effect on its own date, whatever the order of the rows"
        (
            [(D(2026, 1, 1), None, HOME)],
            [(D(2026, 6, 1), WORK), (D(2026, 3, 1), SCHOOL)],
            [(D(2026, 1, 1), D(2026, 2, 28), HOME), (D(2026, 3, 1), D(2026, 5, 31), SCHOOL),
             (D(2026, 6, 1), None, WORK)],
        ),
        # "of two moves on the same day the later row counts"
        (
            [(D(2026, 1, 1), None, HOME)],
            [(D(2026, 3, 1), SCHOOL), (D(2026, 3, 1), WORK)],
            [(D(2026, 1, 1), D(2026, 2, 28), HOME), (D(2026, 3, 1), None, WORK)],
        ),
        # "a move dated before the current address inserts that address into the history"
        (
            [(D(2026, 1, 1), D(2026, 5, 31), HOME), (D(2026, 6, 1), None, WORK)],
            [(D(2026, 3, 1), SCHOOL)],
            [(D(2026, 1, 1), D(2026, 2, 28), HOME), (D(2026, 3, 1), D(2026, 5, 31), SCHOOL),
             (D(2026, 6, 1), None, WORK)],
        ),
        # ... also before the first address the register holds
        (
            [(D(2026, 6, 1), None, WORK)],
            [(D(2026, 3, 1), SCHOOL)],
            [(D(2026, 3, 1), D(2026, 5, 31), SCHOOL), (D(2026, 6, 1), None, WORK)],
        ),
        # "a move on the day an address began corrects that address in place"
        (
            [(D(2026, 1, 1), D(2026, 5, 31), HOME), (D(2026, 6, 1), None, WORK)],
            [(D(2026, 6, 1), SCHOOL)],
            [(D(2026, 1, 1), D(2026, 5, 31), HOME), (D(2026, 6, 1), None, SCHOOL)],
        ),
        # "a move to the address already valid on that day changes nothing"
        (
            [(D(2026, 1, 1), D(2026, 5, 31), HOME), (D(2026, 6, 1), None, WORK)],
            [(D(2026, 3, 1), HOME)],
            [(D(2026, 1, 1), D(2026, 5, 31), HOME), (D(2026, 6, 1), None, WORK)],
        ),
        # "a move to the address that follows it moves that address's start earlier"
        (
            [(D(2026, 1, 1), D(2026, 5, 31), HOME), (D(2026, 6, 1), None, WORK)],
            [(D(2026, 3, 1), WORK)],
            [(D(2026, 1, 1), D(2026, 2, 28), HOME), (D(2026, 3, 1), None, WORK)],
        ),
        # "an address whose successor did not change keeps its own end"
        (
            [(D(2025, 1, 1), D(2025, 6, 30), ABROAD), (D(2026, 1, 1), None, HOME)],
            [(D(2026, 6, 1), WORK)],
            [(D(2025, 1, 1), D(2025, 6, 30), ABROAD), (D(2026, 1, 1), D(2026, 5, 31), HOME),
             (D(2026, 6, 1), None, WORK)],
        ),
        # a first address for someone the register had none for
        ([], [(D(2026, 3, 1), SCHOOL)], [(D(2026, 3, 1), None, SCHOOL)]),
    ],
)  # fmt: skip
def test_address_history(existing, moves, expected):
    periods = [Period(start, end, address, pk) for pk, (start, end, address) in enumerate(existing)]
    history = address_history(periods, moves)
    assert [(p.valid_from, p.valid_to, p.address) for p in history] == expected


def test_an_untouched_period_keeps_its_row():
    home = Period(D(2026, 1, 1), None, HOME, id=7)
    history = address_history([home], [(D(2026, 6, 1), WORK)])
    assert [p.id for p in history] == [7, None]


# In the database ---------------------------------------------------------------------------


@pytest.fixture
def register(db, tmp_path):
    load_reference_data(**DEMO_FILES)
    stedendriehoek = Region.objects.get(code="RMC11")
    deliver(tmp_path, [person(A), person(B)], area=stedendriehoek, on=D(2026, 11, 13))
    return stedendriehoek


def moved(on: str, postcode: str, **fields: str) -> dict[str, str]:
    return person(A, mutatie="verhuisd", mutatiedatum=on, postcode=postcode, **fields)


def addresses(bsn: str = A) -> list[tuple]:
    return list(
        Residence.objects.filter(person__bsn_hash=lookup_hash(bsn))
        .order_by("valid_from")
        .values_list("postcode", "municipality__code", "valid_from", "valid_to")
    )


WEEK = D(2026, 11, 20)


def weekly(tmp_path, rows, region, on=WEEK, **options):
    run = deliver(tmp_path, rows, kind=P, on=on, area=region, **options)
    assert run.status == RunStatus.APPLIED, run.message
    return run


def test_two_moves_in_one_p_levering_keep_both_addresses_in_date_order(tmp_path, register):
    run = weekly(
        tmp_path,
        [moved("2026-11-19", "7422CC"), moved("2026-11-16", "7421BB")],
        register,
    )
    assert addresses() == [
        ("7411AB", "GM0150", D(2026, 11, 13), D(2026, 11, 15)),
        ("7421BB", "GM0150", D(2026, 11, 16), D(2026, 11, 18)),
        ("7422CC", "GM0150", D(2026, 11, 19), None),
    ]
    assert list(run.changed_person_ids()) == [Person.objects.with_bsn(A).get().pk]
    assert run.rows_changed == 1
    # both within Deventer: nothing signalling reads has changed
    assert list(run.changed_facts_person_ids()) == []


def test_a_move_dated_before_the_current_address_goes_into_the_history(tmp_path, register):
    weekly(tmp_path, [moved("2026-11-18", "7422CC")], register)
    run = weekly(tmp_path, [moved("2026-11-15", "7421BB")], register, on=D(2026, 11, 27))
    assert addresses() == [
        ("7411AB", "GM0150", D(2026, 11, 13), D(2026, 11, 14)),
        ("7421BB", "GM0150", D(2026, 11, 15), D(2026, 11, 17)),
        ("7422CC", "GM0150", D(2026, 11, 18), None),
    ]
    assert Person.objects.with_bsn(A).get().residences.get(valid_to=None).postcode == "7422CC"
    assert list(run.changed_person_ids()) == [Person.objects.with_bsn(A).get().pk]
    assert list(run.changed_facts_person_ids()) == []  # only the history changed


def test_a_move_on_the_day_the_current_address_began_corrects_it(tmp_path, register):
    weekly(tmp_path, [moved("2026-11-18", "7422CC")], register)
    run = weekly(
        tmp_path,
        [moved("2026-11-18", "7001AA", gemeentecode="GM0200", woonplaats="Apeldoorn")],
        register,
        on=D(2026, 11, 27),
    )
    assert addresses() == [
        ("7411AB", "GM0150", D(2026, 11, 13), D(2026, 11, 17)),
        ("7001AA", "GM0200", D(2026, 11, 18), None),
    ]
    noor = Person.objects.with_bsn(A).get()
    assert noor.municipality.code == "GM0200"
    assert list(run.changed_facts_person_ids()) == [noor.pk]  # another municipality


def test_a_move_delivered_again_changes_nothing(tmp_path, register):
    rows = [moved("2026-11-16", "7421BB"), moved("2026-11-19", "7422CC")]
    weekly(tmp_path, rows, register)
    before = addresses()
    unchanged = person(B, mutatie="gewijzigd")  # another file, with the same moves in it
    again = weekly(tmp_path, [*rows, unchanged], register, on=D(2026, 11, 27))
    assert addresses() == before
    assert list(again.changed_person_ids()) == []
    assert (again.rows_changed, again.rows_unchanged) == (0, 3)


def test_a_move_and_a_later_change_of_the_same_person(tmp_path, register):
    weekly(
        tmp_path,
        [moved("2026-11-16", "7421BB"), person(A, mutatie="gewijzigd", postcode="7421BB", telefoon="0612345678")],
        register,
    )  # fmt: skip
    assert addresses() == [
        ("7411AB", "GM0150", D(2026, 11, 13), D(2026, 11, 15)),
        ("7421BB", "GM0150", D(2026, 11, 16), None),
    ]
    assert Person.objects.with_bsn(A).get().phone == "0612345678"


def test_a_move_out_of_the_region_is_recorded_by_the_losing_region(tmp_path, register):
    run = weekly(
        tmp_path,
        [moved("2026-11-18", "7001AA", gemeentecode="GM0222", woonplaats="Doetinchem")],
        register,
    )
    assert run.rows_rejected == 0
    assert addresses() == [
        ("7411AB", "GM0150", D(2026, 11, 13), D(2026, 11, 17)),
        ("7001AA", "GM0222", D(2026, 11, 18), None),
    ]
    noor = Person.objects.with_bsn(A).get()
    assert noor.municipality.region.code == "RMC12"
    assert list(run.changed_person_ids()) == [noor.pk]


def test_a_move_out_of_the_region_of_someone_living_elsewhere_is_refused(tmp_path, register):
    achterhoek = Region.objects.get(code="RMC12")
    deliver(tmp_path, [person(BSNS[2], gemeentecode="GM0222")], area=achterhoek, on=D(2026, 11, 13))
    run = weekly(
        tmp_path,
        [
            person(BSNS[2], mutatie="verhuisd", mutatiedatum="2026-11-18", gemeentecode="GM0222"),
            person(BSNS[3], mutatie="verhuisd", mutatiedatum="2026-11-18", gemeentecode="GM0222"),
            person(B, mutatie="gewijzigd"),  # a good row: a delivery of only bad ones is refused
        ],
        register,
    )
    rejected = list(RejectedRow.objects.filter(run=run).values_list("line", "field", "message"))
    assert rejected == [
        (
            line,
            "gemeentecode",
            "verhuizing naar Doetinchem (GM0222), buiten de regio Stedendriehoek, van iemand die "
            "niet in de regio Stedendriehoek woont",
        )
        for line in (2, 3)
    ]
    assert addresses(BSNS[2])[-1][2:] == (D(2026, 11, 13), None)
    assert not Person.objects.with_bsn(BSNS[3]).exists()


def test_only_a_move_may_name_a_municipality_outside_the_region(tmp_path, register):
    run = weekly(
        tmp_path,
        [person(A, mutatie="gewijzigd", gemeentecode="GM0222"), person(B, mutatie="gewijzigd")],
        register,
    )
    assert list(RejectedRow.objects.filter(run=run).values_list("field", "message")) == [
        ("gemeentecode", "de persoon woont in Doetinchem (GM0222), buiten de regio Stedendriehoek")
    ]
    assert Person.objects.with_bsn(A).get().municipality.code == "GM0150"


def test_a_person_moving_in_and_out_again_in_one_delivery(tmp_path, register):
    newcomer = BSNS[4]
    weekly(
        tmp_path,
        [
            person(newcomer, mutatie="verhuisd", mutatiedatum="2026-11-14"),
            enrolment(newcomer, "I1", mutatie="toegevoegd"),
            person(newcomer, mutatie="verhuisd", mutatiedatum="2026-11-18", gemeentecode="GM0222"),
        ],
        register,
    )
    assert addresses(newcomer) == [
        ("7411AB", "GM0150", D(2026, 11, 14), D(2026, 11, 17)),
        ("7411AB", "GM0222", D(2026, 11, 18), None),
    ]
    assert Person.objects.with_bsn(newcomer).get().enrolments.count() == 1


def test_signalling_closes_the_signal_of_someone_who_moved_out(tmp_path, register):
    on = D(2026, 11, 20)
    dropped_out = enrolment(A, "I1", mutatie="gewijzigd", einddatum="2026-02-28")
    weekly(tmp_path, [dropped_out], register, on=D(2026, 11, 14))
    signal_region(register, on=on)
    assert Signal.objects.open().filter(person__bsn_hash=lookup_hash(A), region=register).exists()
    run = weekly(
        tmp_path,
        [moved("2026-11-18", "7001AA", gemeentecode="GM0222", woonplaats="Doetinchem")],
        register,
    )
    signal_persons(run.changed_person_ids(), on=on)
    old = Signal.objects.get(person__bsn_hash=lookup_hash(A), region=register)
    assert old.resolution == Resolution.MOVED_OUT
    assert old.resolution_reason.startswith("verhuisd naar Doetinchem")
