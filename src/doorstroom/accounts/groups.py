"""Every role exists as a group; the functioneel beheerder may manage reference data and users.
Every permission has a Dutch name."""

from typing import Any

from django.apps import apps
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

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


# What a model's default permission lets a user do, as its Dutch name says it.
VERBS = {"add": "toevoegen", "change": "wijzigen", "delete": "verwijderen", "view": "bekijken"}


def permission_names() -> dict[tuple[int, str], str]:
    """(content type id, codename) of every model's default permission, with its Dutch name
    from the model's: 'Mag gemeente toevoegen'."""
    names = {}
    with translation.override("nl"):
        for model in apps.get_models():
            options = model._meta
            content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
            for action in options.default_permissions:
                name = f"Mag {options.verbose_name} {VERBS[action]}"
                names[content_type.pk, get_permission_codename(action, options)] = name[:255]
    return names


def dutch_permission_names(**kwargs: Any) -> None:
    """Run after every migrate (post_migrate): Django names a default permission in English
    when it creates it ('Can add gemeente') and never renames it, so the user and group pages
    of /beheer/ would list them so. Renames only what differs: a second run changes nothing."""
    names = permission_names()
    renamed = []
    for permission in Permission.objects.all():
        name = names.get((permission.content_type_id, permission.codename))
        if name and permission.name != name:
            permission.name = name
            renamed.append(permission)
    Permission.objects.bulk_update(renamed, ["name"])
