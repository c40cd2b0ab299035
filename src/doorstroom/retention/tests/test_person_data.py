"""Retention of what is held on young people: each file at the end of its own period, the
person with everything on them when all have passed, in batches, and a dry run that deletes
nothing."""

from datetime import date, datetime, timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.cases.choices import CaseState
from doorstroom.cases.factories import CaseFactory, OrganisationFactory
from doorstroom.cases.models import Case, Document, OfficialReport
from doorstroom.deliveries.models import Report, ReportKind
from doorstroom.partners.choices import LegalBasis
from doorstroom.partners.models import Consent, Referral
from doorstroom.people.choices import Desk, EducationKind
from doorstroom.people.factories import (
    EnrolmentFactory,
    ExemptionFactory,
    PersonFactory,
    ResultFactory,
)
from doorstroom.people.models import Enrolment, Person, Residence, Result
from doorstroom.retention import person_data, rules
from doorstroom.retention.models import RetentionPolicy
from doorstroom.retention.rules import Periods
from doorstroom.signals.choices import SignalStatus
from doorstroom.signals.factories import ReportFactory, SignalFactory
from doorstroom.signals.models import Signal, SignalSource

pytestmark = pytest.mark.django_db
ON = date(2026, 12, 1)
DEFAULTS = Periods()


def at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


def qualified(municipality, obtained_on, born=date(2000, 5, 1)):
    """Out of the target group since an mbo-2 diploma on `obtained_on`."""
    person = PersonFactory(date_of_birth=born, municipality=municipality)
    EnrolmentFactory(person=person, start_date=date(2016, 8, 1), end_date=obtained_on)
    ResultFactory(person=person, kind=EducationKind.MBO_2, obtained_on=obtained_on)
    return person


def dropped_out(municipality, born=date(2004, 5, 1)):
    """A vsv'er: still in the target group."""
    person = PersonFactory(date_of_birth=born, municipality=municipality)
    EnrolmentFactory(person=person, start_date=date(2020, 8, 1), end_date=date(2022, 7, 31))
    return person


def persons(region, on=ON, periods=DEFAULTS, dry_run=False):
    return person_data.persons(region, periods, on, dry_run=dry_run, progress=None)


def test_a_person_out_of_the_target_group_for_two_years_goes_with_everything(deventer):
    gone = qualified(deventer, date(2024, 7, 1))
    AuditEvent.objects.create(action=AuditAction.VIEW, person_id=gone.pk, username="coach")
    counts = persons(deventer.region)
    assert not Person.objects.filter(pk=gone.pk).exists()
    assert not Enrolment.objects.filter(person_id=gone.pk).exists()
    assert not Result.objects.filter(person_id=gone.pk).exists()
    assert not Residence.objects.filter(person_id=gone.pk).exists()
    assert counts["people.Person"] == 1
    assert counts["people.Enrolment"] == counts["people.Result"] == 1
    # Who looked at them stays accounted for, pointing at nobody that can be found.
    assert AuditEvent.objects.filter(person_id=gone.pk).exists()


def test_who_is_still_in_the_target_group_or_left_recently_stays(deventer):
    staying = [
        dropped_out(deventer),
        qualified(deventer, date(2024, 12, 2)),  # two years tomorrow
        qualified(deventer, date(2024, 6, 1), born=date(2008, 1, 1)),  # 19 on 1 January 2027
    ]
    ExemptionFactory(person=staying[2])  # a leerplicht decision: the file stays until 19
    assert persons(deventer.region)["people.Person"] == 0
    assert Person.objects.count() == 3


def test_the_upper_age_and_death_end_the_target_group(deventer):
    past_upper_age = dropped_out(deventer, born=date(1997, 11, 30))  # 27 on 30 Nov 2024
    died = dropped_out(deventer)
    Person.objects.filter(pk=died.pk).update(date_of_death=date(2024, 6, 1))
    young_enough = dropped_out(deventer, born=date(1997, 12, 2))
    persons(deventer.region)
    assert set(Person.objects.values_list("pk", flat=True)) == {young_enough.pk}
    assert not Person.objects.filter(pk__in=[past_upper_age.pk, died.pk]).exists()


