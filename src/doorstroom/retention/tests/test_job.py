"""The retention job: what it records for the FG, the command and its dry run, and the daily
schedule (one run a day, however many processes try)."""

from datetime import date, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.accounts.roles import Role
from doorstroom.people.choices import EducationKind
from doorstroom.people.factories import EnrolmentFactory, PersonFactory, ResultFactory
from doorstroom.people.models import Person
from doorstroom.retention import installation, person_data, schedule, services
from doorstroom.retention.models import RemovedKind, RetentionCount, RetentionRun

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("doorstroom.dates.today", lambda: TODAY)


def gone_person(municipality):
    """Out of the target group since 2022 (mbo-2 diploma): past every period."""
    person = PersonFactory(date_of_birth=date(2002, 5, 1), municipality=municipality)
    EnrolmentFactory(person=person, start_date=date(2018, 8, 1), end_date=date(2022, 7, 1))
    ResultFactory(person=person, kind=EducationKind.MBO_2, obtained_on=date(2022, 7, 1))
    return person


def local(hour: int) -> datetime:
    return timezone.make_aware(datetime(2026, 12, 1, hour, 5))


def test_a_run_records_its_counts_per_region_and_one_audit_row(deventer, doetinchem):
    gone_person(deventer), gone_person(deventer), gone_person(doetinchem)
    run = services.start_run(RetentionRun.Trigger.COMMAND, TODAY)
    services.run_retention(run)
    run.refresh_from_db()
    assert run.status == RetentionRun.Status.DONE and run.finished_at
    persons = {
        c.region_id: c.count
        for c in RetentionCount.objects.filter(run=run, kind=RemovedKind.PERSONS, model="")
    }
    assert persons == {deventer.region_id: 2, doetinchem.region_id: 1}
    assert (
        RetentionCount.objects.get(
            run=run, region=deventer.region, kind=RemovedKind.PERSONS, model="people.Enrolment"
        ).count
        == 2
    )
    assert "alle termijnen voorbij zijn, met alles over hen: 3" in run.message
    audit = AuditEvent.objects.get(action=AuditAction.DELETE, route="retention")
    assert audit.person_id is None and "met alles over hen: 3" in audit.reason


def test_the_command_shows_a_table_and_a_dry_run_changes_nothing(deventer):
    gone_person(deventer)
    out = StringIO()
    call_command("retention", "--dry-run", stdout=out)
    assert "Zou doen:" in out.getvalue() and "met alles over hen: 1" in out.getvalue()
    assert "proef: niets gewijzigd" in out.getvalue()
    assert Person.objects.count() == 1 and not RetentionRun.objects.exists()
    out = StringIO()
    call_command("retention", stdout=out)
    assert "Gedaan:" in out.getvalue() and Person.objects.count() == 0
    assert RetentionRun.objects.get().trigger == RetentionRun.Trigger.COMMAND


def test_a_future_peildatum_is_only_for_a_dry_run(deventer):
    with pytest.raises(CommandError, match="alleen met --dry-run"):
        call_command("retention", "--peildatum", "2030-01-01")
    PersonFactory(date_of_birth=date(2000, 1, 1), municipality=deventer)  # 27 in 2027
    out = StringIO()
    call_command("retention", "--dry-run", "--peildatum", "2029-06-01", stdout=out)
    assert "met alles over hen: 1" in out.getvalue() and Person.objects.count() == 1


def test_the_daily_run_waits_for_its_hour_and_runs_once_a_day(deventer, settings, monkeypatch):
    settings.RETENTION_HOUR = 2
    gone_person(deventer)
    assert schedule.run_daily(local(1)) is None
    run = schedule.run_daily(local(2))
    assert run.trigger == RetentionRun.Trigger.SCHEDULE and run.status == RetentionRun.Status.DONE
    assert schedule.run_daily(local(3)) is None
    # the command asks the clock: later on the same day (TODAY), whenever the test runs
    monkeypatch.setattr(timezone, "now", lambda: local(3))
    out = StringIO()
    call_command("retention", "--dagelijks", stdout=out)
    assert "al gedaan" in out.getvalue()
    assert RetentionRun.objects.count() == 1 and Person.objects.count() == 0


def test_a_second_process_that_claims_the_same_day_does_nothing(deventer, monkeypatch):
    RetentionRun.objects.create(on=TODAY, trigger=RetentionRun.Trigger.SCHEDULE)
    monkeypatch.setattr(
        RetentionRun.objects, "filter", lambda **kw: RetentionRun.objects.none()
    )  # both saw no run yet; the unique constraint decides
    assert schedule.run_daily(local(3)) is None


