"""The daily work in a case, one function per thing a caseworker does: contact attempts,
contact moments and notes, the intake and consent, the plan, tasks, documents, referrals.
Each is a small write on top of services.change, which checks, locks, records and logs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from doorstroom import dates
from doorstroom.accounts.audit import record_for
from doorstroom.accounts.models import AuditAction, User
from doorstroom.cases.choices import (
    CaseState,
    Channel,
    ContactResult,
    EntryKind,
    PlanKind,
    Situation,
)
from doorstroom.cases.models import (
    Case,
    ContactAttempt,
    Document,
    Intake,
    IntakeSituation,
    LeavingReason,
    Plan,
    PlanGoal,
    Task,
)
from doorstroom.cases.services import CaseRefused, change, end_referrals_on_consent, update_one
from doorstroom.cases.workflow import WORKERS, Actor
from doorstroom.partners import rules as partner_rules
from doorstroom.partners import workflow as referral_workflow
from doorstroom.partners.choices import ConsentGiver, LegalBasis, ReferralStatus, SharedData
from doorstroom.partners.models import Consent, Organisation, Referral
from doorstroom.people.choices import Desk
from doorstroom.programme.models import Measure


def record_contact_attempt(
    user: User,
    case: Case,
    *,
    on: date,
    channel: Channel,
    result: ContactResult,
    next_step: str = "",
    next_on: date | None = None,
    route: str,
) -> Case:
    """A try to reach the young person; the first one starts benaderen."""

    def write(locked: Case) -> None:
        ContactAttempt.objects.create(
            case=locked, on=on, channel=channel, result=result, next_step=next_step[:200],
            next_on=next_on, by=user,
        )  # fmt: skip

    summary = f"contactpoging per {channel.label}: {result.label}"
    if next_step:
        summary += f"; vervolg: {next_step}"
    return change(
        user,
        case,
        kind=EntryKind.CONTACT_ATTEMPT,
        summary=summary,
        on=on,
        write=write,
        to=lambda locked: CaseState.APPROACH if locked.state == CaseState.NEW else None,
        route=route,
    )


def add_note(
    user: User,
    case: Case,
    *,
    on: date,
    text: str,
    confidential: bool,
    contact: bool = False,
    route: str,
) -> Case:
    """A contact moment (a conversation with the young person) or a note on the timeline.
    A confidential note shows as such to everyone but its author and the case's coach."""
    kind = EntryKind.CONTACT if contact else EntryKind.NOTE
    label = "contactmoment" if contact else "notitie"
    summary = f"vertrouwelijke {label}" if confidential else f"{label}: {_first_line(text)}"
    return change(
        user,
        case,
        kind=kind,
        summary=summary,
        on=on,
        text=text,
        confidential=confidential,
        route=route,
    )


def _first_line(text: str, length: int = 120) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= length else line[: length - 1] + "…"


def record_intake(
    user: User,
    case: Case,
    *,
    held_on: date,
    reasons: list[LeavingReason],
    reason_note: str,
    goal: str,
    situation: dict[Situation, str],
    route: str,
) -> Case:
    """The intake: why the young person left school, how things stand, their own goal. A
    second call corrects the first (the history keeps both)."""

    def write(locked: Case) -> None:
        if locked.state == CaseState.NEW:
            raise CaseRefused("Leg eerst een contactpoging vast: een intake volgt op contact.")
        intake, _ = Intake.objects.update_or_create(
            case=locked,
            defaults={
                "held_on": held_on,
                "reason_note": reason_note[:500],
                "goal": goal,
                "recorded_by": user,
            },
        )
        intake.reasons.set(reasons)
        IntakeSituation.objects.filter(intake=intake).delete()
        IntakeSituation.objects.bulk_create(
            IntakeSituation(intake=intake, domain=domain, note=note[:300])
            for domain, note in situation.items()
            if note.strip()
        )

    named = ", ".join(r.label for r in reasons) or "geen reden genoemd"
    return change(
        user,
        case,
        kind=EntryKind.INTAKE,
        summary=f"intake op {dates.format_date(held_on)}; redenen: {named}",
        on=held_on,
        text=goal,
        write=write,
        to=lambda locked: CaseState.INTAKE if locked.state == CaseState.APPROACH else None,
        route=route,
    )


