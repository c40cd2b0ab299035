"""Changes to the register that take more than one write: one function per use case."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from doorstroom.accounts import access
from doorstroom.accounts.audit import record_for
from doorstroom.accounts.models import AuditAction, User
from doorstroom.accounts.roles import Action
from doorstroom.people.models import Person, Rectification, Residence
from doorstroom.regions.models import Municipality
from doorstroom.signals.services import signal_persons


@transaction.atomic
def record_move(
    person: Person,
    *,
    by: User | None,
    reason: str,
    municipality: Municipality,
    moved_on: date,
    street: str,
    house_number: int,
    postcode: str,
    city: str = "",
    house_number_addition: str = "",
) -> Residence:
    """Close the current address the day before `moved_on` and open the new one, audited.

    The old address stays as history, also when the move crosses into another region: the
    new region's users see the person from then on, the old region's no longer.
    """
    locked = Person.objects.select_for_update().get(pk=person.pk)
    current = locked.residences.filter(valid_to__isnull=True).first()
    if current is not None:
        if moved_on <= current.valid_from:
            raise ValidationError(
                {"moved_on": "De verhuisdatum ligt niet na het begin van het huidige adres."}
            )
        current.valid_to = moved_on - timedelta(days=1)
        current.save(update_fields=["valid_to"])
    residence = Residence(
        person=locked,
        municipality=municipality,
        street=street,
        house_number=house_number,
        house_number_addition=house_number_addition,
        postcode=postcode,
        city=city,
        valid_from=moved_on,
    )
    residence.full_clean(exclude=["person"])
    residence.save()
    locked.municipality = municipality
    locked.save(update_fields=["municipality"])
    person.municipality = municipality
    record_for(
        by, AuditAction.CHANGE, person_ids=[locked.pk], route="people.record_move", reason=reason
    )
    return residence


RECTIFIABLE = ("given_names", "surname_prefix", "surname", "date_of_birth", "phone", "email")
"""What a person may have corrected on the person page (AVG art. 16); the BSN and the
address come from the BRP through DUO's deliveries and are corrected at the source."""
NOTHING_CHANGED = "Er is niets gewijzigd: de ingevulde gegevens zijn gelijk aan de huidige."


def _as_text(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value or "")


def rectify_person(
    user: User,
    person: Person,
    changes: dict[str, object],
    reason: str,
    *,
    route: str = "people.rectify_person",
) -> list[Rectification]:
    """Correct a person's data: write the new values, keep each old one in the history,
    audit the change and signal the person again (the date of birth drives the rules).

    Raises ValidationError (Dutch, per field) and writes nothing when the values are wrong,
    the reason is missing, or nothing would change.
    """
    if not access.can(user, Action.RECTIFY_PERSON):
        raise PermissionDenied
    if set(changes) - set(RECTIFIABLE):
        raise ValueError(f"Alleen {', '.join(RECTIFIABLE)} kunnen worden gecorrigeerd.")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Vul de reden van de correctie in."})
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        old = {field: getattr(locked, field) for field in changes}
        changed = [field for field, value in changes.items() if value != old[field]]
        if not changed:
            raise ValidationError(NOTHING_CHANGED)
        for field in changed:
            setattr(locked, field, changes[field])
        locked.full_clean()
        if "date_of_birth" in changed:
            _check_register_after_birth(locked)
        locked.save(update_fields=[*changed, "surname_key"])
        history = Rectification.objects.bulk_create(
            Rectification(
                person=locked,
                user=user,
                field=field,
                old_value=_as_text(old[field]),
                new_value=_as_text(changes[field]),
                reason=reason[:300],
            )
            for field in changed
        )
        labels = ", ".join(str(Person._meta.get_field(f).verbose_name) for f in changed)
        record_for(
            user, AuditAction.CHANGE, person_ids=[locked.pk], route=route,
            reason=f"correctie (AVG art. 16) van {labels}: {reason}",
        )  # fmt: skip
    for field in changed:
        setattr(person, field, changes[field])
    signal_persons([person.pk], user=user)
    return history


def _check_register_after_birth(person: Person) -> None:
    """An enrolment or result before the corrected date of birth means the date is wrong."""
    born = person.date_of_birth
    if (
        person.enrolments.filter(start_date__lt=born).exists()
        or person.results.filter(obtained_on__lt=born).exists()
    ):
        raise ValidationError(
            {
                "date_of_birth": "Deze geboortedatum ligt na het begin van een inschrijving of diploma."
            }
        )