def test_open_work_and_recent_work_keep_a_person(deventer):
    worked_on = qualified(deventer, date(2021, 7, 1))
    SignalFactory(person=worked_on, raised_on=date(2025, 11, 2))  # open
    recently = qualified(deventer, date(2021, 7, 1))
    SignalFactory(
        person=recently,
        raised_on=date(2025, 3, 2),
        status=SignalStatus.CLOSED,
        closed_on=date(2025, 6, 1),
    )
    in_aftercare = qualified(deventer, date(2021, 7, 1))
    CaseFactory(
        person=in_aftercare, state=CaseState.AFTERCARE, opened_on=date(2023, 1, 5),
        closed_on=date(2023, 6, 1),
    )  # fmt: skip
    persons(deventer.region)
    assert Person.objects.count() == 3


def test_a_verzuimmelding_keeps_the_person_five_years(deventer):
    reported = qualified(deventer, date(2022, 7, 1))
    ReportFactory(person=reported, subject=ReportKind.ABSENCE, reported_at=at(date(2022, 3, 1)))
    persons(deventer.region)
    assert Person.objects.filter(pk=reported.pk).exists()
    persons(deventer.region, on=date(2027, 3, 1))
    assert not Person.objects.filter(pk=reported.pk).exists()


def test_a_region_with_longer_periods_keeps_its_persons(deventer, doetinchem):
    RetentionPolicy.objects.create(
        region=deventer.region, target_group_file_years=3, target_group_file_source="eigen besluit"
    )
    here = qualified(deventer, date(2024, 7, 1))
    there = qualified(doetinchem, date(2024, 7, 1))
    periods = RetentionPolicy.objects.get(region=deventer.region).periods()
    persons(deventer.region, periods=periods)
    persons(doetinchem.region)
    assert Person.objects.filter(pk=here.pk).exists()
    assert not Person.objects.filter(pk=there.pk).exists()


def test_each_region_deletes_only_its_own_persons(deventer, doetinchem):
    there = qualified(doetinchem, date(2020, 7, 1))
    persons(deventer.region)
    assert Person.objects.filter(pk=there.pk).exists()


def test_persons_go_in_batches(deventer, monkeypatch):
    monkeypatch.setattr(person_data, "BATCH", 2)
    for _ in range(5):
        qualified(deventer, date(2020, 7, 1))
    seen = []
    person_data.persons(
        deventer.region, DEFAULTS, ON, dry_run=False, progress=lambda *a: seen.append(a[1:])
    )
    assert Person.objects.count() == 0
    assert seen == [(2, 5), (4, 5), (5, 5)]


def test_a_dry_run_counts_the_same_and_deletes_nothing(deventer):
    for _ in range(3):
        person = qualified(deventer, date(2020, 7, 1))
        SignalFactory(person=person, status=SignalStatus.CLOSED, raised_on=date(2021, 2, 1))
    dry = persons(deventer.region, dry_run=True)
    assert Person.objects.count() == 3
    assert dry == persons(deventer.region)
    assert dry["people.Person"] == 3 and dry["signals.Signal"] == 3
    assert Person.objects.count() == 0


def leerplicht_files(region, on=ON, dry_run=False):
    return person_data.leerplicht_files(region, DEFAULTS, on, dry_run=dry_run, progress=None)


def test_the_leerplicht_file_goes_on_the_19th_birthday_and_the_person_stays(deventer):
    nineteen = dropped_out(deventer, born=date(2007, 12, 1))
    eighteen = dropped_out(deventer, born=date(2007, 12, 2))
    closed = {"desk": Desk.LEERPLICHT, "status": SignalStatus.CLOSED, "raised_on": date(2024, 2, 1)}
    old_signal = SignalFactory(person=nineteen, **closed)
    young_signal = SignalFactory(person=eighteen, **closed)
    open_signal = SignalFactory(person=nineteen, desk=Desk.LEERPLICHT, kind="absoluut_verzuim")
    doorstroompunt = SignalFactory(person=nineteen, raised_on=date(2025, 2, 1))
    old_case = CaseFactory(
        person=nineteen, desk=Desk.LEERPLICHT, state=CaseState.CLOSED,
        opened_on=date(2024, 2, 1), closed_on=date(2025, 1, 1),
    )  # fmt: skip
    counts = leerplicht_files(deventer.region)
    assert counts["signals.Signal"] == 1 and counts["cases.Case"] == 1
    assert counts["cases.CaseEntry"] == 1  # its history went with it
    remaining = set(Signal.objects.values_list("pk", flat=True))
    assert remaining == {young_signal.pk, open_signal.pk, doorstroompunt.pk}
    assert old_signal.pk not in remaining
    assert not Case.objects.filter(pk=old_case.pk).exists()
    assert Person.objects.filter(pk=nineteen.pk).exists()