def record_consent(
    user: User,
    case: Case,
    *,
    organisation: Organisation,
    scope: str,
    given_on: date,
    valid_until: date | None,
    given_by: ConsentGiver,
    route: str,
    allows: frozenset[SharedData] = frozenset(),
) -> Case:
    """The young person (under 16: a parent or guardian, partners/rules.py) agrees to share
    named data with a named partner; `allows` is what of the register may go with a
    referral on this consent."""
    _same_region(case, organisation)
    age = dates.age_on(case.person.date_of_birth, given_on)
    refusal = partner_rules.consent_giver_refusal(given_by, age)
    if refusal:
        raise CaseRefused(refusal)

    def write(locked: Case) -> None:
        Consent.objects.create(
            person_id=locked.person_id, case=locked, organisation=organisation, scope=scope[:300],
            given_on=given_on, given_by=given_by, valid_until=valid_until, recorded_by=user,
            allows_name=SharedData.NAME in allows,
            allows_date_of_birth=SharedData.DATE_OF_BIRTH in allows,
            allows_contact=SharedData.CONTACT in allows,
        )  # fmt: skip

    until = f" tot en met {dates.format_date(valid_until)}" if valid_until else ""
    return change(
        user, case, kind=EntryKind.CONSENT, on=given_on, write=write, route=route,
        summary=f"toestemming van {given_by.label} om te delen met {organisation.name}{until}: "
        f"{scope}",
    )  # fmt: skip


def withdraw_consent(user: User, case: Case, consent: Consent, *, on: date, route: str) -> Case:
    """The consent ends, and with it the referrals that rest on it, both or neither."""

    def write(locked: Case) -> None:
        update_one(
            Consent.objects.filter(pk=consent.pk, case=locked, withdrawn_on__isnull=True),
            "Deze toestemming hoort niet bij dit dossier of is al ingetrokken.",
            withdrawn_on=on,
        )

    with transaction.atomic():
        case = change(
            user, case, kind=EntryKind.CONSENT_WITHDRAWN, on=on, write=write, route=route,
            summary=f"toestemming voor {consent.organisation.name} ingetrokken",
        )  # fmt: skip
        return end_referrals_on_consent(user, case, consent.pk, on=on, route=route)


@dataclass(frozen=True)
class Goal:
    description: str
    due_on: date


def make_plan(
    user: User,
    case: Case,
    *,
    made_on: date,
    kind: PlanKind,
    agreements: str,
    goals: list[Goal],
    partners: list[Organisation],
    measure: Measure | None,
    cost: Decimal | None,
    route: str,
) -> Case:
    """A new version of the plan (the first, or a revision): the earlier versions stay."""
    for partner in partners:
        _same_region(case, partner)
    if measure is not None and measure.region_id != case.region_id:
        raise CaseRefused("Deze maatregel hoort bij een ander regionaal programma.")
    if not goals:
        raise CaseRefused("Een plan heeft minstens één doel met een streefdatum.")

    def write(locked: Case) -> None:
        if locked.state in (CaseState.NEW, CaseState.APPROACH):
            raise CaseRefused("Leg eerst de intake vast: het plan bouwt erop.")
        version = (
            locked.plans.order_by("-version").values_list("version", flat=True).first() or 0
        ) + 1
        plan = Plan.objects.create(
            case=locked, version=version, made_on=made_on, kind=kind, agreements=agreements,
            measure=measure, cost=cost, made_by=user,
        )  # fmt: skip
        plan.partners.set(partners)
        PlanGoal.objects.bulk_create(
            PlanGoal(plan=plan, description=g.description[:300], due_on=g.due_on) for g in goals
        )

    revising = case.plans.exists()
    summary = (
        f"{'plan herzien' if revising else 'plan opgesteld'}: {kind.label}, "
        f"{len(goals)} {'doel' if len(goals) == 1 else 'doelen'}"
    )
    if measure is not None:
        summary += f", maatregel {measure.name}"
    return change(
        user,
        case,
        kind=EntryKind.PLAN,
        summary=summary,
        on=made_on,
        text=agreements,
        write=write,
        to=CaseState.PLAN,
        route=route,
    )


