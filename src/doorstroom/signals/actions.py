"""What a desk and a reporter do with signals, one function per use case. Each checks
access, writes, and logs the change in the audit trail."""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from doorstroom import dates
from doorstroom.accounts import access
from doorstroom.accounts.audit import record_for
from doorstroom.accounts.models import AuditAction, User
from doorstroom.accounts.roles import Action
from doorstroom.cases.models import Case
from doorstroom.cases.services import open_or_join_case
from doorstroom.deliveries.models import Report, ReportSource, ReportStatus
from doorstroom.people.models import Exemption, Person
from doorstroom.people.names import name_key
from doorstroom.signals.choices import Resolution, SignalKind, SignalStatus
from doorstroom.signals.models import Signal
from doorstroom.signals.services import signal_persons

REGISTER_CLOSES = (
    "Dit signaal komt uit het register en sluit vanzelf wanneer het register dat zegt (weer "
    "ingeschreven, een startkwalificatie, een vrijstelling, verhuisd, de bovengrens bereikt). "
    "Het werk met de jongere zelf loopt via het dossier."
)


class SignalRefused(Exception):
    """A step the signal no longer allows, with the Dutch reason a user reads."""


def _locked(signal: Signal) -> Signal:
    """The signal's row as it is now, locked until the transaction ends: the page it was
    loaded from may be old, and signalling may have closed or confirmed it meanwhile."""
    return Signal.objects.select_for_update().get(pk=signal.pk)


def assign_signals(user: User, signals: list[Signal], coach: User | None, route: str) -> int:
    """Give these signals to one coach (or to nobody). The caller picked `coach` from
    `access.assignable_users`, and `signals` from `access.signals_visible_to`."""
    if not access.can(user, Action.ASSIGN_SIGNALS):
        raise PermissionDenied
    if coach is not None and access.desk_refusing(user, coach, {s.desk for s in signals}):
        raise PermissionDenied
    with transaction.atomic():
        # the ones still open now, locked: signalling may have closed some since the page
        open_now = dict(
            Signal.objects.open()
            .filter(pk__in=[s.pk for s in signals])
            .select_for_update()
            .values_list("pk", "person_id")
        )
        count = Signal.objects.filter(pk__in=open_now).update(
            assigned_to=coach, assigned_at=timezone.now() if coach else None
        )
        who = f"toegewezen aan {coach.display_name}" if coach else "toewijzing ingetrokken"
        record_for(
            user,
            AuditAction.CHANGE,
            person_ids=list(open_now.values()),
            route=route,
            reason=f"signaal {who}",
        )
    return count


def open_signal(user: User, signal: Signal, route: str, on: date | None = None) -> Case:
    """Take up a signal: it joins the person's open case at its desk, or opens one (never two
    open cases for one person at a desk); its meldingen are then 'in behandeling'. `on`:
    today, or the day it was taken up in an earlier system."""
    with transaction.atomic():
        signal = _locked(signal)
        if not access.may_take_up(user, signal.desk, signal.region_id):
            raise PermissionDenied
        if signal.status != SignalStatus.NEW:
            raise SignalRefused("Dit signaal is intussen opgepakt of afgesloten.")
        coach = signal.assigned_to or (user if access.works_desk(user, signal.desk) else None)
        case = open_or_join_case(
            signal.person,
            signal.desk,
            signal.region_id,
            user,
            coach=coach,
            listed_on=signal.raised_on,
            route=route,
            handed_over=signal.kind == SignalKind.ADULT_HANDOVER,
            opened_on=on,
        )
        Signal.objects.filter(pk=signal.pk).update(
            case=case,
            status=SignalStatus.IN_PROGRESS,
            assigned_to=coach,
            assigned_at=signal.assigned_at or timezone.now(),
        )
        Report.objects.filter(signal_sources__signal=signal, status=ReportStatus.REGISTERED).update(
            status=ReportStatus.IN_PROGRESS
        )
        record_for(
            user, AuditAction.CHANGE, person_ids=[signal.person_id], route=route,
            reason=f"signaal opgepakt in dossier {case.number}",
        )  # fmt: skip
    return case


