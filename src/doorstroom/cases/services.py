"""The one write path for cases, so far: open a case or join the open one."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction

from doorstroom.accounts.audit import record_for
from doorstroom.accounts.models import AuditAction, User
from doorstroom.cases.models import Case
from doorstroom.people.choices import Desk
from doorstroom.people.models import Person


def open_or_join_case(person: Person, desk: Desk, region_id: int, user: User) -> Case:
    """The person's open case at this desk, or a new one; never two open cases (the partial
    unique constraint decides a race between two users)."""
    existing = Case.objects.filter(person=person, desk=desk, closed_on__isnull=True).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            case = Case.objects.create(
                person=person, desk=desk, region_id=region_id, opened_by=user, coach=None
            )
    except IntegrityError:
        return Case.objects.get(person=person, desk=desk, closed_on__isnull=True)
    record_for(
        user,
        AuditAction.CREATE,
        person_ids=[person.pk],
        route="cases:open",
        reason=f"dossier geopend bij {Desk(desk).label}",
    )
    return case


def close_cases_of(person_ids: list[int], on: date, reason: str) -> int:
    """Close every open case of these persons (death: 'closes everything, no further
    letters'); a system step, audit-logged by the caller's signalling run."""
    return Case.objects.filter(person_id__in=person_ids, closed_on__isnull=True).update(
        closed_on=on, closing_reason=reason[:300]
    )
