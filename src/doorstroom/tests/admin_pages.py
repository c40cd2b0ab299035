"""Every page of /beheer/ that a user may open, as the admin itself decides it: its registry,
each model admin's permissions and its scoped queryset. One list for the tests that walk them
all (test_admin_in_dutch.py, tests/browser/test_every_page.py)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.test import RequestFactory

from doorstroom.accounts.models import User

MODELS: list[type[Model]] = sorted(admin.site._registry, key=lambda model: model._meta.label)
"""The models registered in /beheer/, in a fixed order (for test ids)."""


def admin_pages(user: User, models: list[type[Model]] | None = None) -> list[str]:
    """The index (when `models` is not given) and, of each model, its list, its form for a new
    record and the form of the first record that the user sees: those the user may open."""
    request = RequestFactory().get("/beheer/")
    request.user = user
    pages = [] if models is not None else ["/beheer/"]
    for model in MODELS if models is None else models:
        model_admin = admin.site._registry[model]
        if not model_admin.has_view_permission(request):
            continue
        changelist = f"/beheer/{model._meta.app_label}/{model._meta.model_name}/"
        pages.append(changelist)
        if model_admin.has_add_permission(request):
            pages.append(f"{changelist}add/")
        first = model_admin.get_queryset(request).first()
        if first is not None:
            pages.append(f"{changelist}{first.pk}/change/")
    return pages
