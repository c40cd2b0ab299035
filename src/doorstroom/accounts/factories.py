"""Test factories for users: `UserFactory(role=Role.COACH, region=region)`."""

import factory
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from doorstroom.accounts.models import User
from doorstroom.accounts.roles import Role
from doorstroom.regions.factories import RegionFactory

PASSWORD = "een-lang-testwachtwoord"  # noqa: S105  (test accounts only)


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
