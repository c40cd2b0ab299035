"""The leerplicht desk's own steps, under 18 only (DOMAIN.md 'Leerplicht: the route for those
under 18'): hearing parents and the young person, the MAS phases and routes, Halt, the
proces-verbaal, a zorgmelding or Veilig Thuis, and closing a melding with DUO's reason.
None of these exist at the Doorstroompunt desk: from 18 'help is offered, not imposed'."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet

from doorstroom import dates
from doorstroom.accounts import access
from doorstroom.accounts.models import User
from doorstroom.accounts.roles import Action
from doorstroom.cases import rules
from doorstroom.cases.choices import (
    CareReportKind,
    EntryKind,
    HaltOutcome,
    HearingWho,
    MasPhase,
    MasRoute,
    OfficialReportOutcome,
    ReportClosingReason,
)
from doorstroom.cases.models import (
    CareReport,
    Case,
    HaltReferral,
    Hearing,
    OfficialReport,
    ReportClosure,
)
from doorstroom.cases.services import CaseRefused, change, update_one
from doorstroom.csvfiles import SpreadsheetCsv
from doorstroom.deliveries.models import Report, ReportStatus
from doorstroom.people.choices import Desk

HEARING_AGE = 12
"""'hears the parents and, from 12, the young person' (Leerplichtwet art. 2(3): from 12 the
young person is responsible too)."""


def _leerplicht(user: User, case: Case) -> None:
    if case.desk != Desk.LEERPLICHT:
        raise CaseRefused(
            "Dit hoort bij het loket leerplicht; bij het Doorstroompunt (18 jaar en ouder) "
            "wordt hulp aangeboden, niet opgelegd."
        )
    if not access.can(user, Action.ENFORCE_LEERPLICHT):
        raise PermissionDenied


def record_hearing(
    user: User, case: Case, *, held_on: date, who: HearingWho, summary: str, route: str
) -> Case:
    _leerplicht(user, case)
    age = dates.age_on(case.person.date_of_birth, held_on)
    if who != HearingWho.PARENTS and age < HEARING_AGE:
        raise CaseRefused(
            f"Een jongere wordt vanaf 12 jaar zelf gehoord; op {dates.format_date(held_on)} "
            f"was deze jongere {age}. Hoor de ouders."
        )

    def write(locked: Case) -> None:
        Hearing.objects.create(case=locked, held_on=held_on, who=who, summary=summary, by=user)

    return change(
        user, case, kind=EntryKind.HEARING, on=held_on, write=write, route=route, text=summary,
        summary=f"gehoord: {who.label}",
    )  # fmt: skip


def set_mas(
    user: User, case: Case, *, phase: MasPhase, route_kind: MasRoute | None, route: str
) -> Case:
    """The MAS phase (observe, analyse, plan, act, evaluate) and, once chosen, the route."""
    _leerplicht(user, case)

    def write(locked: Case) -> None:
        locked.mas_phase = phase
        locked.mas_route = route_kind or ""

    what = f"MAS: fase {phase.label}" + (f", route {route_kind.label}" if route_kind else "")
    return change(user, case, kind=EntryKind.MAS, write=write, route=route, summary=what)


def refer_to_halt(
    user: User,
    case: Case,
    *,
    referred_on: date,
    hours_absent: int,
    times_late: int,
    consent: bool,
    route: str,
) -> Case:
    """A Halt referral for verzuim, only when every criterion is met (rules.halt_refusals)."""
    _leerplicht(user, case)
    refusals = rules.halt_refusals(
        rules.HaltRequest(
            age=dates.age_on(case.person.date_of_birth, referred_on),
            hours_absent=hours_absent,
            times_late=times_late,
            earlier_halt_for_absence=HaltReferral.objects.filter(person_id=case.person_id).exists(),
            consent=consent,
        )
    )
    if refusals:
        raise CaseRefused(" ".join(refusals))

    def write(locked: Case) -> None:
        HaltReferral.objects.create(
            case=locked, person_id=locked.person_id, referred_on=referred_on,
            hours_absent=hours_absent, times_late=times_late, consent=consent,
        )  # fmt: skip
        locked.mas_route = MasRoute.HALT

    return change(
        user, case, kind=EntryKind.HALT, on=referred_on, write=write, route=route,
        summary=f"verwezen naar Halt ({hours_absent} uur verzuim, {times_late} keer te laat)",
    )  # fmt: skip


def record_halt_outcome(
    user: User, case: Case, halt: HaltReferral, *, outcome: HaltOutcome, on: date, route: str
) -> Case:
    _leerplicht(user, case)

    def write(locked: Case) -> None:
        update_one(
            HaltReferral.objects.filter(pk=halt.pk, case=locked, outcome=""),
            "Deze Halt-verwijzing hoort niet bij dit dossier of heeft al een uitkomst.",
            outcome=outcome, outcome_on=on,
        )  # fmt: skip

    return change(
        user, case, kind=EntryKind.HALT, on=on, write=write, route=route,
        summary=f"Halt: {outcome.label}",
    )  # fmt: skip


def make_official_report(
    user: User, case: Case, *, first_hearing_on: date, reported_on: date, route: str
) -> Case:
    """A proces-verbaal, with its deadline: one month after the first hearing and two
    months after the melding, whichever comes first."""
    _leerplicht(user, case)
    if reported_on > first_hearing_on:
        raise CaseRefused("De melding kwam pas na het eerste horen binnen; controleer de data.")
    deadline = rules.official_report_deadline(first_hearing_on, reported_on)

    def write(locked: Case) -> None:
        OfficialReport.objects.create(
            case=locked, first_hearing_on=first_hearing_on, reported_on=reported_on,
            deadline=deadline, by=user,
        )  # fmt: skip
        locked.mas_route = MasRoute.CRIMINAL

    return change(
        user, case, kind=EntryKind.OFFICIAL_REPORT, write=write, route=route,
        summary=f"proces-verbaal opgemaakt; uiterlijk {dates.format_date(deadline)} naar de officier van justitie",
    )  # fmt: skip


def record_official_report_sent(
    user: User, case: Case, report: OfficialReport, *, sent_on: date, route: str
) -> Case:
    _leerplicht(user, case)

    def write(locked: Case) -> None:
        update_one(
            OfficialReport.objects.filter(pk=report.pk, case=locked, sent_on__isnull=True),
            "Dit proces-verbaal hoort niet bij dit dossier of is al verstuurd.",
            sent_on=sent_on,
        )

    late = sent_on > report.deadline
    return change(
        user, case, kind=EntryKind.OFFICIAL_REPORT, on=sent_on, write=write, route=route,
        summary="proces-verbaal naar de officier van justitie"
        + (f" (na de termijn van {dates.format_date(report.deadline)})" if late else ""),
    )  # fmt: skip


def record_official_report_outcome(
    user: User,
    case: Case,
    report: OfficialReport,
    *,
    outcome: OfficialReportOutcome,
    on: date,
    route: str,
) -> Case:
    _leerplicht(user, case)

    def write(locked: Case) -> None:
        update_one(
            OfficialReport.objects.filter(
                pk=report.pk, case=locked, sent_on__isnull=False, outcome=""
            ),
            "Een afdoening volgt op een verstuurd proces-verbaal van dit dossier, één keer.",
            outcome=outcome, outcome_on=on,
        )  # fmt: skip

    return change(
        user, case, kind=EntryKind.OFFICIAL_REPORT, on=on, write=write, route=route,
        summary=f"proces-verbaal afgedaan: {outcome.label}",
    )  # fmt: skip


def record_care_report(
    user: User, case: Case, *, kind: CareReportKind, made_on: date, to: str, note: str, route: str
) -> Case:
    _leerplicht(user, case)

    def write(locked: Case) -> None:
        CareReport.objects.create(
            case=locked, kind=kind, made_on=made_on, to=to[:200], note=note[:300], by=user
        )

    return change(
        user, case, kind=EntryKind.CARE_REPORT, on=made_on, write=write, route=route,
        summary=f"{kind.label}: {to}",
    )  # fmt: skip


def reports_of(case: Case) -> QuerySet[Report]:
    """The meldingen behind the case's signals."""
    return Report.objects.filter(signal_sources__signal__case=case).distinct()