def close_signal(user: User, signal: Signal, reason: str, route: str) -> None:
    """The desk closes a signal the register cannot close itself (a melding, a concern). A
    register signal closes with the register only: closed by hand, the next run would raise
    the same unchanged need again (legal task 1: nobody twice). Who may take it up may close
    it, nobody else: the desk's own people decide about its signals."""
    with transaction.atomic():
        signal = _locked(signal)
        if not access.may_take_up(user, signal.desk, signal.region_id):
            raise PermissionDenied
        if not signal.is_open:
            raise SignalRefused("Dit signaal is intussen afgesloten.")
        if signal.from_register:
            raise SignalRefused(REGISTER_CLOSES)
        Signal.objects.filter(pk=signal.pk).update(
            status=SignalStatus.CLOSED, closed_on=dates.today(),
            resolution=Resolution.CLOSED_BY_DESK, resolution_reason=reason[:300],
        )  # fmt: skip
        Report.objects.filter(
            signal_sources__signal=signal,
            status__in=(ReportStatus.REGISTERED, ReportStatus.IN_PROGRESS),
        ).update(status=ReportStatus.CLOSED)
        # How it closed, never the desk's words: the audit trail outlives the signal and is
        # read by the privacyfunctionaris (data minimisation); the signal keeps the reason.
        record_for(
            user, AuditAction.CHANGE, person_ids=[signal.person_id], route=route,
            reason=f"signaal {signal.get_kind_display()} afgesloten: "
            f"{Resolution.CLOSED_BY_DESK.label}",
        )  # fmt: skip


REPORT_NUMBER = re.compile(r"^M-[0-9]{4}-[0-9A-F]{8}$")
"""The number of a melding made here (by the form or the API): M-<year>-<8 random hex>."""
NUMBER_ATTEMPTS = 3
"""Numbers drawn for one melding: at 10,000 meldingen a year a draw hits a number the year
has given already about once in 85 years, two draws in a row practically never. Partners
know the format (the API's pattern), so the number stays this long."""


def reported_name(name: str, born: date) -> str:
    """The name as typed with the date of birth, within the column's 200 characters (three
    names of up to 200 each would not fit: PostgreSQL refused the melding)."""
    born_text = f" ({born:%d-%m-%Y})"
    return name[: 200 - len(born_text)] + born_text


def differs_from_register(person: Person, data: dict) -> bool:
    """A melding about a known BSN whose surname (as a search key, so spelling and accents
    aside) or date of birth is not the register's: perhaps a mistyped BSN, which would put
    the concern in another young person's file. The desk is told; the reporter is not, for
    that would tell them who the BSN belongs to."""
    return (
        name_key(data["surname"]) != person.surname_key
        or data["date_of_birth"] != person.date_of_birth
    )


def make_report(
    user: User, data: dict, route: str, source: ReportSource = ReportSource.FORM
) -> Report:
    """A school or partner reports a young person (by the form or, with `source` API, by its
    system). A BSN the register does not know yet is added with what the reporter gave (DUO's
    data completes it later); a known one is not changed. Signalling then routes the melding
    to the right desk at once."""
    if not access.can(user, Action.REPORT_PERSON):
        raise PermissionDenied
    name = " ".join(p for p in (data["given_names"], data["surname_prefix"], data["surname"]) if p)
    with transaction.atomic():
        person, added = _person_reported(data)
        differs = not added and differs_from_register(person, data)
        report = _numbered_report(
            source=source, subject=data["subject"], person=person,
            school=data["brin"], kind=data["absence_kind"] or "",
            reported_at=timezone.make_aware(datetime.combine(data["reported_on"], time(12))),
            suspected_reason=data["suspected_reason"], explanation=data["explanation"],
            action=data["action"], days_absent=data["days_absent"],
            contact_person=data["contact_person"], school_year=data["school_year"],
            level=data["level"], pathway=data["pathway"], status=ReportStatus.REGISTERED,
            reported_by=user, reported_name=reported_name(name, data["date_of_birth"]),
            differs_from_register=differs,
        )  # fmt: skip
        record_for(
            user, AuditAction.CREATE, person_ids=[person.pk], route=route,
            reason=f"melding {report.report_number} gedaan",
        )  # fmt: skip
    signal_persons([person.pk], user=user)
    return report