def mark_goal_achieved(user: User, case: Case, goal: PlanGoal, *, on: date, route: str) -> Case:
    def write(locked: Case) -> None:
        update_one(
            PlanGoal.objects.filter(pk=goal.pk, plan__case=locked, achieved_on__isnull=True),
            "Dit doel hoort niet bij dit dossier of is al behaald.",
            achieved_on=on,
        )

    return change(
        user, case, kind=EntryKind.PLAN, on=on, write=write, route=route,
        summary=f"doel behaald: {goal.description}",
    )  # fmt: skip


def add_task(user: User, case: Case, *, title: str, due_on: date, route: str) -> Case:
    def write(locked: Case) -> None:
        Task.objects.create(case=locked, title=title[:200], due_on=due_on, created_by=user)

    return change(
        user, case, kind=EntryKind.TASK, write=write, route=route,
        summary=f"taak: {title}, uiterlijk {dates.format_date(due_on)}",
    )  # fmt: skip


def complete_task(user: User, case: Case, task: Task, *, on: date, route: str) -> Case:
    def write(locked: Case) -> None:
        update_one(
            Task.objects.filter(pk=task.pk, case=locked, done_on__isnull=True),
            "Deze taak hoort niet bij dit dossier of is al gedaan.",
            done_on=on,
        )

    return change(
        user, case, kind=EntryKind.TASK, on=on, write=write, route=route,
        summary=f"taak gedaan: {task.title}",
    )  # fmt: skip


def add_document(
    user: User,
    case: Case,
    *,
    title: str,
    upload: UploadedFile,
    content_type: str,
    letter: str = "",
    route: str,
) -> Case:
    """A file in the case (checked by the form for its kind and size before it comes here).
    A letter the system made is a document too, so it stays with the case. The ondersteuner
    adds these as well ('administrative: ... letters'). A change that fails after the file
    was written takes the file with it: the database rolls back, the disk does not."""
    stored: list[Document] = []

    def write(locked: Case) -> None:
        document = Document.objects.create(
            case=locked, title=title[:200], file=upload, content_type=content_type,
            size=upload.size, letter=letter, added_by=user,
        )  # fmt: skip
        stored.append(document)

    kind = EntryKind.LETTER if letter else EntryKind.DOCUMENT
    word = "brief" if letter else "document"
    try:
        return change(
            user, case, kind=kind, write=write, route=route, summary=f"{word} toegevoegd: {title}",
            need=WORKERS | {Actor.SUPPORT},
        )  # fmt: skip
    except BaseException:
        for document in stored:
            document.file.delete(save=False)
        raise


MAX_SHARING_YEARS = 1
"""Data minimisation (AVG art. 5(1)(c,e)): a referral shares for at most a year; longer
help is a new referral with its ground checked again."""


def refer(
    user: User,
    case: Case,
    *,
    organisation: Organisation,
    referred_on: date,
    reason: str,
    legal_basis: LegalBasis,
    consent: Consent | None,
    shared: str,
    shared_until: date,
    route: str,
    shares: frozenset[SharedData] = frozenset(),
) -> Case:
    """A warm overdracht to a ketenpartner: sharing needs a legal basis or a valid consent
    for this partner, and is logged as an export of the person's data. `shares` is what of
    the register the partner's accounts see with it (partners/views.py). The ground must be
    one of the case's desk at the young person's age that day (partners/rules.py)."""
    _same_region(case, organisation)
    age = dates.age_on(case.person.date_of_birth, referred_on)
    refusal = partner_rules.basis_refusal(legal_basis, Desk(case.desk), age)
    if refusal:
        raise CaseRefused(refusal)
    if shared_until < referred_on:
        raise CaseRefused("Het delen eindigt vóór de verwijzing begint.")
    if shared_until > dates.add_years(referred_on, MAX_SHARING_YEARS):
        raise CaseRefused(
            "Delen kan hoogstens een jaar na de verwijzing: kies een eerdere einddatum "
            "en verwijs zo nodig opnieuw."
        )
    # What of the register goes along, not the coach's own words for what is shared.
    goes_along = ", ".join(item.label for item in SharedData if item in shares)

    def write(locked: Case) -> None:
        _not_referred_yet(locked, organisation, referred_on)
        if legal_basis == LegalBasis.CONSENT:
            _consent_allows(locked, consent, organisation, referred_on, shares)
        Referral.objects.create(
            case=locked, organisation=organisation, referred_on=referred_on, reason=reason[:300],
            legal_basis=legal_basis, consent=consent if legal_basis == LegalBasis.CONSENT else None,
            shared=shared[:300], shared_until=shared_until, referred_by=user,
            shares_name=SharedData.NAME in shares,
            shares_date_of_birth=SharedData.DATE_OF_BIRTH in shares,
            shares_contact=SharedData.CONTACT in shares,
        )  # fmt: skip
        shared_with = f"gedeeld met {organisation.name} ({legal_basis.label})"
        shared_with += f", dossier {locked.number}"
        record_for(
            user,
            AuditAction.EXPORT,
            person_ids=[locked.person_id],
            route=route,
            reason=(f"{shared_with}: {goes_along}" if goes_along else shared_with)[:300],
        )

    return change(
        user, case, kind=EntryKind.REFERRAL, on=referred_on, write=write, route=route,
        summary=f"verwezen naar {organisation.name}: {reason} (grondslag: {legal_basis.label})",
    )  # fmt: skip