def close_report(
    user: User, case: Case, report: Report, *, reason: ReportClosingReason, on: date, route: str
) -> Case:
    """Close a melding with one of DUO's reasons; the status goes back to DUO with the next
    export for the administration package."""
    _leerplicht(user, case)

    def write(locked: Case) -> None:
        if not reports_of(locked).filter(pk=report.pk).exclude(status=ReportStatus.CLOSED).exists():
            raise CaseRefused("Deze melding hoort niet bij dit dossier of is al afgesloten.")
        Report.objects.filter(pk=report.pk).update(status=ReportStatus.CLOSED)
        ReportClosure.objects.create(
            report=report, case=locked, reason=reason, closed_on=on, by=user
        )

    return change(
        user, case, kind=EntryKind.REPORT_CLOSED, on=on, write=write, route=route,
        summary=f"melding {report.report_number} afgesloten: {reason.label}",
    )  # fmt: skip


STATUS_EXPORT_HEADER = (
    "meldingnummer",
    "bsn",
    "brin",
    "status",
    "datum_afgesloten",
    "reden_afsluiten",
)


def status_export_rows(closures: Iterable[ReportClosure]) -> Iterator[list[str]]:
    """The rows of the status export (docs/formats/melding-status.md): one per closed
    melding, for the administration package that reports to DUO (`write_status_export`
    makes each cell safe for a spreadsheet)."""
    yield list(STATUS_EXPORT_HEADER)
    for c in closures:
        yield [
            c.report.report_number,
            c.report.person.bsn,
            c.report.school.brin if c.report.school else "",
            ReportStatus.CLOSED.value,
            c.closed_on.isoformat(),
            c.reason,
        ]


