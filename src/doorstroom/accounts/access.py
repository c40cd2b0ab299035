"""The access module: what a user may do and whose data they may see. Every view asks here.

Decisions are made from the role matrix in roles.py and the user's region(s). A person
outside the user's scope does not exist for that user (404, never 403), so that IDs cannot
be probed for another region's data.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from doorstroom import dates
from doorstroom.accounts.audit import record
from doorstroom.accounts.models import AuditAction, AuditEvent, User
from doorstroom.accounts.roles import (
    DESKS,
    MULTI_REGION_ROLES,
    PERMISSIONS,
    TWO_FACTOR_ROLES,
    WORKS_DESK,
    Action,
    Role,
)
from doorstroom.cases.models import Case, CaseEntry, CaseQuerySet, Document
from doorstroom.cases.workflow import Actor
from doorstroom.deliveries.models import ImportRun, Report
from doorstroom.partners.models import Referral, ReferralQuerySet
from doorstroom.people.choices import Desk
from doorstroom.people.models import Person, PersonQuerySet
from doorstroom.regions.models import Region
from doorstroom.signals.models import Signal, SignalQuerySet


def roles_of(user: Any) -> frozenset[Role]:
    if not isinstance(user, User) or not user.is_active:
        return frozenset()
    return user.roles


def home_region_ids(user: Any) -> frozenset[int]:
    """The one region whose persons a user works with."""
    if not isinstance(user, User) or not user.is_active or not user.region_id:
        return frozenset()
    return frozenset({user.region_id})


def managed_region_ids(user: Any) -> frozenset[int]:
    """The regions whose reference data and users a user manages: a functioneel beheerder
    may have extra regions; nobody sees persons through them."""
    ids = set(home_region_ids(user))
    if ids and roles_of(user) & MULTI_REGION_ROLES:
        ids |= set(user.extra_regions.values_list("id", flat=True))
    return frozenset(ids)


def manages_every_region(user: Any) -> bool:
    """A superuser manages the reference data of every region, and records of no region."""
    return isinstance(user, User) and user.is_active and user.is_superuser


def managed_regions(user: Any) -> QuerySet[Region]:
    """The regions a user may choose in the admin (`managed_region_ids`): all for a superuser."""
    if manages_every_region(user):
        return Region.objects.all()
    return Region.objects.filter(id__in=managed_region_ids(user))


def managed_records(user: Any, records: QuerySet, region: str = "region") -> QuerySet:
    """The records of the regions a user manages, `region` being the path from a record to its
    region ("pk" for the regions themselves): the admin shows nothing else, not even a record
    for every region (region empty). A superuser gets them all."""
    if manages_every_region(user):
        return records
    return records.filter(**{f"{region}__in": managed_region_ids(user)})


def api_key_holders(user: Any) -> QuerySet[User]:
    """Who may hold an API key that this user makes: the active accounts whose role may use
    the API (`can(holder, Action.USE_API)`, also asked by `UserAPIKey.clean`) of the regions
    the user manages."""
    holders = User.objects.filter(
        is_active=True,
        groups__name__in=PERMISSIONS[Action.USE_API],
        region__in=managed_regions(user),
    )
    return holders.distinct().order_by("username")


def may_reset_two_factor(user: Any, target: User) -> bool:
    """Who may unlink a lost authenticator app: a functioneel beheerder ('users, roles') for
    a user of a region they manage, never for a superuser; a superuser for anyone."""
    if not isinstance(user, User) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if Role.ADMIN not in roles_of(user) or target.is_superuser:
        return False
    return target.region_id is not None and target.region_id in managed_region_ids(user)


def needs_two_factor(user: Any) -> bool:
    """A user who sees persons (or grants access to them) passes a TOTP step after the
    password; so does a superuser, who can do everything."""
    if not isinstance(user, User) or not user.is_active:
        return False
    return user.is_superuser or bool(roles_of(user) & TWO_FACTOR_ROLES)


def can(user: Any, action: Action) -> bool:
    return bool(roles_of(user) & PERMISSIONS[action])


def requires(action: Action) -> Callable:
    """View decorator: 403 for a user whose role does not allow `action`."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not can(request.user, action):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def persons_visible_to(user: Any) -> PersonQuerySet:
    """The persons a user may find: casework roles see the persons living in their region."""
    if not can(user, Action.VIEW_PERSON):
        return Person.objects.none()
    return Person.objects.in_regions(home_region_ids(user))


def person_for(
    request: HttpRequest, public_id: UUID, *, reason: str, action: AuditAction = AuditAction.VIEW
) -> Person:
    """The person with this id if the user may see them (else 404), with the read logged
    (as `action`: an export of everything is logged as EXPORT, not as a page view)."""
    if not can(request.user, Action.VIEW_PERSON):
        raise PermissionDenied
    person = (
        persons_visible_to(request.user)
        .select_related("municipality__region")
        .with_register()
        .filter(public_id=public_id)
        .first()
    )
    if person is None:
        raise Http404("Deze jongere bestaat niet of valt buiten uw regio.")
    record(request, action, person_ids=[person.pk], reason=reason)
    return person


