"""Test factories for the register: `PersonFactory(age=19, diplomas=["vmbo_kb"])`."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from factory.django import DjangoModelFactory

from doorstroom import dates
from doorstroom.people.bsn import reserved_test_bsns
from doorstroom.people.choices import EducationKind, ExemptionArticle, MboPathway, ResultType
from doorstroom.people.models import Enrolment, Exemption, Person, Residence, Result
from doorstroom.people.names import name_key
from doorstroom.regions.choices import Sector
from doorstroom.regions.factories import MunicipalityFactory, SchoolFactory

TEST_BSNS = list(reserved_test_bsns())


def born_years_ago(age: int, on: date | None = None) -> date:
    """A date of birth that makes the person `age` on `on` (today), turned 60 days before."""
    on = on or dates.today()
    return dates.birthday_in_year(on, on.year - age) - timedelta(days=60)


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    class Params:
        age = 19

    bsn = factory.Sequence(lambda n: TEST_BSNS[n % len(TEST_BSNS)])
    given_names = "Sam"
    surname_prefix = ""
    surname = factory.Sequence(lambda n: f"Testpersoon{n}")
    surname_key = factory.LazyAttribute(lambda o: name_key(o.surname))
    date_of_birth = factory.LazyAttribute(lambda o: born_years_ago(o.age))
    municipality = factory.SubFactory(MunicipalityFactory)

    @factory.post_generation
    def residence(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted is not False:
            ResidenceFactory(
                person=self, municipality=self.municipality, valid_from=self.date_of_birth
            )

    @factory.post_generation
    def diplomas(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        """`diplomas=["vmbo_kb", "mbo_2"]`: one diploma each, obtained at 16, 17, ... in July."""
        for offset, kind in enumerate(extracted or ()):
            obtained = dates.date_of_age(self.date_of_birth, 16 + offset).replace(month=7, day=5)
            ResultFactory(person=self, kind=kind, obtained_on=obtained)


class ResidenceFactory(DjangoModelFactory):
    class Meta:
        model = Residence

    person = factory.SubFactory(PersonFactory)
    municipality = factory.LazyAttribute(lambda o: o.person.municipality)
    street = "Kerkstraat"
    house_number = factory.Sequence(lambda n: n % 200 + 1)
    postcode = "7411AB"
    city = "Deventer"
    valid_from = factory.LazyAttribute(lambda o: o.person.date_of_birth)


class EnrolmentFactory(DjangoModelFactory):
    class Meta:
        model = Enrolment

    person = factory.SubFactory(PersonFactory)
    school = factory.SubFactory(SchoolFactory)
    kind = EducationKind.MBO_2
    mbo_pathway = factory.LazyAttribute(
        lambda o: MboPathway.BOL if EducationKind(o.kind).sector == Sector.MBO else ""
    )
    start_date = date(2024, 8, 1)
    end_date = None


class ResultFactory(DjangoModelFactory):
    class Meta:
        model = Result

    person = factory.SubFactory(PersonFactory)
    kind = EducationKind.VMBO_KB
    result_type = ResultType.DIPLOMA
    obtained_on = date(2024, 7, 5)


class ExemptionFactory(DjangoModelFactory):
    class Meta:
        model = Exemption

    person = factory.SubFactory(PersonFactory)
    article = ExemptionArticle.PHYSICAL
    start_date = date(2025, 8, 1)
    end_date = None
    decision_reference = factory.Sequence(lambda n: f"LPA-2025-{n:04d}")
