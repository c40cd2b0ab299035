from django.contrib import admin

from doorstroom.accounts.admin import RegionScopedAdmin
from doorstroom.partners.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(RegionScopedAdmin):
    list_display = ("name", "domain", "region", "active")
    list_filter = ("domain", "active")
    search_fields = ("name",)
