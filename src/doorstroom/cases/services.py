"""The one write path for cases, and the lifecycle of a case: open or join, assign, move
through the workflow, close with an outcome, aftercare.

Every change to a case goes through `change`: it checks who may act, locks the case row,
writes, moves the state only as workflow.py allows (a case that goes back from aftercare to
guidance ends its round of aftercare; a case that closes, however it closes, ends its
aftercare checks and its shared referrals), appends an entry to the history that nobody
edits, works out what is due next, and logs the change in the audit trail (its kind, not its
text). The daily work (actions.py) and the leerplicht desk's steps (leerplicht.py) are small
functions on top.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from doorstroom import dates
from doorstroom.accounts import access
from doorstroom.accounts.audit import record_for
from doorstroom.accounts.models import AuditAction, User
from doorstroom.cases import rules, workflow
from doorstroom.cases.choices import CaseState, EntryKind, FollowUpResult, Outcome
from doorstroom.cases.models import (
    Case,
    CaseEntry,
    ContactAttempt,
    FollowUp,
    Intake,
    OfficialReport,
    SealedText,
)
from doorstroom.cases.workflow import Actor
from doorstroom.partners import workflow as referral_workflow
from doorstroom.partners.choices import ReferralStatus
from doorstroom.partners.models import Referral
from doorstroom.people.choices import Desk
from doorstroom.people.models import Person


class CaseRefused(Exception):
    """A change the rules do not allow, with the Dutch reason a user reads."""


def change(
    user: User | None,
    case: Case,
    *,
    kind: EntryKind,
    summary: str,
    route: str,
    on: date | None = None,
    write: Callable[[Case], None] | None = None,
    to: CaseState | Callable[[Case], CaseState | None] | None = None,
    text: str = "",
    confidential: bool = False,
    need: frozenset[Actor] = workflow.WORKERS,
    when_closed: bool = False,
    acting_as: frozenset[Actor] | None = None,
) -> Case:
    """Make one change to a case, the only way: see the module's docstring. `user` None is
    the system (signalling, the register). `write` does the change itself on the locked
    case; `to` is the state it moves to (or a function of the locked case that says so);
    `need` the capacities that may make it. `acting_as` is the capacity a caller that
    checked the user itself gives them instead of their part in the case (taking up a
    signal); the history and the audit trail still name the user."""
    if acting_as is not None:
        actors = acting_as
    elif user is None:
        actors = frozenset({Actor.SYSTEM})
    else:
        actors = access.case_actors(user, case)
    if not actors & need:
        raise PermissionDenied
    with transaction.atomic():
        locked = Case.objects.select_for_update().select_related("region").get(pk=case.pk)
        if not locked.is_open and not when_closed:
            raise CaseRefused("Dit dossier is afgesloten; er kan niets meer bij.")
        if write is not None:
            write(locked)
        target = to(locked) if callable(to) else to
        closes = False
        if target is not None and target != locked.state:
            reason = workflow.refusal(
                CaseState(locked.state),
                target,
                actors,
                has_intake=Intake.objects.filter(case=locked).exists(),
                has_plan=locked.plans.exists(),
                has_outcome=bool(locked.outcome),
            )
            if reason:
                raise CaseRefused(reason)
            if locked.state == CaseState.AFTERCARE and target == CaseState.GUIDANCE:
                _reopen(locked, on or dates.today())
            closes = target == CaseState.CLOSED
            locked.state = target
        _set_next_due(locked)
        locked.save()
        _append(
            locked, user, kind, summary, on=on, route=route, text=text, confidential=confidential
        )
        if closes:
            _end_with_case(locked, user, on=on or dates.today(), route=route)
    return locked


def _append(
    case: Case,
    user: User | None,
    kind: EntryKind,
    summary: str,
    *,
    on: date | None,
    route: str,
    text: str = "",
    confidential: bool = False,
) -> None:
    """A line in the history of the locked case, and its audit row (only `change` calls this)."""
    entry = CaseEntry.objects.create(
        case=case,
        at=timezone.now(),
        on=on or dates.today(),
        by=user,
        kind=kind,
        summary=summary[:300],
        text="" if confidential else text,
        confidential=confidential,
        state=case.state,
    )
    if confidential:
        SealedText.objects.create(entry=entry, text=text)
    record_for(
        user,
        AuditAction.CHANGE,
        person_ids=[case.person_id],
        route=route,
        # The kind of change, never its words: the audit trail outlives the case and is read
        # by the privacyfunctionaris; the history keeps what was written.
        reason=f"dossier {case.number}: {EntryKind(kind).label}",
    )


def _end_with_case(case: Case, user: User | None, *, on: date, route: str) -> None:
    """What stops when a case closes, whatever closed it (an outcome, the register, the last
    aftercare check): the checks still to do lapse, so that nobody is asked to call a young
    person who died or moved away; the referrals still shared end, as a coach ends one by
    hand, so that the partner stops seeing the young person (nobody can end them on a
    closed case). Each leaves a line in the history."""
    why = (
        f"dossier afgesloten: {Outcome(case.outcome).label}"
        if case.outcome
        else "dossier afgesloten"
    )
    lapsed = case.follow_ups.to_do().update(lapsed_on=on, lapse_reason=why)
    if lapsed:
        checks = "1 controle" if lapsed == 1 else f"{lapsed} controles"
        summary = f"nazorg beëindigd: {checks} vervallen ({why})"
        _append(case, user, EntryKind.FOLLOW_UP, summary, on=on, route=route)
    _end_referrals(
        case, user, Referral.objects.filter(case=case), "verwijzing beëindigd bij het afsluiten",
        on=on, route=route,
    )  # fmt: skip


def end_referrals_on_consent(
    user: User, case: Case, consent_id: int, *, on: date, route: str
) -> Case:
    """The referrals of the case that rest on a consent just withdrawn end, as a coach ends
    one by hand (AVG art. 7(3): the sharing stops), with a line in the history. The caller
    withdraws the consent in the same transaction (actions.withdraw_consent)."""
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        _end_referrals(
            locked, user, Referral.objects.filter(case=locked, consent_id=consent_id),
            "verwijzing beëindigd: toestemming ingetrokken", on=on, route=route,
        )  # fmt: skip
    return locked


def _end_referrals(
    case: Case, user: User | None, referrals: QuerySet[Referral], why: str, *, on: date, route: str
) -> None:
    """End those of `referrals` (of the locked `case`) that still share: 'why: partners'."""
    live = referrals.filter(status__in=referral_workflow.LIVE)
    names = sorted({referral.organisation.name for referral in live.select_related("organisation")})
    if names:
        live.update(status=ReferralStatus.ENDED)
        _append(case, user, EntryKind.REFERRAL, f"{why}: {', '.join(names)}", on=on, route=route)


def update_one(records: QuerySet, refusal: str, **values: object) -> None:
    """Change the one record of the locked case that `records` selects, only while it is as
    the step expects (say, not yet done); otherwise refuse: it belongs to another case, or
    someone did it a moment ago."""
    if not records.update(**values):
        raise CaseRefused(refusal)


def _reopen(case: Case, on: date) -> None:
    """The young person needs help again (a check found a drop-out, a new signal came): the
    traject runs again, so it has no outcome until it closes again (the history keeps the
    old one; OCW's effect report counts the case as running). The round of aftercare is
    over, its checks not yet done lapse, and the next close with an outcome plans a new one."""
    case.outcome, case.closed_on, case.closing_reason = "", None, ""
    case.follow_ups.to_do().update(lapsed_on=on, lapse_reason="het dossier ging weer open")
    case.follow_ups.current().update(reopened_on=on)


def _set_next_due(case: Case) -> None:
    """What is due first in this case, kept on the case so that 'my cases' sorts and
    filters on one indexed column whatever the size of the caseload."""
    dues: list[rules.Due | None] = [
        rules.Due(t.due_on, f"taak: {t.title}")
        for t in case.tasks.filter(done_on__isnull=True).order_by("due_on")[:1]
    ]
    if case.state in (CaseState.NEW, CaseState.APPROACH):
        region = case.region
        attempts = [
            rules.Attempt(a.on, a.channel, a.result, a.next_on)
            for a in ContactAttempt.objects.filter(case=case)
        ]
        dues.append(
            rules.contact_due(
                case.opened_on,
                attempts,
                rules.ContactRule(region.contact_attempts, region.contact_weeks),
            )
            or rules.intake_due(attempts)
        )
    if case.state == CaseState.INTAKE:
        intake = Intake.objects.filter(case=case).first()
        dues.append(rules.plan_due(intake.held_on) if intake else None)
    if case.state == CaseState.AFTERCARE:
        check = case.follow_ups.to_do().order_by("due_on").first()
        if check is not None:
            dues.append(rules.Due(check.due_on, "nazorgcontrole"))
    if case.is_leerplicht:
        report = OfficialReport.objects.filter(case=case, sent_on__isnull=True).first()
        if report is not None:
            dues.append(rules.Due(report.deadline, "proces-verbaal naar de officier van justitie"))
    if case.state == CaseState.CLOSED:
        dues = []
    due = rules.earliest(dues)
    case.next_due_on = due.on if due else None
    case.next_due = due.what[:200] if due else ""


def open_or_join_case(
    person: Person,
    desk: Desk,
    region_id: int,
    user: User,
    *,
    coach: User | None,
    listed_on: date,
    route: str,
    handed_over: bool = False,
    opened_on: date | None = None,
) -> Case:
    """The person's open case at this desk, or a new one; never two open cases (the partial
    unique constraint decides a race between two users). A signal that joins a case in
    aftercare reopens it: the young person needs help again. A handover at 18 closes the
    leerplicht case and links it, so that the Doorstroompunt sees its history. `opened_on`
    is today, unless a case comes over from an earlier system with its own date."""
    if not access.may_take_up(user, desk, region_id):
        raise PermissionDenied
    # The signal's rule opens or reopens the case, also a colleague's: whoever may take up
    # the signal makes that step, not only the case's own coach.
    by_signal = frozenset({Actor.SYSTEM})
    existing = Case.objects.filter(person=person, desk=desk).open().first()
    if existing is not None:
        if existing.state == CaseState.AFTERCARE:
            return change(
                user,
                existing,
                kind=EntryKind.SIGNAL,
                summary="nieuw signaal tijdens de nazorg: dossier heropend",
                to=CaseState.GUIDANCE,
                route=route,
                need=workflow.ANYONE,
                acting_as=by_signal,
            )
        return existing
    previous = None
    if handed_over:
        previous = (
            Case.objects.filter(person=person, desk=Desk.LEERPLICHT).order_by("-opened_at").first()
        )
    try:
        with transaction.atomic():
            case = Case.objects.create(
                person=person,
                desk=desk,
                region_id=region_id,
                opened_by=user,
                opened_on=opened_on or dates.today(),
                listed_on=listed_on,
                coach=coach,
                previous=previous,
            )
            case = change(
                user,
                case,
                kind=EntryKind.OPENED,
                summary=f"dossier geopend bij het loket {Desk(desk).label}",
                on=opened_on,
                route=route,
                need=workflow.ANYONE,
                acting_as=by_signal,
            )
    except IntegrityError:
        return Case.objects.get(person=person, desk=desk, state__in=workflow.OPEN_STATES)
    if previous is not None and previous.is_open:
        close_by_register(
            previous,
            Outcome.HANDED_OVER,
            "18 jaar: warme overdracht aan het Doorstroompunt",
            route=route,
        )
    return case


def assign_case(user: User, case: Case, coach: User | None, *, route: str) -> Case:
    """Give the case to another coach (or to nobody); the history stays with the case."""
    if not access.can_assign_case(user, case, coach):
        raise PermissionDenied
    who = coach.display_name if coach else "niemand"

    def write(locked: Case) -> None:
        locked.coach = coach

    return change(
        user,
        case,
        kind=EntryKind.ASSIGNED,
        summary=f"begeleider: {who}",
        write=write,
        route=route,
        need=frozenset({Actor.COORDINATOR}),
    )


def change_state(user: User, case: Case, to: CaseState, *, note: str, route: str) -> Case:
    """An explicit step of the workflow (start the guidance, back to approach, revise)."""
    summary = f"status: {CaseState(case.state).label} → {to.label}"
    return change(
        user,
        case,
        kind=EntryKind.STATE,
        summary=f"{summary} ({note})" if note else summary,
        to=to,
        route=route,
    )


def close_case(
    user: User | None,
    case: Case,
    outcome: Outcome,
    *,
    closed_on: date,
    reason: str,
    route: str,
) -> Case:
    """Close with an outcome; an outcome in education or work starts the aftercare checks
    (the region's months after closing, e.g. 3 and 6). What else stops with a close, `change`
    does (`_end_with_case`)."""
    if outcome not in rules.outcomes_for(Desk(case.desk)):
        raise CaseRefused(
            f"'{outcome.label}' is geen uitkomst bij het loket {case.get_desk_display()}."
        )

    def write(locked: Case) -> None:
        locked.outcome = outcome
        locked.closed_on = closed_on
        locked.closing_reason = reason[:300]

    summary = f"afgesloten: {outcome.label}" + (f" ({reason})" if reason else "")
    # Both steps or neither: a case closed without its checks would leave aftercare undone.
    with transaction.atomic():
        case = change(
            user,
            case,
            kind=EntryKind.OUTCOME,
            summary=summary,
            on=closed_on,
            write=write,
            to=CaseState.CLOSED,
            route=route,
            need=workflow.ANYONE,
        )
        months = case.region.aftercare_after
        if outcome in rules.AFTERCARE_OUTCOMES and months:
            due = rules.follow_up_dates(closed_on, months)

            def plan_checks(locked: Case) -> None:
                FollowUp.objects.bulk_create(FollowUp(case=locked, due_on=d) for d in due)

            case = change(
                user,
                case,
                kind=EntryKind.FOLLOW_UP,
                summary="nazorg: controles op " + ", ".join(dates.format_date(d) for d in due),
                on=closed_on,
                write=plan_checks,
                to=CaseState.AFTERCARE,
                route=route,
                need=workflow.ANYONE,
                when_closed=True,
            )
    return case


def record_follow_up(
    user: User,
    case: Case,
    follow_up: FollowUp,
    *,
    done_on: date,
    result: FollowUpResult,
    note: str,
    route: str,
) -> Case:
    """An aftercare check: a drop-out reopens the case (back to guidance); the last check
    of the round that finds the young person still at school or at work ends the aftercare."""

    def write(locked: Case) -> None:
        update_one(
            FollowUp.objects.to_do().filter(pk=follow_up.pk, case=locked),
            "Deze nazorgcontrole hoort niet bij dit dossier, is al gedaan of verviel toen het "
            "dossier weer openging.",
            done_on=done_on, result=result, note=note[:300],
        )  # fmt: skip

    def to(locked: Case) -> CaseState | None:
        if result == FollowUpResult.DROPPED_OUT:
            return CaseState.GUIDANCE
        # Only this round's checks: an earlier round ended when the case reopened.
        checks = locked.follow_ups.current()
        done = checks.filter(done_on__isnull=False).values_list("result", flat=True)
        return CaseState.CLOSED if rules.aftercare_finished(done, checks.count()) else None

    summary = f"nazorgcontrole: {result.label}" + (f" ({note})" if note else "")
    if result == FollowUpResult.DROPPED_OUT:
        summary += "; dossier heropend"
    return change(
        user, case, kind=EntryKind.FOLLOW_UP, summary=summary, on=done_on, write=write, to=to,
        route=route,
    )  # fmt: skip


def close_by_register(case: Case, outcome: Outcome, reason: str, *, route: str) -> Case:
    """The system closes a case: the young person died, reached the upper age, moved out of
    the region, or turned 18 and went over to the Doorstroompunt."""
    return close_case(None, case, outcome, closed_on=dates.today(), reason=reason, route=route)


def close_cases_of(endings: Mapping[tuple[int, int], tuple[Outcome, str]], on: date) -> int:
    """Close the open cases the register ended: `endings` maps (person, region) to the
    outcome and its reason (death: 'closes everything, no further letters'; the upper age;
    a move out of the region or the country). The open tasks and aftercare stop with it."""
    persons = {person for person, _ in endings}
    cases = [
        case
        for case in Case.objects.filter(person_id__in=persons).open()
        if (case.person_id, case.region_id) in endings
    ]
    for case in cases:
        outcome, reason = endings[(case.person_id, case.region_id)]
        if case.state == CaseState.AFTERCARE:
            end_aftercare(case, outcome, on=on, reason=reason, route="signals:register")
        else:
            close_case(None, case, outcome, closed_on=on, reason=reason, route="signals:register")
    return len(cases)


def end_aftercare(case: Case, ending: Outcome, *, on: date, reason: str, route: str) -> Case:
    """The register ends a case in aftercare (the young person died, reached the upper age or
    moved away): its checks still to do lapse with that reason and the case closes, but the
    outcome stays the traject's own (OCW's effect report counts what the guidance achieved,
    not what befell the young person afterwards)."""
    why = f"nazorg beëindigd: {ending.label}"

    def write(locked: Case) -> None:
        locked.follow_ups.to_do().update(lapsed_on=on, lapse_reason=why)

    summary = why + (f" ({reason})" if reason else "") + "; controles vervallen"
    return change(
        None, case, kind=EntryKind.FOLLOW_UP, summary=summary, on=on, write=write,
        to=CaseState.CLOSED, route=route, need=workflow.ANYONE,
    )  # fmt: skip
