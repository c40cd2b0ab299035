"""The admin (/beheer/) of the functioneel beheerder: users, roles, reference data and
retention of the regions they manage; a superuser manages every region.

Every admin here scopes its records with `access.managed_records` and offers only the managed
regions (`access.managed_regions`): a record of another region, or for every region (region
empty), is not listed and its page answers with the admin's index, as if it did not exist.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from doorstroom.accounts import access
from doorstroom.accounts.models import AuditEvent, User
from doorstroom.accounts.two_factor import reset_devices
from doorstroom.partners.models import Organisation
from doorstroom.regions.models import Municipality, Region


class RegionScopedAdmin(admin.ModelAdmin):
    """Reference data of a region (its municipalities, schools, partners, measures, reasons,
    retention periods): a functioneel beheerder sees, and chooses, only the regions they
    manage; a record for every region (region empty) is for a superuser only.
    `region_path` is the path from a record to its region."""

    region_path = "region"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return access.managed_records(request.user, super().get_queryset(request), self.region_path)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.related_model is Region:
            kwargs["queryset"] = access.managed_regions(request.user)
            if not access.manages_every_region(request.user):
                kwargs["required"] = True
        elif db_field.related_model is Municipality:
            kwargs["queryset"] = access.managed_records(
                request.user, Municipality.objects.all(), "region"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(User)
class DoorstroomUserAdmin(UserAdmin):
    """A functioneel beheerder manages the users of the regions they manage, never rights
    beyond the roles (no superuser, no loose permissions) and never their own groups. A new
    user gets a region at once: without one the beheerder would not find it again."""

    fieldsets = (
        *UserAdmin.fieldsets,
        ("Regio", {"fields": ("region", "extra_regions", "organisation")}),
    )
    list_display = ("username", "first_name", "last_name", "region", "is_active")
    list_filter = (("region", admin.RelatedOnlyFieldListFilter), "groups", "is_active")
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "region", "usable_password", "password1", "password2"),
            },
        ),
    )
    actions = ("reset_authenticator",)

    @admin.action(
        description="Authenticator-app loskoppelen (kwijt of vervangen): opnieuw koppelen bij "
        "de volgende keer inloggen",
        permissions=("change",),
    )
    def reset_authenticator(self, request: HttpRequest, users: QuerySet[User]) -> None:
        done, refused = [], []
        for user in users.order_by("username"):
            (done if reset_devices(request, user) else refused).append(user.get_username())
        if done:
            self.message_user(
                request,
                f"Authenticator-app losgekoppeld voor {', '.join(done)}: bij de volgende keer "
                "inloggen koppelt de gebruiker een nieuwe app. Doe dit alleen als u zeker weet "
                "dat de gebruiker zelf als eerste inlogt.",
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                f"Niet losgekoppeld voor {', '.join(refused)}: dat mag alleen een beheerder "
                "van de regio van de gebruiker, en bij een superuser alleen een superuser.",
                messages.ERROR,
            )

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return access.managed_records(request.user, super().get_queryset(request))

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> tuple[str, ...]:
        if access.manages_every_region(request.user):
            return ()
        fixed = ("is_superuser", "user_permissions", "is_staff", "last_login", "date_joined")
        own = (*fixed, "groups", "region", "extra_regions", "organisation")
        return own if obj == request.user else fixed

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "region":
            kwargs["queryset"] = access.managed_regions(request.user)
            kwargs["required"] = not access.manages_every_region(request.user)
        if db_field.name == "organisation":
            kwargs["queryset"] = access.managed_records(request.user, Organisation.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "extra_regions":
            kwargs["queryset"] = access.managed_regions(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: nobody adds, changes or deletes audit rows, not even a superuser."""

    list_display = ("at", "username", "action", "person_id", "route", "reason")
    list_filter = ("action",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