def _person_reported(data: dict) -> tuple[Person, bool]:
    """The person with the reported BSN, added with what the reporter gave when the register
    does not know it yet; True when added. Two meldingen about the same new BSN at once (on
    PostgreSQL both find nobody): the second insert waits for the first's commit, is refused
    by the unique BSN hash in its savepoint, and then finds the person the first added."""
    person = Person.objects.with_bsn(data["bsn"]).first()
    if person is not None:
        return person, False
    try:
        with transaction.atomic():
            return Person.objects.create(
                bsn=data["bsn"], given_names=data["given_names"],
                surname_prefix=data["surname_prefix"], surname=data["surname"],
                surname_key=name_key(data["surname"]), date_of_birth=data["date_of_birth"],
                municipality=data["municipality"], reported_only=True,
            ), True  # fmt: skip
    except IntegrityError:
        person = Person.objects.with_bsn(data["bsn"]).first()
        if person is None:
            raise  # not the BSN's constraint: a real error
        return person, False


def _numbered_report(**fields: object) -> Report:
    """The melding under a new random number; a number another melding has already is drawn
    again, in a savepoint so that the melding's transaction goes on."""
    attempt = 1
    while True:
        number = f"M-{dates.today():%Y}-{secrets.token_hex(4).upper()}"
        try:
            with transaction.atomic():
                return Report.objects.create(report_number=number, **fields)
        except IntegrityError:
            taken = Report.objects.filter(report_number=number).exists()
            if not taken or attempt == NUMBER_ATTEMPTS:
                raise
            attempt += 1


def withdraw_report(user: User, report: Report, route: str) -> None:
    """The reporter withdraws a melding the desk has not taken up; a signal that only this
    melding raised is closed with it."""
    if report.reported_by_id != user.pk:
        raise PermissionDenied
    with transaction.atomic():
        # Its signals first, then the melding: the order a take-up locks them in (open_signal),
        # so that a withdrawal and a take-up at once wait for each other instead of deadlocking.
        signals = Signal.objects.filter(sources__report=report).order_by("pk")
        list(signals.select_for_update(of=("self",)).values_list("pk", flat=True))
        # only while it is still registered: the desk may have taken it up since the page
        if not Report.objects.filter(pk=report.pk, status=ReportStatus.REGISTERED).update(
            status=ReportStatus.WITHDRAWN
        ):
            if Report.objects.filter(pk=report.pk, status=ReportStatus.WITHDRAWN).exists():
                raise SignalRefused(f"Melding {report.report_number} is al ingetrokken.")
            raise SignalRefused(
                f"Melding {report.report_number} is intussen in behandeling genomen of "
                "afgesloten; intrekken kan niet meer."
            )
        only_this = Signal.objects.filter(
            sources__report=report, status=SignalStatus.NEW, from_register=False
        ).exclude(sources__report__status__in=(ReportStatus.REGISTERED, ReportStatus.IN_PROGRESS))
        only_this.update(
            status=SignalStatus.CLOSED, closed_on=dates.today(),
            resolution=Resolution.WITHDRAWN, resolution_reason=f"melding {report.report_number} ingetrokken",
        )  # fmt: skip
        record_for(
            user, AuditAction.CHANGE, person_ids=[report.person_id], route=route,
            reason=f"melding {report.report_number} ingetrokken",
        )  # fmt: skip


def register_exemption(user: User, person: Person, data: dict, route: str) -> Exemption:
    """Record a vrijstelling; signalling looks at the person again at once, so that the
    signals it covers close now and not tonight."""
    if not access.can(user, Action.MANAGE_EXEMPTIONS):
        raise PermissionDenied
    with transaction.atomic():
        exemption = Exemption.objects.create(person=person, registered_by=user, **data)
        record_for(
            user, AuditAction.CREATE, person_ids=[person.pk], route=route,
            reason=f"vrijstelling {exemption.get_article_display()} geregistreerd",
        )  # fmt: skip
    signal_persons([person.pk], user=user)
    return exemption


def end_exemption(
    user: User, exemption: Exemption, end_date: date, reason: str, route: str
) -> None:
    """End a vrijstelling earlier than decided; signalling looks at the person again at once
    (its end raises a signal when the young person is not at school)."""
    if not access.can(user, Action.MANAGE_EXEMPTIONS):
        raise PermissionDenied
    with transaction.atomic():
        Exemption.objects.filter(pk=exemption.pk).update(end_date=end_date, end_reason=reason[:300])
        record_for(
            user, AuditAction.CHANGE, person_ids=[exemption.person_id], route=route,
            # The day, not the reason written: that stays on the vrijstelling (as above).
            reason=f"vrijstelling {exemption.get_article_display()} beëindigd per "
            f"{dates.format_date(end_date)}",
        )  # fmt: skip
    signal_persons([exemption.person_id], user=user)
