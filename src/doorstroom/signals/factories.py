"""Test factories for signals and meldingen: `SignalFactory(person=p)` is an open new-vsv
signal at the Doorstroompunt of the person's region."""

from datetime import date, datetime, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from doorstroom.deliveries.models import Report, ReportKind, ReportSource, ReportStatus
from doorstroom.people.choices import Desk
from doorstroom.people.factories import PersonFactory
from doorstroom.signals.choices import SignalKind, SignalStatus
from doorstroom.signals.detection import RULES
from doorstroom.signals.models import Signal


class SignalFactory(DjangoModelFactory):
    class Meta:
        model = Signal

    person = factory.SubFactory(PersonFactory)
    region = factory.LazyAttribute(lambda o: o.person.municipality.region)
    desk = Desk.DOORSTROOMPUNT
    kind = SignalKind.NEW_VSV
    status = SignalStatus.NEW
    reason = "19 jaar, niet ingeschreven sinds 1 juli 2026 (laatst mbo-2), geen startkwalificatie"
    rule = factory.LazyAttribute(lambda o: RULES[o.kind])
    raised_on = date(2026, 11, 2)
    date_of_birth = factory.LazyAttribute(lambda o: o.person.date_of_birth)
    due_on = factory.LazyAttribute(lambda o: o.raised_on + timedelta(days=28))
    from_register = True


class ReportFactory(DjangoModelFactory):
    class Meta:
        model = Report

    report_number = factory.Sequence(lambda n: f"M-2026-{n:08X}")
    source = ReportSource.FORM
    subject = ReportKind.CONCERN
    person = factory.SubFactory(PersonFactory)
    reported_at = factory.LazyFunction(lambda: timezone.make_aware(datetime(2026, 11, 20, 12)))
    status = ReportStatus.REGISTERED
    reported_name = factory.LazyAttribute(lambda o: o.person.full_name)
    contact_person = "mevrouw Jansen, 0570-123456"
