"""The form pages of the leerplicht desk's own steps, and the melding-status export for the
administration package. The steps only at the leerplicht desk, only for the
leerplichtambtenaar; the export for the ondersteuner too."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from doorstroom import dates
from doorstroom.accounts import access
from doorstroom.accounts.audit import record
from doorstroom.accounts.models import AuditAction, User
from doorstroom.accounts.roles import Action
from doorstroom.cases import leerplicht
from doorstroom.cases import leerplicht_forms as forms
from doorstroom.cases.choices import (
    CareReportKind,
    HaltOutcome,
    HearingWho,
    MasPhase,
    MasRoute,
    OfficialReportOutcome,
    ReportClosingReason,
)
from doorstroom.cases.models import Case, HaltReferral, OfficialReport
from doorstroom.cases.views.base import case_form, today_in
from doorstroom.deliveries.models import Report
from doorstroom.routes import methods

SECTION = "leerplicht"


def _enforcing(request: HttpRequest) -> None:
    if not access.can(request.user, Action.ENFORCE_LEERPLICHT):
        raise PermissionDenied


@methods("GET", "POST")
def hearing(request: HttpRequest, public_id: UUID) -> HttpResponse:
    _enforcing(request)

    def perform(user: User, case: Case, data: dict[str, Any]) -> object:
        return leerplicht.record_hearing(
            user, case, held_on=data["held_on"], who=HearingWho(data["who"]),
            summary=data["summary"], route="cases:hearing",
        )  # fmt: skip

    return case_form(
        request, public_id, form_class=forms.HearingForm, perform=perform, title="Horen",
        done="Het gesprek is vastgelegd.", section=SECTION, initial=today_in("held_on"),
        intro="De leerplichtambtenaar hoort de ouders en, vanaf 12 jaar, de jongere zelf.",
    )  # fmt: skip


@methods("GET", "POST")
def mas(request: HttpRequest, public_id: UUID) -> HttpResponse:
    _enforcing(request)

    def perform(user: User, case: Case, data: dict[str, Any]) -> object:
        route_kind = MasRoute(data["route_kind"]) if data["route_kind"] else None
        return leerplicht.set_mas(
            user, case, phase=MasPhase(data["phase"]), route_kind=route_kind, route="cases:mas"
        )

    return case_form(
        request, public_id, form_class=forms.MasForm, perform=perform,
        title="Methodische Aanpak Schoolverzuim", done="De MAS-fase is bijgewerkt.", section=SECTION,
        initial=lambda case: {"phase": case.mas_phase, "route_kind": case.mas_route},
    )  # fmt: skip


@methods("GET", "POST")
def halt(request: HttpRequest, public_id: UUID) -> HttpResponse:
    _enforcing(request)

    def perform(user: User, case: Case, data: dict[str, Any]) -> object:
        return leerplicht.refer_to_halt(
            user, case, referred_on=data["referred_on"], hours_absent=data["hours_absent"],
            times_late=data["times_late"], consent=data["consent"], route="cases:halt",
        )  # fmt: skip

    return case_form(
        request, public_id, form_class=forms.HaltForm, perform=perform, title="Verwijzen naar Halt",
        done="De Halt-verwijzing is vastgelegd.", section=SECTION, initial=today_in("referred_on"),
        intro="Halt kan bij 12 tot 18 jaar, minstens 9 uur verzuim of 12 keer te laat, hoogstens "
        "60 uur, één keer per jongere voor verzuim, en met toestemming.",
    )  # fmt: skip


@methods("GET", "POST")
def halt_outcome(request: HttpRequest, public_id: UUID, pk: int) -> HttpResponse:
    _enforcing(request)

    def perform(user: User, case: Case, data: dict[str, Any], referral: HaltReferral) -> object:
        return leerplicht.record_halt_outcome(
            user, case, referral, outcome=HaltOutcome(data["outcome"]), on=data["on"],
            route="cases:halt_outcome",
        )  # fmt: skip

    return case_form(
        request, public_id, form_class=forms.HaltOutcomeForm, perform=perform, title="Uitkomst van Halt",
        done="De uitkomst van Halt is vastgelegd.", section=SECTION, initial=today_in("on"),
        find=lambda case: get_object_or_404(HaltReferral, pk=pk, case=case),
    )  # fmt: skip


@methods("GET", "POST")
def official_report(request: HttpRequest, public_id: UUID) -> HttpResponse:
    _enforcing(request)

    def perform(user: User, case: Case, data: dict[str, Any]) -> object:
        return leerplicht.make_official_report(
            user, case, first_hearing_on=data["first_hearing_on"], reported_on=data["reported_on"],
            route="cases:official_report",
        )  # fmt: skip

    def initial(case: Case) -> dict[str, Any]:
        first = case.hearings.order_by("held_on").first()
        report = leerplicht.reports_of(case).order_by("reported_at").first()
        return {
            "first_hearing_on": first.held_on if first else None,
            "reported_on": timezone.localdate(report.reported_at) if report else None,
        }

    return case_form(
        request, public_id, form_class=forms.OfficialReportForm, perform=perform,
        title="Proces-verbaal opmaken", done="Het proces-verbaal is vastgelegd, met de termijn.",
        section=SECTION, initial=initial,
        intro="Het proces-verbaal gaat binnen een maand na het eerste horen en binnen twee "
        "maanden na de melding naar de officier van justitie.",
    )  # fmt: skip


@methods("GET", "POST")
def official_report_sent(request: HttpRequest, public_id: UUID, pk: int) -> HttpResponse:
    _enforcing(request)

    def perform(user: User, case: Case, data: dict[str, Any], report: OfficialReport) -> object:
        return leerplicht.record_official_report_sent(
            user, case, report, sent_on=data["sent_on"], route="cases:official_report_sent"
        )

    return case_form(
        request, public_id, form_class=forms.SentForm, perform=perform,
        title="Proces-verbaal verstuurd", done="Het versturen is vastgelegd.", section=SECTION,
        initial=today_in("sent_on"),
        find=lambda case: get_object_or_404(OfficialReport, pk=pk, case=case),
    )  # fmt: skip


@methods("GET", "POST")
def official_report_outcome(request: HttpRequest, public_id: UUID, pk: int) -> HttpResponse:
    _enforcing(request)

    def perform(user: User, case: Case, data: dict[str, Any], report: OfficialReport) -> object:
        return leerplicht.record_official_report_outcome(
            user, case, report, outcome=OfficialReportOutcome(data["outcome"]), on=data["on"],
            route="cases:official_report_outcome",
        )  # fmt: skip

    return case_form(
        request, public_id, form_class=forms.OfficialReportOutcomeForm, perform=perform,
        title="Afdoening proces-verbaal", done="De afdoening is vastgelegd.", section=SECTION,
        initial=today_in("on"),
        find=lambda case: get_object_or_404(OfficialReport, pk=pk, case=case),
    )  # fmt: skip


@methods("GET", "POST")
def care_report(request: HttpRequest, public_id: UUID) -> HttpResponse:
    _enforcing(request)

    def perform(user: User, case: Case, data: dict[str, Any]) -> object:
        return leerplicht.record_care_report(
            user, case, kind=CareReportKind(data["kind"]), made_on=data["made_on"], to=data["to"],
            note=data["note"], route="cases:care_report",
        )  # fmt: skip

    return case_form(
        request, public_id, form_class=forms.CareReportForm, perform=perform,
        title="Zorgmelding of Veilig Thuis", done="De melding is vastgelegd.", section=SECTION,
        initial=today_in("made_on"),
    )  # fmt: skip


@methods("GET", "POST")
def close_report(request: HttpRequest, public_id: UUID, pk: int) -> HttpResponse:
    _enforcing(request)

    def perform(user: User, case: Case, data: dict[str, Any], report: Report) -> object:
        return leerplicht.close_report(
            user, case, report, reason=ReportClosingReason(data["reason"]), on=data["on"],
            route="cases:close_report",
        )  # fmt: skip

    return case_form(
        request, public_id, form_class=forms.ReportCloseForm, perform=perform,
        title="Melding afsluiten", done="De melding is afgesloten; de status gaat mee met de export voor DUO.",
        section=SECTION, initial=today_in("on"),
        find=lambda case: get_object_or_404(leerplicht.reports_of(case), pk=pk),
    )  # fmt: skip


@methods("GET")
@access.requires(Action.EXPORT_REPORT_STATUS)
def report_status(request: HttpRequest) -> HttpResponse:
    """How many closed meldingen wait to be reported back to DUO, and the button that
    downloads them (a count only: no person is shown, so nothing to log)."""
    waiting = leerplicht.closures_to_report(request.user).count()
    return render(request, "cases/report_status.html", {"waiting": waiting})


@methods("POST")
@access.requires(Action.EXPORT_REPORT_STATUS)
def status_export(request: HttpRequest) -> HttpResponse:
    """The closed meldingen not yet reported back, as CSV for the administration package
    (docs/formats/melding-status.md). Only by POST: the download marks them reported back,
    and a GET (a prefetch, an image on another site) would take them out of DUO's file."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="meldingstatus-{dates.today():%Y%m%d}.csv"'
    )
    response["Cache-Control"] = "no-store"
    # The audit row commits with the marking, or neither does.
    with transaction.atomic():
        closures = leerplicht.report_status_back(request.user, response)
        record(
            request,
            AuditAction.EXPORT,
            person_ids=[c.report.person_id for c in closures],
            reason="status van meldingen geëxporteerd voor DUO",
        )
    return response