def test_a_kwalificatieplicht_file_at_the_leerplicht_desk_does_not_go_at_19(deventer):
    """'Leerplicht files until 19; kwalificatieplicht ... files 2 years after the person
    leaves the target group': 16 on 1 May 2023, leerplichtig until 31 July 2023, then
    kwalificatieplichtig; a file raised or opened after that stays with the person."""
    nineteen = dropped_out(deventer, born=date(2007, 5, 1))
    closed = {"desk": Desk.LEERPLICHT, "status": SignalStatus.CLOSED}
    SignalFactory(person=nineteen, raised_on=date(2023, 7, 31), **closed)  # last leerplicht day
    new_vsv = SignalFactory(person=nineteen, raised_on=date(2024, 9, 2), **closed)
    case = {"person": nineteen, "desk": Desk.LEERPLICHT, "state": CaseState.CLOSED}
    CaseFactory(opened_on=date(2023, 3, 1), closed_on=date(2023, 6, 1), **case)
    qualification_case = CaseFactory(opened_on=date(2023, 8, 1), closed_on=date(2024, 2, 1), **case)
    counts = leerplicht_files(deventer.region)
    assert counts["signals.Signal"] == 1 and counts["cases.Case"] == 1
    assert set(Signal.objects.values_list("pk", flat=True)) == {new_vsv.pk}
    assert set(Case.objects.values_list("pk", flat=True)) == {qualification_case.pk}


@pytest.mark.parametrize("age", [19, 20])
def test_the_sql_lets_a_leerplicht_file_go_on_the_day_the_rule_says_also_born_29_february(
    deventer, age
):
    """The selection in SQL (date of birth on or before years_before) and
    rules.leerplicht_file_ends agree: 29 February 2008 has its 19th birthday on 1 March 2027
    and its 20th on 29 February 2028."""
    born = date(2008, 2, 29)
    periods = Periods(leerplicht_file_until_age=age)
    ends = rules.leerplicht_file_ends(born, periods)
    assert ends == {19: date(2027, 3, 1), 20: date(2028, 2, 29)}[age]
    person = dropped_out(deventer, born=born)
    SignalFactory(
        person=person, desk=Desk.LEERPLICHT, status=SignalStatus.CLOSED,
        raised_on=date(2021, 3, 1),
    )  # fmt: skip

    def deleted_on(day):
        return person_data.leerplicht_files(
            deventer.region, periods, day, dry_run=True, progress=None
        ).get("signals.Signal", 0)

    assert deleted_on(ends - timedelta(days=1)) == 0
    assert deleted_on(ends) == 1


def test_only_a_leerplicht_file_keeps_the_person_until_19(deventer):
    """Both died on 1 October 2024 and went out of the target group then; two years later
    they go, but who has a leerplicht file stays until 19 (1 January 2027)."""
    with_file, without = (dropped_out(deventer, born=date(2008, 1, 1)) for _ in range(2))
    Person.objects.filter(pk__in=[with_file.pk, without.pk]).update(date_of_death=date(2024, 10, 1))
    closed = {
        "desk": Desk.LEERPLICHT,
        "status": SignalStatus.CLOSED,
        "closed_on": date(2024, 9, 20),
    }
    SignalFactory(person=with_file, raised_on=date(2024, 3, 1), **closed)  # leerplichtig
    SignalFactory(person=without, raised_on=date(2024, 9, 2), **closed)  # kwalificatieplichtig
    assert persons(deventer.region)["people.Person"] == 1
    assert set(Person.objects.values_list("pk", flat=True)) == {with_file.pk}


def absence_reports(region, on=ON):
    return person_data.absence_reports(region, DEFAULTS, on, dry_run=False, progress=None)


