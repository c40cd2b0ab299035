"""Every role exists as a group; the functioneel beheerder may manage reference data and users."""

from typing import Any

from django.contrib.auth.models import Group, Permission

from doorstroom.accounts.roles import Role

ADMIN_MODELS = {
    ("regions", "region"),
    ("regions", "municipality"),
    ("regions", "school"),
    ("accounts", "user"),
    ("retention", "retentionpolicy"),
    ("cases", "leavingreason"),
    ("partners", "organisation"),
    ("programme", "measure"),
    ("api", "userapikey"),
}


def ensure_role_groups(**kwargs: Any) -> None:
    """Run after every migrate (post_migrate), so new roles and permissions appear by themselves."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    admin = Group.objects.get(name=Role.ADMIN)
    permissions = [
        p
        for p in Permission.objects.select_related("content_type")
        if (p.content_type.app_label, p.content_type.model) in ADMIN_MODELS
    ]
    admin.permissions.set(permissions)
