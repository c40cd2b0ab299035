"""The functioneel beheerder makes and revokes the API keys of school and partner accounts of
the regions they manage; the key is shown once; every change is in the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from doorstroom.accounts import access
from doorstroom.accounts.audit import record
from doorstroom.accounts.models import AuditAction
from doorstroom.api.models import UserAPIKey

# The library's own key model has no user: only ours is offered.
admin.site.unregister(APIKey)


class CreatedFilter(admin.DateFieldListFilter):
    """The library's `created` has no Dutch name: the filter says it in Dutch."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.title = "aangemaakt"


@admin.register(UserAPIKey)
class UserAPIKeyAdmin(APIKeyModelAdmin):
    list_display = ("prefix", "name", "user", "made", "expiry_date", "expired", "revoked")
    list_filter = ("revoked", ("created", CreatedFilter))
    search_fields = ("name", "prefix", "user__username")
    fields = ("prefix", "name", "user", "expiry_date", "revoked")

    @admin.display(description="aangemaakt", ordering="created")
    def made(self, key: UserAPIKey) -> Any:
        return key.created

    @admin.display(description="verlopen", boolean=True)
    def expired(self, key: UserAPIKey) -> bool:
        return key.has_expired

    def get_queryset(self, request: HttpRequest) -> QuerySet[UserAPIKey]:
        keys = super().get_queryset(request).select_related("user")
        return access.managed_records(request.user, keys, "user__region")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fixed = super().get_readonly_fields(request, obj)
        return (*fixed, "user") if obj is not None else fixed

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "expiry_date":
            # Django's split date and time inputs share one label: each gets its own name.
            date_input, time_input = field.widget.widgets
            date_input.attrs["aria-label"] = "Verloopt op (datum)"
            time_input.attrs["aria-label"] = "Verloopt om (tijd)"
        return field

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "user":
            kwargs["queryset"] = access.api_key_holders(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke instead: what a key did stays traceable to it

    def save_model(self, request: HttpRequest, obj: UserAPIKey, form: Any, change: bool) -> None:
        revoking = change and "revoked" in form.changed_data and obj.revoked
        if change:
            obj.save()
        else:
            key = UserAPIKey.objects.assign_key(obj)
            obj.save()
            messages.warning(
                request,
                f"De API-sleutel voor {obj.user.username} ({obj.name}) is: {key} . Geef hem "
                "veilig door aan de school of ketenpartner: hij wordt niet nog eens getoond.",
            )
        what = "ingetrokken" if revoking else ("gewijzigd" if change else "aangemaakt")
        record(
            request,
            AuditAction.CHANGE if change else AuditAction.CREATE,
            reason=f"API-sleutel {obj.prefix} ({obj.name}) van {obj.user.username} {what}",
        )
