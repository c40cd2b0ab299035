from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from doorstroom.accounts.models import AuditEvent, User


@admin.register(User)
class DoorstroomUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("Regio", {"fields": ("region", "extra_regions")}))
    list_display = ("username", "first_name", "last_name", "region", "is_active")
    list_filter = ("region", "groups", "is_active")


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
