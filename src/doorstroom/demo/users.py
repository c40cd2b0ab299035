"""Demo accounts: one per role in the demo region, and a coach in the neighbouring region."""

from __future__ import annotations

from base64 import b32decode
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from doorstroom.accounts.models import User
from doorstroom.accounts.roles import Role
from doorstroom.regions.models import Region

DEMO_PASSWORD = "demo-Doorstroom-2026"  # noqa: S105  (local demo only, printed)  # nosec B105
DEMO_TOTP_SECRET = "DOORSTROOMDEMOSTEDENDRIEHOEKDEMO"  # noqa: S105  (demo only)  # nosec B105
"""Base32 secret of every demo user's authenticator device (DOORSTROOM_ENV=demo only): add
it to an authenticator app, or read the code that the demo's verify page shows."""


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
        # A partner's page gives the coach's address for the warm handover (.example: RFC 2606).
        user.email = f"{spec.username}@demo.doorstroom.example"
        user.is_staff = spec.role == Role.ADMIN
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([Group.objects.get(name=spec.role)])
        if settings.ENVIRONMENT == "demo":
            give_demo_device(user)
        created.append((spec, region))
    return created


def give_demo_device(user: User) -> TOTPDevice:
    """A confirmed TOTP device with the fixed, published demo secret: never outside the demo."""
    if settings.ENVIRONMENT != "demo":
        raise RuntimeError("Het vaste demogeheim bestaat alleen met DOORSTROOM_ENV=demo.")
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(
        user=user, name="Demo", confirmed=True, key=b32decode(DEMO_TOTP_SECRET).hex()
    )
