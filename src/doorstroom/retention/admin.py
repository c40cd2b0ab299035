from django.contrib import admin

from doorstroom.retention.models import RetentionPolicy


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(admin.ModelAdmin):
    """The functioneel beheerder ('users, roles, reference data, retention') sets a region's
    own periods, each with its source; without one the region keeps DOMAIN.md's defaults."""

    list_display = (
        "region",
        "leerplicht_file_until_age",
        "target_group_file_years",
        "absence_report_years",
        "changed_at",
    )
    fieldsets = (
        (None, {"fields": ("region",)}),
        ("Leerplicht", {"fields": ("leerplicht_file_until_age", "leerplicht_file_source")}),
        (
            "Kwalificatieplicht en Doorstroompunt",
            {"fields": ("target_group_file_years", "target_group_file_source")},
        ),
        (
            "Verzuimmeldingen en processen-verbaal",
            {"fields": ("absence_report_years", "absence_report_source")},
        ),
    )
