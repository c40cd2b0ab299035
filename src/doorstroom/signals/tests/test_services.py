"""Signalling over the register: each kind of signal from register data, with its boundary
days; closing by the register; one signal per need whatever the number of sources; and
re-running on unchanged data creates nothing."""

import random
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from doorstroom import dates
from doorstroom.cases.factories import CaseFactory
from doorstroom.deliveries.models import DeliveryKind, ReportKind, ReportSource, ReportStatus
from doorstroom.deliveries.tests.builders import BSNS, deliver, enrolment
from doorstroom.deliveries.tests.builders import person as row
from doorstroom.people.choices import Desk, EducationKind, ExemptionArticle
from doorstroom.people.factories import (
    EnrolmentFactory,
    ExemptionFactory,
    PersonFactory,
    ResultFactory,
)
from doorstroom.people.models import Enrolment, IncomeMatch, Person
from doorstroom.people.rules import is_jikp
from doorstroom.people.services import record_move
from doorstroom.regions.factories import SchoolFactory
from doorstroom.regions.loading import DEMO_FILES, load_reference_data
from doorstroom.regions.models import Municipality
from doorstroom.signals.choices import Resolution, SignalKind, SignalStatus, SourceKind
from doorstroom.signals.detection import findings, jikp_year
from doorstroom.signals.factories import ReportFactory, SignalFactory
from doorstroom.signals.models import Cohort, CohortMembership, Signal, SignalRun
from doorstroom.signals.reading import (
    SHORT_QUERY_SETTINGS,
    candidates,
    changed_candidates,
    load,
    possible_jikp,
    preselected,
    preselected_by_region,
    short_query_plans,
)
from doorstroom.signals.services import signal_persons, signal_region, signal_regions
from doorstroom.signals.writing import Writes, write

pytestmark = pytest.mark.django_db
ON = date(2026, 11, 25)
K = EducationKind


def left_school(person, last_day=date(2026, 6, 30), kind=K.MBO_2, start=date(2023, 8, 1)):
    return EnrolmentFactory(person=person, kind=kind, start_date=start, end_date=last_day)


def vsv(municipality, born=date(2006, 3, 1), **kwargs):
    person = PersonFactory(municipality=municipality, date_of_birth=born)
    left_school(person, **kwargs)
    return person


def open_signals(person=None):
    signals = Signal.objects.open()
    return signals.filter(person=person) if person else signals


# New vsv'er -----------------------------------------------------------------------------


def test_a_vsvers_signal_comes_from_the_register_with_reason_rule_school_and_deadline(
    region, deventer
):
    person = vsv(deventer)
    school = person.enrolments.get().school
    run = signal_region(region, on=ON)
    signal = Signal.objects.get()
    assert (signal.person, signal.kind, signal.desk, signal.status) == (
        person, SignalKind.NEW_VSV, Desk.DOORSTROOMPUNT, SignalStatus.NEW,
    )  # fmt: skip
    assert signal.reason.startswith("20 jaar, niet ingeschreven sinds 1 juli 2026 (laatst mbo-2)")
    assert "Leerplichtwet" in signal.rule
    assert (signal.raised_on, signal.due_on) == (ON, ON + timedelta(days=28))
    assert signal.school == school
    assert [s.kind for s in signal.sources.all()] == [SourceKind.REGISTER]
    assert (run.raised, run.closed) == (1, 0)


def test_re_running_on_unchanged_data_creates_nothing(region, deventer):
    vsv(deventer)
    PersonFactory(municipality=deventer, date_of_birth=date(2010, 5, 10))  # absoluut verzuim
    first = signal_region(region, on=ON)
    again = signal_region(region, on=ON)
    also_delta = signal_persons(open_signals().values_list("person_id", flat=True), on=ON)
    assert first.raised == 2
    assert (again.raised, again.closed, also_delta.raised, also_delta.closed) == (0, 0, 0, 0)
    assert Signal.objects.count() == 2


def test_a_query_of_changed_persons_signals_what_their_list_of_ids_signals(region, deventer):
    # After an import the database reads the changed persons itself (a subquery); a melding
    # hands over a list. Both look at exactly these persons, and at no one else.
    vsv(deventer)
    PersonFactory(municipality=deventer, date_of_birth=date(2010, 5, 10))  # absoluut verzuim
    back = vsv(deventer, born=date(2007, 1, 5))
    signal_persons([back.pk], on=ON - timedelta(days=7))
    EnrolmentFactory(person=back, kind=K.MBO_3, start_date=ON)
    not_changed = vsv(deventer, born=date(2005, 9, 9))
    changed = Person.objects.exclude(pk=not_changed.pk).values_list("id", flat=True)

    def signalled(ids):
        run = signal_persons(ids, on=ON)
        found = sorted(
            Signal.objects.values_list("person_id", "kind", "status", "resolution", "reason")
        )
        return (run.checked, run.raised, run.closed), found

    by_query = signalled(changed)
    Signal.objects.filter(raised_on=ON).delete()
    Signal.objects.filter(person=back).update(
        status=SignalStatus.NEW, resolution="", resolution_reason="", closed_on=None
    )
    assert signalled(list(changed)) == by_query
    assert by_query[0] == (3, 2, 1)
    assert not_changed.pk not in {person for person, *_ in by_query[1]}