def write_status_export(out, closures: Iterable[ReportClosure]) -> None:
    csv = SpreadsheetCsv(out)
    for row in status_export_rows(closures):
        csv.row(row)


def closures_to_report(user: User) -> QuerySet[ReportClosure]:
    """The closed meldingen of the user's leerplicht desk not yet reported back to DUO."""
    if not access.can(user, Action.EXPORT_REPORT_STATUS):
        return ReportClosure.objects.none()
    return ReportClosure.objects.filter(
        case__in=access.cases_visible_to(user).filter(desk=Desk.LEERPLICHT),
        reported_back_on__isnull=True,
    )


def report_status_back(user: User, out) -> list[ReportClosure]:
    """Write the status export of `closures_to_report` to `out` and mark exactly the rows
    written as reported back today, in one transaction: the rows are locked (on SQLite the
    database, by its IMMEDIATE transactions), so that an export at the same moment waits and
    then finds none of them."""
    if not access.can(user, Action.EXPORT_REPORT_STATUS):
        raise PermissionDenied
    with transaction.atomic():
        closures = list(
            closures_to_report(user)
            .select_for_update(of=("self",))
            .select_related("report__person", "report__school")
        )
        write_status_export(out, closures)
        ReportClosure.objects.filter(pk__in=[c.pk for c in closures]).update(
            reported_back_on=dates.today()
        )
    return closures


def page_context(user: User, case: Case) -> dict[str, object]:
    """What the case page shows of the leerplicht steps, in one query each."""
    return {
        "can_enforce": access.can(user, Action.ENFORCE_LEERPLICHT) and case.is_open,
        "hearings": list(Hearing.objects.filter(case=case)),
        "halts": list(HaltReferral.objects.filter(case=case)),
        "official_reports": list(OfficialReport.objects.filter(case=case)),
        "care_reports": list(CareReport.objects.filter(case=case)),
        "reports": list(reports_of(case).select_related("school", "closure")),
    }
