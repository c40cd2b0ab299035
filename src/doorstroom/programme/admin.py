from django.contrib import admin

from doorstroom.accounts.admin import RegionScopedAdmin
from doorstroom.programme.models import Measure


@admin.register(Measure)
class MeasureAdmin(RegionScopedAdmin):
    list_display = ("name", "region", "first_year", "last_year", "cost_per_traject")