def test_the_last_day_of_enrolment_is_still_a_school_day(region, deventer):
    vsv(deventer, last_day=ON)
    assert signal_region(region, on=ON).raised == 0
    assert signal_region(region, on=ON + timedelta(days=1)).raised == 1


def test_the_deadline_is_the_regions_setting(region, deventer):
    region.contact_deadline_days = 14
    region.save()
    vsv(deventer)
    signal_region(region, on=ON)
    assert Signal.objects.get().due_on == date(2026, 12, 9)


# Absoluut verzuim -----------------------------------------------------------------------


def test_kwalificatieplichtig_and_not_enrolled_is_absoluut_verzuim_at_the_leerplicht_desk(
    region, deventer
):
    person = PersonFactory(municipality=deventer, date_of_birth=date(2010, 5, 10))
    left_school(person, last_day=date(2026, 7, 31), kind=K.VMBO_KB, start=date(2022, 8, 1))
    ResultFactory(person=person, kind=K.VMBO_KB, obtained_on=date(2026, 7, 10))
    signal_region(region, on=ON)
    signal = Signal.objects.get()
    assert (signal.kind, signal.desk) == (SignalKind.ABSOLUTE_ABSENCE, Desk.LEERPLICHT)
    assert (
        signal.reason
        == "kwalificatieplichtig, niet ingeschreven sinds 1 augustus 2026 (laatst vmbo-kb)"
    )


def test_leerplicht_starts_the_month_after_the_fifth_birthday(region, deventer):
    PersonFactory(municipality=deventer, date_of_birth=date(2021, 11, 2))
    assert signal_region(region, on=date(2026, 11, 30)).raised == 0
    assert signal_region(region, on=date(2026, 12, 1)).raised == 1


# Closing by the register ----------------------------------------------------------------


def test_back_in_education_closes_the_signal_from_the_first_school_day(region, deventer):
    person = vsv(deventer)
    signal_region(region, on=ON)
    EnrolmentFactory(person=person, kind=K.MBO_2, start_date=date(2026, 12, 1))
    assert signal_region(region, on=date(2026, 11, 30)).closed == 0
    assert signal_region(region, on=date(2026, 12, 1)).closed == 1
    signal = Signal.objects.get()
    assert (signal.status, signal.resolution, signal.closed_on) == (
        SignalStatus.CLOSED, Resolution.BACK_IN_EDUCATION, date(2026, 12, 1),
    )  # fmt: skip
    assert signal.resolution_reason == "ingeschreven (mbo-2)"


def test_leaving_school_again_after_the_signal_closed_raises_a_new_one(region, deventer):
    # 'a signal closed when its cause ends': back at school closes it; out again is a new need.
    person = vsv(deventer)
    signal_region(region, on=ON)
    back = EnrolmentFactory(person=person, kind=K.MBO_2, start_date=date(2026, 12, 1))
    signal_region(region, on=date(2026, 12, 1))
    back.end_date = date(2027, 2, 28)
    back.save()
    assert signal_region(region, on=date(2027, 2, 28)).raised == 0  # the last day enrolled
    assert signal_region(region, on=date(2027, 3, 1)).raised == 1
    first, second = Signal.objects.order_by("raised_on")
    assert (first.status, first.resolution) == (SignalStatus.CLOSED, Resolution.BACK_IN_EDUCATION)
    assert (second.kind, second.status, second.raised_on) == (
        SignalKind.NEW_VSV, SignalStatus.NEW, date(2027, 3, 1),
    )  # fmt: skip
    assert second.reason.startswith("21 jaar, niet ingeschreven sinds 1 maart 2027")


def test_a_startkwalificatie_closes_the_signal(region, deventer):
    person = vsv(deventer)
    signal_region(region, on=ON)
    ResultFactory(person=person, kind=K.HAVO, obtained_on=date(2026, 12, 3))
    signal_region(region, on=date(2026, 12, 3))
    assert Signal.objects.get().resolution == Resolution.STARTKWALIFICATIE


def test_turning_18_hands_over_to_the_doorstroompunt_with_the_history(region, deventer):
    person = PersonFactory(municipality=deventer, date_of_birth=date(2008, 12, 10))
    left_school(person, last_day=date(2026, 7, 31))
    signal_region(region, on=ON)
    at_leerplicht = Signal.objects.get()
    assert at_leerplicht.desk == Desk.LEERPLICHT
    assert signal_region(region, on=date(2026, 12, 9)).raised == 0
    signal_region(region, on=date(2026, 12, 10))
    at_leerplicht.refresh_from_db()
    assert at_leerplicht.resolution == Resolution.HANDED_OVER
    (handover,) = open_signals(person)
    assert (handover.kind, handover.desk, handover.handed_over_from) == (
        SignalKind.ADULT_HANDOVER, Desk.DOORSTROOMPUNT, at_leerplicht,
    )  # fmt: skip
    assert "gemeld 25 november 2026" in handover.reason


def test_back_at_school_before_18_told_after_it_closes_without_a_handover(region, deventer):
    # The weekly delivery tells the enrolment of 5 December after the 18th birthday (10
    # December): the need is met, not handed over to a desk whose target group is 'jongeren
    # tot 27 jaar zonder startkwalificatie' (seed 000).
    person = PersonFactory(municipality=deventer, date_of_birth=date(2008, 12, 10))
    left_school(person, last_day=date(2026, 7, 31))
    signal_region(region, on=ON)
    EnrolmentFactory(person=person, kind=K.MBO_2, start_date=date(2026, 12, 5))
    signal_region(region, on=date(2026, 12, 11))
    assert Signal.objects.get().resolution == Resolution.BACK_IN_EDUCATION
    assert not open_signals(person).exists()


