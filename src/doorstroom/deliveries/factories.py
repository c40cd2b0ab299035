"""Test factories for import runs."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from doorstroom.deliveries.models import DeliveryKind, ImportRun, RunStatus


class ImportRunFactory(DjangoModelFactory):
    class Meta:
        model = ImportRun

    file_name = factory.Sequence(lambda n: f"doorstroom-C-TEST-{n:08d}.csv")
    checksum = factory.Sequence(lambda n: f"{n:064x}")
    kind = DeliveryKind.C
    delivery_date = date(2026, 11, 20)
    status = RunStatus.APPLIED