def test_a_failed_run_is_marked_and_the_error_is_logged_without_its_message(
    deventer, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise ValueError("999990019 Jansen")

    monkeypatch.setattr(services, "apply_retention", broken)
    assert schedule.check_now_and_then(local(3)) is None
    run = RetentionRun.objects.get()
    assert run.status == RetentionRun.Status.FAILED and "volgende run" in run.message
    assert "ValueError" in caplog.text and "999990019" not in caplog.text


def test_a_run_that_fails_later_records_what_it_deleted_and_one_audit_row_saying_so(
    deventer, doetinchem, monkeypatch
):
    """An auditor reads what went: the persons deleted before the sessions step broke are
    gone for good, so the run's counts and its audit row say so, and that it failed."""
    gone_person(deventer), gone_person(doetinchem)

    def broken(*args, **kwargs):
        raise RuntimeError("sessions")

    monkeypatch.setattr(installation, "sessions", broken)
    run = services.start_run(RetentionRun.Trigger.COMMAND, TODAY)
    with pytest.raises(RuntimeError):
        services.run_retention(run)
    run.refresh_from_db()
    assert Person.objects.count() == 0
    assert run.status == RetentionRun.Status.FAILED
    persons = RetentionCount.objects.filter(run=run, kind=RemovedKind.PERSONS, model="")
    assert {c.region_id: c.count for c in persons} == {
        deventer.region_id: 1,
        doetinchem.region_id: 1,
    }
    audit = AuditEvent.objects.get(action=AuditAction.DELETE, route="retention")
    assert audit.person_id is None and "Mislukt" in audit.reason
    assert "met alles over hen: 2" in audit.reason and "volgende run" in run.message


def test_a_run_that_fails_within_a_step_counts_the_batches_deleted_before(deventer, monkeypatch):
    for _ in range(3):
        gone_person(deventer)
    monkeypatch.setattr(person_data, "BATCH", 1)
    real = person_data._delete_persons
    calls = []

    def third_fails(ids, *, dry_run):
        calls.append(ids)
        if len(calls) == 3:
            raise RuntimeError("halverwege")
        return real(ids, dry_run=dry_run)

    monkeypatch.setattr(person_data, "_delete_persons", third_fails)
    run = services.start_run(RetentionRun.Trigger.COMMAND, TODAY)
    with pytest.raises(RuntimeError):
        services.run_retention(run)
    assert Person.objects.count() == 1
    count = RetentionCount.objects.get(run=run, kind=RemovedKind.PERSONS, model="")
    assert count.count == 2
    assert "met alles over hen: 2" in AuditEvent.objects.get(action=AuditAction.DELETE).reason


def test_the_worker_runs_it_when_configured(deventer, settings, monkeypatch):
    settings.RETENTION_RUNNER = "worker"
    settings.RETENTION_HOUR = 0
    monkeypatch.setattr(schedule, "_last_check", [])
    gone_person(deventer)
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    assert "bewaartermijnen: " in out.getvalue() and "met alles over hen: 1" in out.getvalue()
    assert Person.objects.count() == 0


def test_the_web_process_starts_the_thread_only_in_the_embedded_default(settings, monkeypatch):
    started = []
    monkeypatch.setattr(
        schedule.threading, "Thread", lambda **kw: started.append(kw) or _NoThread()
    )
    monkeypatch.setattr(schedule, "_started", schedule.threading.Event())
    settings.RETENTION_RUNNER = "cron"
    assert not schedule.start_in_process()
    settings.RETENTION_RUNNER = "thread"
    assert schedule.start_in_process()
    assert not schedule.start_in_process()  # once per process
    assert [kw["name"] for kw in started] == ["doorstroom-bewaartermijnen"]
    assert started[0]["daemon"] is True


class _NoThread:
    def start(self) -> None:
        pass


def test_the_fg_sees_the_periods_and_the_counts_of_the_own_region_only(
    client, make_user, deventer, doetinchem
):
    from doorstroom.accounts.factories import log_in_verified

    gone_person(deventer), gone_person(doetinchem), gone_person(doetinchem)
    services.run_retention(services.start_run(RetentionRun.Trigger.SCHEDULE, TODAY))
    log_in_verified(client, make_user(Role.PRIVACY))
    page = client.get(reverse("retention:runs")).content.decode()
    assert "Termijnen van Stedendriehoek" in page and "VNG Selectielijst" in page
    assert "tot de 19e verjaardag" in page and "5 jaar" in page
    assert "Stedendriehoek" in page and "Achterhoek" not in page
    assert "jongeren van wie alle termijnen voorbij zijn" in page
    assert "inschrijvingen" in page  # what went along with them
    assert "999" not in page  # no BSN, only counts