def test_born_on_29_february_turns_18_on_1_march_and_is_handed_over_then(region, deventer):
    # 'from 18, the Doorstroompunt', by age on the day: in a year without 29 February the
    # 18th birthday is 1 March (dates.birthday_in_year), so 28 February is still leerplicht's.
    person = PersonFactory(municipality=deventer, date_of_birth=date(2008, 2, 29))
    left_school(person, last_day=date(2025, 12, 31))
    signal_region(region, on=date(2026, 2, 28))
    at_leerplicht = Signal.objects.get()
    assert (at_leerplicht.kind, at_leerplicht.desk) == (
        SignalKind.ABSOLUTE_ABSENCE, Desk.LEERPLICHT,
    )  # fmt: skip
    signal_region(region, on=date(2026, 3, 1))
    at_leerplicht.refresh_from_db()
    assert at_leerplicht.resolution == Resolution.HANDED_OVER
    (handover,) = open_signals(person)
    assert (handover.kind, handover.desk) == (SignalKind.ADULT_HANDOVER, Desk.DOORSTROOMPUNT)


def test_born_on_29_february_leaves_at_the_upper_age_on_1_march(region, deventer):
    vsv(deventer, born=date(2000, 2, 29))
    signal_region(region, on=date(2027, 2, 28))  # 26
    assert open_signals().count() == 1
    signal_region(region, on=date(2027, 3, 1))  # 27
    assert Signal.objects.get().resolution == Resolution.UPPER_AGE


def closed_as(case):
    case.refresh_from_db()
    return case.state, case.outcome, case.closed_on, case.closing_reason


def test_reaching_the_upper_age_closes_the_signal_and_the_case_with_a_reason(region, deventer):
    # 'reaches the upper age (leaves the caseload with a closing reason)'
    person = vsv(deventer, born=date(1999, 12, 1))
    signal_region(region, on=ON)
    case = CaseFactory(person=person, region=region)
    assert signal_region(region, on=date(2026, 11, 30)).closed == 0
    assert closed_as(case)[0] != "afgesloten"
    signal_region(region, on=date(2026, 12, 1))
    signal = Signal.objects.get()
    assert signal.resolution == Resolution.UPPER_AGE
    assert signal.resolution_reason == "27 jaar: de regio volgt jongeren tot 27 jaar"
    assert closed_as(case) == (
        "afgesloten", "bovengrens", date(2026, 12, 1), "27 jaar: de regio volgt jongeren tot 27 jaar"
    )  # fmt: skip


def test_a_region_with_a_lower_upper_age_signals_only_below_it(region, deventer):
    region.upper_age = 23
    region.save()
    vsv(deventer, born=date(2003, 1, 1))
    vsv(deventer, born=date(2003, 12, 1))
    assert signal_region(region, on=ON).raised == 1


def test_moving_out_hands_the_signal_to_the_new_regions_desk_and_ends_the_old_case(
    region, deventer, doetinchem
):
    person = vsv(deventer)
    signal_region(region, on=ON)
    case = CaseFactory(person=person, region=region)
    record_move(
        person, by=None, reason="test", municipality=doetinchem, moved_on=date(2026, 11, 20),
        street="Dorpsstraat", house_number=1, postcode="7001AA",
    )  # fmt: skip
    signal_persons([person.pk], on=ON)
    old = Signal.objects.get(region=region)
    assert old.resolution == Resolution.MOVED_OUT
    assert (
        old.resolution_reason
        == "verhuisd naar Doetinchem; overgedragen aan het loket van Achterhoek"
    )
    new = Signal.objects.get(region=doetinchem.region)
    assert (new.kind, new.status) == (SignalKind.NEW_VSV, SignalStatus.NEW)
    assert closed_as(case) == (
        "afgesloten", "onvindbaar", ON,
        "verhuisd naar Doetinchem; overgedragen aan het loket van Achterhoek",
    )  # fmt: skip
    assert new.case is None  # the new region opens its own case from the handed-over signal


def test_emigrating_closes_the_signal_and_the_case(region, deventer):
    person = vsv(deventer)
    signal_region(region, on=ON)
    case = CaseFactory(person=person, region=region)
    person.date_of_emigration = date(2026, 11, 20)
    person.save()
    signal_persons([person.pk], on=ON)
    assert Signal.objects.get().resolution == Resolution.EMIGRATED
    assert closed_as(case) == (
        "afgesloten", "onvindbaar", ON, "vertrokken naar het buitenland op 20 november 2026"
    )  # fmt: skip


def test_death_closes_every_signal_case_and_melding(region, deventer, coach):
    person = vsv(deventer)
    report = ReportFactory(person=person, subject=ReportKind.CONCERN)
    signal_region(region, on=ON)
    assert open_signals(person).count() == 2
    case = CaseFactory(person=person)
    person.date_of_death = date(2026, 12, 1)
    person.save()
    signal_persons([person.pk], on=date(2026, 12, 1))
    assert not open_signals(person).exists()
    assert set(Signal.objects.values_list("resolution", flat=True)) == {Resolution.DIED}
    case.refresh_from_db()
    report.refresh_from_db()
    assert (case.state, case.outcome, case.closed_on) == (
        "afgesloten",
        "overleden",
        date(2026, 12, 1),
    )
    assert report.status == ReportStatus.CLOSED


