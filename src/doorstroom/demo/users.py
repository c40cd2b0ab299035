"""Demo accounts: one per role in the demo region, and a coach in the neighbouring region."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group

from doorstroom.accounts.models import User
from doorstroom.accounts.roles import Role
from doorstroom.regions.models import Region

DEMO_PASSWORD = "demo-Doorstroom-2026"  # noqa: S105  (only for the local demo, printed at start)


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role
    first_name: str
    last_name: str
    region_index: int = 0


DEMO_USERS = (
    DemoUser("coach", Role.COACH, "Carla", "Coach"),
    DemoUser("coach2", Role.COACH, "Kees", "Klaassen"),
    DemoUser("coordinator", Role.COORDINATOR, "Cor", "Coördinator"),
    DemoUser("ondersteuner", Role.SUPPORT, "Olga", "Ondersteuner"),
    DemoUser("leerplicht", Role.LEERPLICHT, "Lars", "Leerplicht"),
    DemoUser("beleid", Role.POLICY, "Bea", "Beleid"),
    DemoUser("school", Role.PARTNER, "Sven", "School"),
    DemoUser("beheer", Role.ADMIN, "Bert", "Beheer"),
    DemoUser("privacy", Role.PRIVACY, "Pia", "Privacy"),
    DemoUser("coach-achterhoek", Role.COACH, "Anna", "Achterhoek", region_index=1),
)


def create_demo_users() -> list[tuple[DemoUser, Region]]:
    """Create or reset the demo accounts, all with the demo password."""
    regions = list(Region.objects.order_by("code"))
    created = []
    for spec in DEMO_USERS:
        region = regions[min(spec.region_index, len(regions) - 1)]
        user, _ = User.objects.get_or_create(username=spec.username)
        user.first_name, user.last_name, user.region = spec.first_name, spec.last_name, region
        user.is_staff = spec.role == Role.ADMIN
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([Group.objects.get(name=spec.role)])
        created.append((spec, region))
    return created
