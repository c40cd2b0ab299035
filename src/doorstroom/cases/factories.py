"""Test factories for cases: `CaseFactory(person=p, coach=c)` is a new case at the
Doorstroompunt of the person's region, opened today, with its first history line."""

from __future__ import annotations

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from doorstroom import dates
from doorstroom.cases.choices import CaseState, EntryKind
from doorstroom.cases.models import Case, CaseEntry
from doorstroom.partners.choices import PartnerDomain
from doorstroom.partners.models import Organisation
from doorstroom.people.choices import Desk
from doorstroom.people.factories import PersonFactory


class CaseFactory(DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    region = factory.LazyAttribute(lambda o: o.person.municipality.region)
    desk = Desk.DOORSTROOMPUNT
    state = CaseState.NEW
    opened_on = factory.LazyFunction(dates.today)
    listed_on = factory.LazyAttribute(lambda o: o.opened_on)

    @factory.post_generation
    def history(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            CaseEntry.objects.create(
                case=self, at=timezone.now(), on=self.opened_on, by=self.opened_by,
                kind=EntryKind.OPENED, summary="dossier geopend", state=self.state,
            )  # fmt: skip


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Jongerenloket {n}")
    domain = PartnerDomain.WORK