@pytest.mark.parametrize(
    ("born", "died", "status"),
    [
        # 'died (closes everything, no further letters)'
        (date(2006, 3, 1), date(2026, 11, 24), ReportStatus.CLOSED),
        # 'reaches the upper age: leaves the caseload' (27 on 25 November 2026)
        (date(1999, 11, 25), None, ReportStatus.CLOSED),
        # the day before: the Doorstroompunt takes it up
        (date(1999, 11, 26), None, ReportStatus.REGISTERED),
    ],
    ids=["died", "27 today", "27 tomorrow"],
)
def test_a_melding_no_desk_will_ever_take_up_is_closed_not_left_waiting(
    region, deventer, born, died, status
):
    person = PersonFactory(municipality=deventer, date_of_birth=born, date_of_death=died)
    report = ReportFactory(person=person, subject=ReportKind.CONCERN)
    signal_persons([person.pk], on=ON)
    report.refresh_from_db()
    assert report.status == status
    assert open_signals(person).count() == (status == ReportStatus.REGISTERED)


def test_a_melding_a_valid_vrijstelling_covers_waits_for_its_end(region, deventer):
    person = PersonFactory(municipality=deventer, date_of_birth=date(2012, 5, 1))
    ExemptionFactory(
        person=person, article=ExemptionArticle.PHYSICAL, start_date=date(2026, 8, 1), end_date=None
    )
    report = ReportFactory(person=person, subject=ReportKind.LEFT_SCHOOL)
    signal_persons([person.pk], on=ON)
    report.refresh_from_db()
    assert report.status == ReportStatus.REGISTERED
    assert not open_signals(person).exists()


def test_the_inlichtingenbureau_priority_follows_the_open_signal(region, deventer):
    person = vsv(deventer)
    signal_region(region, on=ON)
    IncomeMatch.objects.create(person=person, priority=1, reported_on=ON)
    signal_persons([person.pk], on=ON)
    assert Signal.objects.get().priority == 1


def test_a_corrected_date_of_birth_follows_to_the_open_signal(region, deventer):
    # The work queue sorts on the signal's copy of it; a delivery corrects the register.
    person = vsv(deventer)
    signal_region(region, on=ON)
    assert Signal.objects.get().date_of_birth == date(2006, 3, 1)
    Person.objects.filter(pk=person.pk).update(date_of_birth=date(2006, 4, 1))
    signal_persons([person.pk], on=ON)
    assert Signal.objects.get().date_of_birth == date(2006, 4, 1)


# Vrijstellingen -------------------------------------------------------------------------


def sixteen(deventer):
    person = PersonFactory(municipality=deventer, date_of_birth=date(2010, 5, 10))
    left_school(person, last_day=date(2026, 7, 31), kind=K.VMBO_KB, start=date(2022, 8, 1))
    return person


def test_a_valid_vrijstelling_stops_the_signal_and_its_end_raises_one_once(region, deventer):
    person = sixteen(deventer)
    ExemptionFactory(person=person, article=ExemptionArticle.PHYSICAL, end_date=date(2026, 12, 31))
    assert signal_region(region, on=ON).raised == 0
    assert signal_region(region, on=date(2026, 12, 31)).raised == 0
    signal_region(region, on=date(2027, 1, 1))
    (ended,) = open_signals(person)
    assert ended.kind == SignalKind.EXEMPTION_ENDED
    assert ended.reason.startswith("vrijstelling art. 5 onder a is geëindigd op 31 december 2026")
    assert signal_region(region, on=date(2027, 1, 2)).raised == 0
    Signal.objects.filter(pk=ended.pk).update(status=SignalStatus.CLOSED)
    signal_region(region, on=date(2027, 1, 3))
    (absent,) = open_signals(person)
    assert absent.kind == SignalKind.ABSOLUTE_ABSENCE


def test_a_vrijstelling_registered_later_closes_the_open_signal(region, deventer):
    person = sixteen(deventer)
    signal_region(region, on=ON)
    ExemptionFactory(person=person, article=ExemptionArticle.QUALIFICATION, start_date=ON)
    signal_persons([person.pk], on=ON)
    assert Signal.objects.get().resolution == Resolution.EXEMPTED


def test_article_11_does_not_stop_absoluut_verzuim(region, deventer):
    ExemptionFactory(person=sixteen(deventer), article=ExemptionArticle.ATTENDANCE)
    assert signal_region(region, on=ON).raised == 1


def test_of_two_vrijstellingen_ended_on_one_day_the_signal_names_the_newest(region, deventer):
    person = sixteen(deventer)
    last_day = date(2026, 10, 31)
    ExemptionFactory(
        person=person, article=ExemptionArticle.PHYSICAL, start_date=date(2026, 8, 1),
        end_date=last_day,
    )  # fmt: skip
    ExemptionFactory(
        person=person, article=ExemptionArticle.ABROAD, start_date=date(2026, 9, 1),
        end_date=last_day,
    )  # fmt: skip
    signal_region(region, on=ON)
    ended = Signal.objects.get(kind=SignalKind.EXEMPTION_ENDED)
    assert ended.reason.startswith("vrijstelling art. 5 onder c is geëindigd op 31 oktober 2026")


