"""Changes to the register that take more than one write: one function per use case."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from doorstroom.accounts.audit import record_for
from doorstroom.accounts.models import AuditAction, User
from doorstroom.people.models import Person, Residence
from doorstroom.regions.models import Municipality


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
