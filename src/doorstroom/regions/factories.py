"""Test factories for reference data (factory_boy; used by the tests of every app)."""

import factory
from factory.django import DjangoModelFactory

from doorstroom.regions.choices import Sector
from doorstroom.regions.models import Municipality, Region, School


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T{n:03d}")
    name = factory.Sequence(lambda n: f"Testregio {n}")


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"GM{9000 + n % 1000:04d}")
    name = factory.Sequence(lambda n: f"Testgemeente {n}")
    region = factory.SubFactory(RegionFactory)


def _brin(n: int) -> str:
    return f"{n % 100:02d}{chr(65 + n // 100 % 26)}{chr(65 + n // 2600 % 26)}"


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School

    brin = factory.Sequence(_brin)
    vestiging = "00"
    name = factory.Sequence(lambda n: f"Testschool {n}")
    sector = Sector.MBO
    municipality = factory.SubFactory(MunicipalityFactory)
