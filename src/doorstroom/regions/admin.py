from django.contrib import admin

from doorstroom.regions.models import Municipality, Region, School


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "upper_age", "session_idle_minutes")


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "region", "valid_from", "valid_to", "successor")
    list_filter = ("region",)
    search_fields = ("code", "name")


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ("brin", "vestiging", "name", "sector", "municipality")
    list_filter = ("sector", "municipality__region")
    search_fields = ("brin", "name")