def import_runs_visible_to(user: Any) -> QuerySet[ImportRun]:
    """Import runs of the user's own region, for the roles that follow deliveries."""
    if not can(user, Action.VIEW_DELIVERIES):
        return ImportRun.objects.none()
    return ImportRun.objects.filter(area_id__in=home_region_ids(user))


def import_run_for(user: Any, pk: int) -> ImportRun:
    run = import_runs_visible_to(user).select_related("area", "user").filter(pk=pk).first()
    if run is None:
        raise Http404("Deze inleesrun bestaat niet of valt buiten uw regio.")
    return run


def desks_of(user: Any) -> frozenset[Desk]:
    """The desks whose work queue a user sees."""
    return frozenset(desk for role in roles_of(user) for desk in DESKS.get(role, ()))


def signals_visible_to(user: Any) -> SignalQuerySet:
    """Signals of the user's region at the user's desks."""
    if not can(user, Action.VIEW_QUEUE):
        return Signal.objects.none()
    return Signal.objects.filter(region_id__in=home_region_ids(user), desk__in=desks_of(user))


def signal_for(request: HttpRequest, public_id: UUID, *, reason: str) -> Signal:
    """The signal with this id if the user may see it (else 404), with the read logged."""
    signal = (
        signals_visible_to(request.user)
        .select_related("person__municipality", "school", "assigned_to", "case", "region")
        .filter(public_id=public_id)
        .first()
    )
    if signal is None:
        raise Http404("Dit signaal bestaat niet of valt buiten uw regio.")
    record(request, AuditAction.VIEW, person_ids=[signal.person_id], reason=reason)
    return signal


