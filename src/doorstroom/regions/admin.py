"""Reference data in the admin: a functioneel beheerder changes the regions they manage, their
municipalities and the schools in those (accounts.admin.RegionScopedAdmin); moving a
municipality into another region moves its young people, so only to a managed region."""

from django.contrib import admin
from django.http import HttpRequest

from doorstroom.accounts import access
from doorstroom.accounts.admin import RegionScopedAdmin
from doorstroom.regions.models import Municipality, Region, School


@admin.register(Region)
class RegionAdmin(RegionScopedAdmin):
    """A beheerder sets the own region's upper age, deadlines and idle time; regions come and
    go with the superuser (or `doorstroom load_reference_data`)."""

    region_path = "pk"
    list_display = ("code", "name", "upper_age", "session_idle_minutes")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and access.manages_every_region(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Region | None = None) -> bool:
        return super().has_delete_permission(request, obj) and access.manages_every_region(
            request.user
        )


@admin.register(Municipality)
class MunicipalityAdmin(RegionScopedAdmin):
    list_display = ("code", "name", "region", "valid_from", "valid_to", "successor")
    list_filter = (("region", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("code", "name")


@admin.register(School)
class SchoolAdmin(RegionScopedAdmin):
    region_path = "municipality__region"
    list_display = ("brin", "vestiging", "name", "sector", "municipality")
    list_filter = ("sector", ("municipality__region", admin.RelatedOnlyFieldListFilter))
    search_fields = ("brin", "name")