def test_a_persons_enrolments_are_read_in_the_order_they_were_recorded_whatever_the_plan(
    deventer,
):
    """The reason lists them ("ingeschreven (vso, po)") and the last school is the first of
    two begun on one day: another order, PostgreSQL's table order after an update, wrote
    another signal for the same register (test_recheck found it)."""
    person = PersonFactory(municipality=deventer, date_of_birth=date(2012, 3, 1))
    first = EnrolmentFactory(person=person, kind=K.VSO, start_date=date(2025, 8, 1))
    second = EnrolmentFactory(person=person, kind=K.PO, start_date=date(2025, 8, 1))
    assert first.school_id != second.school_id
    # Two updates of an indexed column write the row anew, with new index entries: in
    # PostgreSQL's table and index the first one now comes last.
    Enrolment.objects.filter(pk=first.pk).update(start_date=date(2025, 8, 2))
    Enrolment.objects.filter(pk=first.pk).update(start_date=date(2025, 8, 1))
    (loaded,) = load([person.pk], ON).values()
    assert [e.kind for e in loaded.situation.facts.enrolments] == [K.VSO, K.PO]
    assert loaded.school_id == first.school_id


def test_reading_a_batchs_vrijstellingen_does_not_join_their_persons(deventer):
    """Exemption's own ordering sorts by the persons' names: on SQLite that looked up the
    person of every id of the batch, for a table that is mostly empty (BENCHMARKS.md,
    session 19)."""
    person = sixteen(deventer)
    ExemptionFactory(person=person, article=ExemptionArticle.PHYSICAL)
    with CaptureQueriesContext(connection) as queries:
        (loaded,) = load([person.pk], ON).values()
    assert [e.article for e in loaded.situation.exemptions] == [ExemptionArticle.PHYSICAL]
    (read,) = [q["sql"] for q in queries if 'FROM "people_exemption"' in q["sql"]]
    assert "people_person" not in read


# Meldingen and deduplication ------------------------------------------------------------


def test_a_melding_and_the_register_in_the_same_week_are_one_signal_with_two_sources(
    region, deventer
):
    person = vsv(deventer)
    ReportFactory(person=person, subject=ReportKind.LEFT_SCHOOL)
    signal_region(region, on=ON)
    signal = Signal.objects.get()
    assert signal.kind == SignalKind.NEW_VSV
    assert sorted(s.kind for s in signal.sources.all()) == [SourceKind.REPORT, SourceKind.REGISTER]


def test_a_melding_first_then_the_register_joins_it(region, deventer):
    person = PersonFactory(municipality=deventer, date_of_birth=date(2006, 3, 1))
    EnrolmentFactory(person=person, start_date=date(2023, 8, 1))  # DUO does not know yet
    ReportFactory(person=person, subject=ReportKind.LEFT_SCHOOL)
    signal_persons([person.pk], on=ON)
    signal = Signal.objects.get()
    assert (signal.kind, signal.from_register) == (SignalKind.NEW_VSV, False)
    assert signal_region(region, on=ON).closed == 0  # the open enrolment does not close it
    person.enrolments.update(end_date=date(2026, 11, 15))
    signal_persons([person.pk], on=ON)
    signal.refresh_from_db()
    assert signal.from_register
    assert Signal.objects.count() == 1
    assert signal.sources.count() == 2


def test_a_melding_joins_the_open_signal_that_carries_its_need(region, deventer):
    # The end of a vrijstelling carries the need it leaves (absoluut verzuim here): a school's
    # uitschrijving about the same young person is one more source of it, not a second signal.
    person = sixteen(deventer)
    ExemptionFactory(person=person, article=ExemptionArticle.PHYSICAL, end_date=date(2026, 12, 31))
    signal_region(region, on=date(2027, 1, 1))
    ReportFactory(person=person, subject=ReportKind.LEFT_SCHOOL)
    signal_persons([person.pk], on=date(2027, 1, 2))
    (signal,) = open_signals(person)
    assert signal.kind == SignalKind.EXEMPTION_ENDED
    assert sorted(s.kind for s in signal.sources.all()) == [SourceKind.REPORT, SourceKind.REGISTER]


def test_two_meldingen_about_the_same_need_are_one_signal(region, deventer):
    person = PersonFactory(municipality=deventer, date_of_birth=date(2006, 3, 1))
    ReportFactory(person=person, subject=ReportKind.ABSENCE, kind="18_plus")
    ReportFactory(person=person, subject=ReportKind.ABSENCE, kind="overig")
    signal_region(region, on=ON)
    signal = Signal.objects.get()
    assert (signal.kind, signal.desk, signal.sources.count()) == (
        SignalKind.ABSENCE_REPORT, Desk.DOORSTROOMPUNT, 2,
    )  # fmt: skip


def test_a_verzuimmelding_under_18_goes_to_the_leerplicht_desk(region, deventer):
    person = PersonFactory(municipality=deventer, date_of_birth=date(2010, 5, 10))
    EnrolmentFactory(person=person, kind=K.MBO_1, start_date=date(2026, 8, 1))
    school = SchoolFactory()
    ReportFactory(person=person, subject=ReportKind.ABSENCE, kind="16_uur", school=school)
    signal_region(region, on=ON)
    signal = Signal.objects.get()
    assert (signal.kind, signal.desk, signal.school) == (
        SignalKind.ABSENCE_REPORT, Desk.LEERPLICHT, school,
    )  # fmt: skip