def assignable_users(user: Any, desk: Desk) -> QuerySet[User]:
    """Who in the user's region works the desk: the people a signal can be assigned to."""
    if not can(user, Action.ASSIGN_SIGNALS) or desk not in desks_of(user):
        return User.objects.none()
    return (
        User.objects.filter(
            is_active=True,
            region_id__in=home_region_ids(user),
            groups__name__in=WORKS_DESK[desk],
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def desk_refusing(user: Any, coach: User, desks: set[Desk]) -> Desk | None:
    """The first of these desks whose signals `user` may not give to `coach`, or None: one
    query per desk, whatever the number of signals."""
    for desk in sorted(desks):
        if not assignable_users(user, desk).filter(pk=coach.pk).exists():
            return desk
    return None


def reports_visible_to(user: Any) -> QuerySet[Report]:
    """The meldingen a reporter made: a school or partner account sees its own, nothing else
    (not yet its colleagues' of the same `User.organisation`: that is the ketenpartners
    issue's to decide)."""
    if not can(user, Action.REPORT_PERSON) or not isinstance(user, User):
        return Report.objects.none()
    return Report.objects.filter(reported_by=user)


def report_for(user: Any, number: str) -> Report:
    report = reports_visible_to(user).select_related("school").filter(report_number=number).first()
    if report is None:
        raise Http404("Deze melding bestaat niet of is niet door u gedaan.")
    return report


def retention_region_ids(user: Any) -> frozenset[int]:
    """The regions whose retention counts a user reads: the FG's own region, the regions a
    functioneel beheerder manages."""
    if not can(user, Action.VIEW_RETENTION):
        return frozenset()
    return managed_region_ids(user)


def audit_users_of(user: Any) -> QuerySet[User]:
    """The users whose doings the privacyfunctionaris follows: everyone of the own region."""
    if not can(user, Action.VIEW_AUDIT):
        return User.objects.none()
    return User.objects.filter(region_id__in=home_region_ids(user)).order_by(
        "first_name", "last_name", "username"
    )


def audited_persons_of(user: Any) -> PersonQuerySet:
    """The persons whose trail the privacyfunctionaris reads: those living in the region."""
    if not can(user, Action.VIEW_AUDIT):
        return Person.objects.none()
    return Person.objects.in_regions(home_region_ids(user))


def audit_events_visible_to(user: Any) -> QuerySet[AuditEvent]:
    """What the region's users did, and what anyone did with the region's persons.

    A failed log-in has no user: it counts by its username; one with a username that nobody
    has belongs to no region, so no privacyfunctionaris sees it (a superuser does, in the admin).
    """
    if not can(user, Action.VIEW_AUDIT):
        return AuditEvent.objects.none()
    users = audit_users_of(user).order_by()
    return AuditEvent.objects.filter(
        Q(user_id__in=users.values("pk"))
        | Q(user__isnull=True, username__in=users.values("username"))
        | Q(person_id__in=audited_persons_of(user).values("pk"))
    )


def works_desk(user: Any, desk: Desk) -> bool:
    """Whether the user is one of the people a signal or case at this desk can go to."""
    return bool(roles_of(user) & WORKS_DESK[desk])


def may_take_up(user: Any, desk: Desk, region_id: int) -> bool:
    """Whether the user may take up a signal of this desk and region: someone of the region
    who works the desk. The signal joins or opens the person's case there, whoever's case it
    is (cases.services.open_or_join_case)."""
    return (
        can(user, Action.OPEN_SIGNALS)
        and works_desk(user, desk)
        and region_id in home_region_ids(user)
    )


def cases_visible_to(user: Any) -> CaseQuerySet:
    """Cases of the user's region at the user's desks."""
    if not can(user, Action.VIEW_CASES):
        return Case.objects.none()
    return Case.objects.filter(region_id__in=home_region_ids(user), desk__in=desks_of(user))


def case_for(
    request: HttpRequest, public_id: UUID, *, reason: str, action: AuditAction = AuditAction.VIEW
) -> Case:
    """The case with this id if the user may see it (else 404), with the read logged."""
    case = (
        cases_visible_to(request.user)
        .select_related("person__municipality__region", "coach", "region", "previous")
        .filter(public_id=public_id)
        .first()
    )
    if case is None:
        raise Http404("Dit dossier bestaat niet of valt buiten uw regio.")
    record(request, action, person_ids=[case.person_id], reason=reason)
    return case


def case_actors(user: Any, case: Case) -> frozenset[Actor]:
    """In what capacity the user may change this case (workflow.Actor): the case's own coach
    as caseworker; the coordinator as coordinator and stand-in; at the leerplicht desk every
    leerplichtambtenaar of the region as both; the ondersteuner for letters and documents.
    Nobody outside the case's region and desk."""
    if not can(user, Action.VIEW_CASES):
        return frozenset()
    if case.region_id not in home_region_ids(user) or case.desk not in desks_of(user):
        return frozenset()
    roles = roles_of(user)
    actors = {Actor.SUPPORT} if Role.SUPPORT in roles else set()
    if (case.desk == Desk.LEERPLICHT and Role.LEERPLICHT in roles) or (
        case.desk == Desk.DOORSTROOMPUNT and Role.COORDINATOR in roles
    ):
        actors |= {Actor.CASEWORKER, Actor.COORDINATOR}
    elif case.desk == Desk.DOORSTROOMPUNT and Role.COACH in roles and case.coach_id == user.pk:
        actors.add(Actor.CASEWORKER)
    return frozenset(actors)


def can_assign_case(user: Any, case: Case, coach: User | None) -> bool:
    """A coordinator (or, at the leerplicht desk, a leerplichtambtenaar) gives a case to
    someone of the region who works its desk, or to nobody."""
    if not can(user, Action.ASSIGN_CASES) or Actor.COORDINATOR not in case_actors(user, case):
        return False
    return coach is None or assignable_users(user, Desk(case.desk)).filter(pk=coach.pk).exists()


def may_read_confidential(user: Any, case: Case, entry: CaseEntry) -> bool:
    """A note marked confidential is for its author and the case's current coach only."""
    return isinstance(user, User) and user.pk in (entry.by_id, case.coach_id)


def document_for(request: HttpRequest, case: Case, pk: int) -> tuple[Document, File | None]:
    """A document of a case the user already got through `case_for`, with its file opened
    for reading (None when it is no longer in storage); the download is logged, as an
    attempt when the file could not be opened. Opened before the row is written, so that the
    row says what the download gives (opening decides, once, whether the file is there: a
    storage's listing can lag); not a byte of it is read or sent before the row is written,
    and a row that cannot be written closes the file again, so nothing is sent unlogged."""
    document = Document.objects.filter(case=case, pk=pk).first()
    if document is None:
        raise Http404("Dit document bestaat niet of hoort niet bij dit dossier.")
    handle = document.open_file()
    what = "gedownload" if handle else "gevraagd; het bestand is niet meer aanwezig"
    try:
        record(
            request,
            AuditAction.EXPORT,
            person_ids=[case.person_id],
            # By its number, not its title: a title is free text about the young person.
            reason=f"document {document.pk} van dossier {case.number} {what}",
        )
    except BaseException:
        if handle is not None:
            handle.close()
        raise
    return document, handle


def shared_referrals_of(user: Any) -> ReferralQuerySet:
    """What was shared with the user's ketenpartner and may be seen today: its referrals
    while the sharing is valid (`Referral.objects.shared_on`), in the user's own region. A
    partner account without its organisation sees nothing."""
    if not can(user, Action.VIEW_SHARED) or not user.organisation_id:
        return Referral.objects.none()
    return Referral.objects.shared_on(dates.today()).filter(
        organisation_id=user.organisation_id,
        organisation__region_id__in=home_region_ids(user),
        case__region_id__in=home_region_ids(user),
    )


def shared_referral_for(request: HttpRequest, public_id: UUID, *, reason: str) -> Referral:
    """A referral shared with the user's ketenpartner (else 404: withdrawn, expired, another
    partner's or region's, or no such id), with the read logged."""
    referral = (
        shared_referrals_of(request.user)
        .select_related("case__person", "case__coach", "referred_by", "organisation")
        .filter(public_id=public_id)
        .first()
    )
    if referral is None:
        raise Http404("Deze verwijzing bestaat niet of is niet (meer) met uw organisatie gedeeld.")
    record(
        request,
        AuditAction.VIEW,
        person_ids=[referral.case.person_id],
        reason=f"gedeeld met {referral.organisation.name} "
        f"({referral.get_legal_basis_display()}): {reason}",
    )
    return referral
