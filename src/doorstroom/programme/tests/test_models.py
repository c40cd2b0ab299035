"""A measure of the regional programme runs from its first year to its last."""

import pytest
from django.db import IntegrityError

from doorstroom.programme.models import Measure

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_measure_that_ends_before_it_starts(region):
    with pytest.raises(IntegrityError):
        Measure.objects.create(region=region, name="Doorstroom", first_year=2029, last_year=2026)


def test_a_measure_of_one_year_is_fine(region):
    Measure.objects.create(region=region, name="Civil society", first_year=2027, last_year=2027)
    assert Measure.objects.get().last_year == 2027