def test_an_18_plus_verzuimmelding_goes_to_the_doorstroompunt(region, deventer):
    # 'Doorstroompunt 18-plus verzuim (mbo student of 18 up to 27)'
    person = PersonFactory(municipality=deventer, date_of_birth=date(2000, 3, 1))  # 26
    EnrolmentFactory(person=person, kind=K.MBO_3, start_date=date(2025, 8, 1))
    ReportFactory(person=person, subject=ReportKind.ABSENCE, kind="18_plus")
    signal_region(region, on=ON)
    signal = Signal.objects.get()
    assert (signal.kind, signal.desk) == (SignalKind.ABSENCE_REPORT, Desk.DOORSTROOMPUNT)
    assert "Wet van school naar duurzaam werk" in signal.rule


def test_a_verzuimmelding_of_the_day_before_the_18th_birthday_raised_on_it_goes_to_the_doorstroompunt(
    region, deventer
):
    # Routed 'by age on the day of the signal': the day it is raised, when leerplicht has no
    # say any more; it keeps the day of the melding and the rule of the verzuim at 17.
    person = PersonFactory(municipality=deventer, date_of_birth=date(2008, 11, 25))
    EnrolmentFactory(person=person, kind=K.MBO_2, start_date=date(2025, 8, 1))
    ReportFactory(
        person=person, subject=ReportKind.ABSENCE, kind="16_uur",
        reported_at=timezone.make_aware(datetime(2026, 11, 24, 12)),
    )  # fmt: skip
    signal_region(region, on=ON)
    signal = Signal.objects.get()
    assert (signal.desk, signal.raised_on) == (Desk.DOORSTROOMPUNT, date(2026, 11, 24))
    assert "Leerplichtwet 1969 art. 21" in signal.rule


def test_a_withdrawn_or_handled_melding_raises_nothing(region, deventer):
    person = PersonFactory(municipality=deventer, date_of_birth=date(2006, 3, 1))
    ReportFactory(person=person, status=ReportStatus.WITHDRAWN)
    ReportFactory(person=person, status=ReportStatus.ACKNOWLEDGED, source=ReportSource.ROD)
    assert signal_region(region, on=ON).raised == 0


# JIKP -----------------------------------------------------------------------------------


def test_a_jikp_member_is_flagged_for_the_monitor_once(region, deventer):
    # 'enrolled on 1 October of year T in vmbo bb ..., and on 1 October of T+1 in mbo-1,
    # mbo-2 or out of education; aged 16 to 22': T = 2025 on 25 November 2026.
    person = PersonFactory(municipality=deventer, date_of_birth=date(2009, 6, 1))
    EnrolmentFactory(
        person=person,
        kind=K.VMBO_BB,
        mbo_pathway="",
        start_date=date(2021, 8, 1),
        end_date=date(2026, 7, 31),
    )
    EnrolmentFactory(person=person, kind=K.MBO_2, start_date=date(2026, 8, 1))
    signal_region(region, on=ON)
    signal_region(region, on=ON)
    assert list(CohortMembership.objects.values_list("person", "cohort", "year")) == [
        (person.pk, Cohort.JIKP, 2025)
    ]
    assert not Signal.objects.exists()


def test_the_jikp_cohort_stops_at_22_whatever_the_regions_upper_age(region, deventer):
    # 'aged 16 to 22 (the Doorstroompunt follows them to 27)': following a member to 27 does
    # not make a 23-year-old of the same schools a member; the monitor counts 16 to 22 too.
    assert region.upper_age == 27
    for born in (date(2003, 10, 2), date(2003, 10, 1)):  # 22 and 23 on 1 October 2026
        person = PersonFactory(municipality=deventer, date_of_birth=born)
        EnrolmentFactory(
            person=person, kind=K.MBO_1, start_date=date(2025, 8, 1), end_date=date(2026, 1, 31)
        )
    signal_region(region, on=ON)
    members = CohortMembership.objects.values_list("person__date_of_birth", flat=True)
    assert list(members) == [date(2003, 10, 2)]


# The nightly run of every region --------------------------------------------------------


def test_the_nightly_run_of_all_regions_chooses_per_region_what_its_own_run_would(
    region, deventer, other_region, doetinchem
):
    """One preselection for every region (`signal_regions`) must give each region exactly
    what its own query gives: its residents without an open signal there, by its own upper
    age; and the runs then find what region by region would."""
    other_region.upper_age = 23
    other_region.save()
    for town in (deventer, doetinchem):
        vsv(town)  # 20
        vsv(town, born=date(2001, 3, 1))  # 25: below 27, not below 23
        PersonFactory(municipality=town, date_of_birth=date(2010, 5, 10))  # absoluut verzuim
        EnrolmentFactory(
            person=PersonFactory(municipality=town, date_of_birth=date(2008, 1, 1)),
            kind=K.HAVO, start_date=date(2020, 8, 1),
        )  # fmt: skip
    night = ON - timedelta(days=1)
    signal_region(region, on=night)
    signal_region(other_region, on=night)
    moved = vsv(deventer, born=date(2004, 3, 1))  # came after the last run, then moved
    record_move(
        moved, by=None, reason="test", municipality=doetinchem, moved_on=night,
        street="Dorpsstraat", house_number=1, postcode="7001AA",
    )  # fmt: skip
    regions = [region, other_region]
    own = {}
    for each in regions:
        residents = Person.objects.filter(municipality__region=each)
        here = Signal.objects.open().filter(region=each).values("person_id")
        own[each.pk] = set(preselected(residents.exclude(id__in=here), ON, each.upper_age))
    assert preselected_by_region(regions, ON) == own
    assert moved.pk in own[other_region.pk]

    runs = list(signal_regions(regions, on=ON))
    assert [run.region for run in runs] == regions
    assert not any(run.full for run in runs)
    assert open_signals(moved).get().region == other_region
    ages = {
        (signal.region.code, dates.age_on(signal.person.date_of_birth, ON))
        for signal in open_signals().filter(kind=SignalKind.NEW_VSV)
    }
    assert ages == {("RMC11", 20), ("RMC11", 25), ("RMC12", 20), ("RMC12", 22)}