def test_verzuimmeldingen_go_after_five_years_unless_an_open_signal_rests_on_them(deventer):
    person = dropped_out(deventer)
    old = ReportFactory(
        person=person, subject=ReportKind.ABSENCE, reported_at=at(date(2021, 12, 1))
    )
    young = ReportFactory(
        person=person, subject=ReportKind.ABSENCE, reported_at=at(date(2021, 12, 2))
    )
    concern = ReportFactory(
        person=person, subject=ReportKind.CONCERN, reported_at=at(date(2020, 1, 1))
    )
    resting = ReportFactory(
        person=person, subject=ReportKind.ABSENCE, reported_at=at(date(2020, 1, 1))
    )
    signal = SignalFactory(person=person, kind="verzuimmelding", raised_on=date(2020, 1, 2))
    SignalSource.objects.create(
        signal=signal, kind="melding", report=resting, noted_on=date(2020, 1, 2)
    )
    counts = absence_reports(deventer.region)
    assert counts["deliveries.Report"] == 1
    assert set(Report.objects.values_list("pk", flat=True)) == {young.pk, concern.pk, resting.pk}
    assert not Report.objects.filter(pk=old.pk).exists()
    assert Person.objects.filter(pk=person.pk).exists()


def test_a_proces_verbaal_keeps_its_leerplicht_case_and_person_five_years(deventer):
    """'verzuimmeldingen and processen-verbaal 5 years after first processing': the leerplicht
    file goes at 19, but not a case with a proces-verbaal younger than that."""
    nineteen = qualified(deventer, date(2024, 6, 1), born=date(2007, 6, 1))
    case = CaseFactory(
        person=nineteen, desk=Desk.LEERPLICHT, state=CaseState.CLOSED,
        opened_on=date(2023, 1, 10), closed_on=date(2023, 9, 1),
    )  # fmt: skip
    OfficialReport.objects.create(
        case=case,
        first_hearing_on=date(2023, 2, 1),
        reported_on=date(2023, 1, 10),
        deadline=date(2023, 3, 1),
    )
    assert leerplicht_files(deventer.region) == {}
    assert persons(deventer.region)["people.Person"] == 0
    assert Case.objects.filter(pk=case.pk).exists()
    # Five years after the melding was received, both go.
    later = date(2028, 1, 10)
    assert leerplicht_files(deventer.region, on=later)["cases.OfficialReport"] == 1
    assert persons(deventer.region, on=later)["people.Person"] == 1


def test_a_deleted_persons_documents_leave_the_disk_too(
    deventer, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    gone = qualified(deventer, date(2021, 7, 1))
    case = CaseFactory(
        person=gone, state=CaseState.CLOSED, opened_on=date(2022, 1, 3), closed_on=date(2022, 6, 1)
    )
    document = Document.objects.create(
        case=case, title="brief", file=ContentFile(b"%PDF-1.7 brief aan Noor", name="brief.pdf"),
        content_type="application/pdf", size=23,
    )  # fmt: skip
    stored = tmp_path / document.file.name
    assert stored.exists()
    dry = persons(deventer.region, dry_run=True)
    assert dry["bestanden"] == 1 and stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        counts = persons(deventer.region)
    assert counts["cases.Document"] == 1 and counts["bestanden"] == 1
    assert not stored.exists()


def test_a_case_that_another_case_still_needs_is_kept_and_counted(deventer):
    """A consent given in the leerplicht case and used by a referral of the Doorstroompunt
    case (PROTECT): the leerplicht case cannot go yet; the rest of its batch does."""
    nineteen = dropped_out(deventer, born=date(2007, 6, 1))
    closed = {
        "state": CaseState.CLOSED,
        "opened_on": date(2023, 1, 9),  # leerplichtig: the school year of the 16th birthday
        "closed_on": date(2025, 5, 1),
    }
    blocked = CaseFactory(person=nineteen, desk=Desk.LEERPLICHT, **closed)
    free = CaseFactory(
        person=dropped_out(deventer, born=date(2007, 6, 1)), desk=Desk.LEERPLICHT, **closed
    )
    doorstroompunt = CaseFactory(person=nineteen, opened_on=date(2025, 6, 1))
    partner = OrganisationFactory(region=deventer.region)
    consent = Consent.objects.create(
        person=nineteen, case=blocked, organisation=partner, scope="naam", given_on=date(2025, 1, 2)
    )
    Referral.objects.create(
        case=doorstroompunt, organisation=partner, referred_on=date(2025, 6, 2), reason="werk",
        legal_basis=LegalBasis.CONSENT, consent=consent, shared="naam",
        shared_until=date(2026, 6, 2),
    )  # fmt: skip
    counts = leerplicht_files(deventer.region)
    assert counts["cases.Case"] == 1 and counts["vastgehouden (er verwijst nog iets naar)"] == 1
    assert Case.objects.filter(pk=blocked.pk).exists()
    assert not Case.objects.filter(pk=free.pk).exists()
