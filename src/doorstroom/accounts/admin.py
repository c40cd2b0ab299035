from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from doorstroom.accounts.access import managed_region_ids
from doorstroom.accounts.models import AuditEvent, User
from doorstroom.accounts.two_factor import reset_devices
from doorstroom.partners.models import Organisation
from doorstroom.regions.models import Region


class RegionScopedAdmin(admin.ModelAdmin):
    """Reference data of a region (its partners, measures, reasons): a functioneel beheerder
    sees and chooses only the regions they manage; a record for every region (region empty)
    is read-only for them."""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        records = super().get_queryset(request)
        if request.user.is_superuser:
            return records
        return records.filter(region_id__in=managed_region_ids(request.user))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "region" and not request.user.is_superuser:
            kwargs["queryset"] = Region.objects.filter(id__in=managed_region_ids(request.user))
            kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(User)
class DoorstroomUserAdmin(UserAdmin):
    """A functioneel beheerder manages the users of the regions they manage, never rights
    beyond the roles (no superuser, no loose permissions) and never their own groups."""

    fieldsets = (
        *UserAdmin.fieldsets,
        ("Regio", {"fields": ("region", "extra_regions", "organisation")}),
    )
    list_display = ("username", "first_name", "last_name", "region", "is_active")
    list_filter = ("region", "groups", "is_active")
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
        users = super().get_queryset(request)
        if request.user.is_superuser:
            return users
        return users.filter(region_id__in=managed_region_ids(request.user))

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> tuple[str, ...]:
        if request.user.is_superuser:
            return ()
        fixed = ("is_superuser", "user_permissions", "is_staff", "last_login", "date_joined")
        own = (*fixed, "groups", "region", "extra_regions", "organisation")
        return own if obj == request.user else fixed

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "region" and not request.user.is_superuser:
            kwargs["queryset"] = Region.objects.filter(id__in=managed_region_ids(request.user))
        if db_field.name == "organisation" and not request.user.is_superuser:
            kwargs["queryset"] = Organisation.objects.filter(
                region_id__in=managed_region_ids(request.user)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "extra_regions" and not request.user.is_superuser:
            kwargs["queryset"] = Region.objects.filter(id__in=managed_region_ids(request.user))
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