# Candidates: the region run looks only at persons that can have a finding ----------------


def test_every_person_with_a_finding_is_a_candidate_of_the_region_run(region, deventer):
    """The region run's SQL preselection must never drop a person the rules would signal,
    nor a JIKP member: a seeded mix of careers, compared person by person with the rules."""
    rng = random.Random(20261125)  # noqa: S311
    kinds = [K.PRO, K.VMBO_BB, K.VMBO_KB, K.HAVO, K.MBO_1, K.MBO_2, K.MBO_4, K.HBO]
    for _ in range(120):
        born = date(1997, 1, 1) + timedelta(days=rng.randrange(0, 365 * 26))
        person = PersonFactory(municipality=deventer, date_of_birth=born)
        for _ in range(rng.randrange(0, 3)):
            start = born + timedelta(days=rng.randrange(365 * 4, 365 * 22))
            end = rng.choice([None, start + timedelta(days=rng.randrange(1, 1500))])
            kind = rng.choice(kinds)
            EnrolmentFactory(
                person=person, kind=kind, start_date=start, end_date=end, vso_profile=""
            )
        if rng.random() < 0.3:
            ResultFactory(
                person=person, kind=rng.choice(kinds), obtained_on=born + timedelta(days=365 * 17)
            )
        if rng.random() < 0.1:
            ExemptionFactory(person=person, end_date=ON - timedelta(days=rng.randrange(-30, 30)))
    # The JIKP age bounds, for ON (cohort 2025): 16 on 1 October 2026, and 22 the day before
    # turning 23.
    edges = []
    for born in (date(2010, 10, 1), date(2003, 10, 2)):
        edges.append(PersonFactory(municipality=deventer, date_of_birth=born).pk)
        EnrolmentFactory(
            person_id=edges[-1], kind=K.VMBO_BB, mbo_pathway="", start_date=date(2025, 8, 1),
            end_date=date(2026, 7, 31),
        )  # fmt: skip
    for on in (ON, date(2026, 8, 1), date(2027, 10, 1)):
        in_region = Person.objects.filter(municipality__region=region)
        preselected = set(
            candidates(in_region, Signal.objects.none(), on, region.upper_age, jikp=False)
        )
        loaded = load(list(deventer.residents.values_list("id", flat=True)), on)
        signalled = {pk for pk, p in loaded.items() if findings(p.situation, on)}
        assert signalled, "the mix should contain persons with findings"
        assert signalled <= preselected
        year = jikp_year(on)
        members = {pk for pk, p in loaded.items() if is_jikp(p.situation.facts, year)}
        assert members, "the mix should contain JIKP members"
        assert on != ON or set(edges) <= members
        assert members <= set(possible_jikp(in_region, on))
    # A delta's candidates, chosen in one pass: the same persons as the region run's with
    # their open signals, JIKP members and meldingen, plus those counted in the cohort.
    signal_region(region, on=ON)
    ReportFactory(person=Person.objects.filter(signals__isnull=True).first())
    in_region = Person.objects.filter(municipality__region=region)
    chosen = set(candidates(in_region, Signal.objects.open(), ON, 27, jikp=True))
    # Counted in the cohort by an earlier run, and not a candidate for any other reason.
    CohortMembership.objects.create(
        person=in_region.exclude(pk__in=chosen).first(), cohort=Cohort.JIKP, year=jikp_year(ON)
    )
    counted = set(CohortMembership.objects.values_list("person_id", flat=True))
    for on in (ON, date(2026, 8, 1), date(2027, 10, 1)):
        in_region = Person.objects.filter(municipality__region=region)
        expected = set(candidates(in_region, Signal.objects.open(), on, 27, jikp=True))
        if jikp_year(on) == jikp_year(ON):
            expected |= counted
        assert Signal.objects.open().exists()
        assert set(changed_candidates(in_region, on, 27)) == expected


# After an import: the changed persons only ---------------------------------------------


def test_an_import_hands_its_changed_persons_to_signalling(
    tmp_path, django_capture_on_commit_callbacks
):
    load_reference_data(**DEMO_FILES)
    left = {"einddatum": "2026-06-30", "reden_uitschrijving": "andere verwachtingen"}
    with django_capture_on_commit_callbacks(execute=True):
        deliver(tmp_path, [
            row(BSNS[0], geboortedatum="2005-02-01"), enrolment(BSNS[0], "I1", **left),
            row(BSNS[1], geboortedatum="2005-02-01"), enrolment(BSNS[1], "I2"),
        ])  # fmt: skip
    (signal,) = Signal.objects.all()
    assert (signal.person.bsn, signal.kind) == (BSNS[0], SignalKind.NEW_VSV)
    run = SignalRun.objects.get()
    # Of the two changed persons only the one out of school can have a finding: one looked at.
    assert (run.scope, run.checked, run.raised) == (SignalRun.Scope.CHANGED, 1, 1)


