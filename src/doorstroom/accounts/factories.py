"""Test factories for users: `UserFactory(role=Role.COACH, region=region)`, and a log-in
through both steps for the test client: `log_in_verified(client, user)`."""

import factory
from django.contrib.auth.models import Group
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from factory.django import DjangoModelFactory

from doorstroom.accounts.models import User
from doorstroom.accounts.roles import Role
from doorstroom.regions.factories import RegionFactory

PASSWORD = "een-lang-testwachtwoord"  # noqa: S105  (test accounts only)  # nosec B105


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    region = factory.SubFactory(RegionFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create: bool, extracted: Role | None, **kwargs: object) -> None:
        if create and extracted:
            group, _ = Group.objects.get_or_create(name=extracted)
            self.groups.add(group)
        self.save()


def log_in_verified(client: Client, user: User) -> TOTPDevice:
    """Log a user in on the Django test client as after both steps (password and TOTP code):
    a confirmed device, and the session marked as verified by it, as django_otp.login does."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