def _not_referred_yet(locked: Case, organisation: Organisation, on: date) -> None:
    """Refuse a second referral to a partner while one of the case still runs there (read
    under the case's lock, so that two at once, a double click, make one): the partner
    would see the young person twice, and the export would be logged twice."""
    running = (
        Referral.objects.filter(
            case=locked,
            organisation=organisation,
            status__in=referral_workflow.LIVE,
            shared_until__gte=on,
        )
        .order_by("referred_on")
        .first()
    )
    if running is not None:
        raise CaseRefused(
            f"Er loopt al een verwijzing naar {organisation.name} in dit dossier (van "
            f"{dates.format_date(running.referred_on)}, gedeeld tot en met "
            f"{dates.format_date(running.shared_until)}): werk die bij, of beëindig die "
            "voordat u opnieuw verwijst."
        )


def _consent_allows(
    locked: Case,
    consent: Consent | None,
    organisation: Organisation,
    on: date,
    shares: frozenset[SharedData],
) -> None:
    """Refuse unless the consent, read now under the case's lock (withdraw_consent takes it
    too), is this partner's in this case, valid on the day and allows what goes along."""
    current = None
    if consent is not None:
        valid = Consent.objects.valid_on(on)
        current = valid.filter(pk=consent.pk, case=locked, organisation=organisation).first()
    if current is None:
        raise CaseRefused(
            f"Er is op {dates.format_date(on)} geen geldige toestemming om met "
            f"{organisation.name} te delen: leg die eerst vast of kies een wettelijke grondslag."
        )
    beyond = shares - current.allowed_data
    if beyond:
        named = ", ".join(item.label for item in SharedData if item in beyond)
        raise CaseRefused(
            f"De toestemming van {dates.format_date(current.given_on)} staat niet toe dat "
            f"{named} met {organisation.name} gedeeld wordt."
        )


def update_referral(
    user: User, case: Case, referral: Referral, *, status: ReferralStatus, outcome: str, route: str
) -> Case:
    """A new status for a referral, only as partners/workflow.py allows (read under the
    case's lock): an ended or declined referral shares nothing again."""

    def write(locked: Case) -> None:
        current = Referral.objects.filter(pk=referral.pk, case=locked).first()
        if current is None:
            raise CaseRefused("Deze verwijzing hoort niet bij dit dossier.")
        reason = referral_workflow.refusal(ReferralStatus(current.status), status)
        if reason:
            raise CaseRefused(reason)
        update_one(
            Referral.objects.filter(pk=referral.pk, case=locked, status=current.status),
            "Deze verwijzing hoort niet bij dit dossier.",
            status=status, outcome=outcome[:300],
        )  # fmt: skip

    summary = f"verwijzing naar {referral.organisation.name}: {status.label}"
    return change(
        user, case, kind=EntryKind.REFERRAL, write=write, route=route,
        summary=f"{summary} ({outcome})" if outcome else summary,
    )  # fmt: skip


def _same_region(case: Case, organisation: Organisation) -> None:
    if organisation.region_id != case.region_id or not organisation.active:
        raise CaseRefused(f"{organisation.name} is geen actieve ketenpartner van deze regio.")