def test_a_change_the_rules_do_not_read_is_not_signalled_again(
    tmp_path, django_capture_on_commit_callbacks
):
    load_reference_data(**DEMO_FILES)
    left = {"einddatum": "2026-06-30", "reden_uitschrijving": "andere verwachtingen"}
    a, b, c = BSNS[:3]
    rows = [row(bsn, geboortedatum="2005-02-01") for bsn in (a, b, c)]
    with django_capture_on_commit_callbacks(execute=True):
        deliver(
            tmp_path,
            [rows[0], enrolment(a, "I1", **left), rows[1], enrolment(b, "I2", **left), rows[2]],
            name="c.csv",
        )
    before = sorted(Signal.objects.values_list("person__bsn", "kind", "status", "checked_on"))
    moved = {"mutatie": "verhuisd", "mutatiedatum": "2026-11-24"}
    with django_capture_on_commit_callbacks(execute=True):
        run = deliver(
            tmp_path,
            [
                {**rows[0], "mutatie": "gewijzigd", "telefoon": "0612345678"},
                {**rows[1], **moved, "straat": "Brink", "postcode": "7411BB"},  # in Deventer
                {**rows[2], **moved, "gemeentecode": "GM0200", "woonplaats": "Apeldoorn"},
            ],
            kind=DeliveryKind.P,
            on=date(2026, 11, 27),
            name="p.csv",
        )
    assert run.changed_person_ids().count() == 3
    assert [Person.objects.get(pk=pk).bsn for pk in run.changed_facts_person_ids()] == [c]
    # A new phone number or an address in the same municipality changes no finding, no
    # closing and no date to look again: only the move to another municipality is looked at.
    assert SignalRun.objects.get(import_run=run).checked == 1
    after = sorted(Signal.objects.values_list("person__bsn", "kind", "status", "checked_on"))
    assert after == before
    # A full run of the region finds nothing that signalling after the delivery left out.
    full = signal_region(Municipality.objects.get(code="GM0150").region, full=True)
    assert (full.raised, full.closed) == (0, 0)


def test_someone_only_a_melding_told_us_about_is_not_read_as_never_enrolled(region, deventer):
    person = PersonFactory(
        municipality=deventer, date_of_birth=date(2011, 4, 1), reported_only=True
    )
    ReportFactory(person=person, subject=ReportKind.ABSENCE, kind="16_uur")
    signal_region(region, on=ON)
    assert [s.kind for s in Signal.objects.all()] == [SignalKind.ABSENCE_REPORT]
    # Once DUO delivers the enrolment, the register speaks for itself again.
    left_school(person, last_day=date(2026, 10, 31), kind=K.VMBO_KB, start=date(2023, 8, 1))
    signal_persons([person.pk], on=ON)
    assert open_signals(person).filter(kind=SignalKind.ABSOLUTE_ABSENCE).exists()


def test_a_delivery_of_someone_a_melding_told_us_about_makes_the_register_speak(
    tmp_path, django_capture_on_commit_callbacks
):
    load_reference_data(**DEMO_FILES)
    six = (dates.today() - timedelta(days=6 * 366)).isoformat()
    person = PersonFactory(
        bsn=BSNS[2], municipality=Municipality.objects.get(code="GM0150"),
        date_of_birth=date.fromisoformat(six), reported_only=True,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        deliver(tmp_path, [row(BSNS[2], geboortedatum=six)])
    person.refresh_from_db()
    assert not person.reported_only
    # DUO knows no enrolment of this six-year-old: absoluut verzuim.
    assert open_signals(person).get().kind == SignalKind.ABSOLUTE_ABSENCE


@pytest.mark.skipif(connection.vendor != "postgresql", reason="settings of PostgreSQL's planner")
def test_signalling_plans_for_short_queries_and_leaves_the_session_as_it_was():
    def settings() -> dict[str, str]:
        with connection.cursor() as cursor:
            shown = {}
            for name in SHORT_QUERY_SETTINGS:
                cursor.execute(f"SHOW {name}")
                shown[name] = cursor.fetchone()[0]
            return shown

    before = settings()
    with short_query_plans():
        assert settings() == SHORT_QUERY_SETTINGS
    assert settings() == before


def test_a_signal_the_desk_closed_while_a_batch_was_deciding_keeps_that_close(deventer):
    signal = SignalFactory(
        person=PersonFactory(municipality=deventer), status=SignalStatus.CLOSED, closed_on=date(2026, 11, 30),
        resolution=Resolution.CLOSED_BY_DESK, resolution_reason="gesproken met de jongere",
    )  # fmt: skip
    # the batch read it while it was open, and decided the register closes it
    write(Writes(closed=[(Resolution.BACK_IN_EDUCATION, "weer ingeschreven", signal.pk)]), ON)
    signal.refresh_from_db()
    assert (signal.closed_on, signal.resolution, signal.resolution_reason) == (
        date(2026, 11, 30),
        Resolution.CLOSED_BY_DESK,
        "gesproken met de jongere",
    )
