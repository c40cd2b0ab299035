from django.contrib import admin

from doorstroom.accounts.admin import RegionScopedAdmin
from doorstroom.cases.models import LeavingReason


@admin.register(LeavingReason)
class LeavingReasonAdmin(RegionScopedAdmin):
    """A region adds its own reasons for leaving school to the national list."""

    list_display = ("label", "region", "active")
    list_filter = ("active",)
