from django.contrib import admin
from django.db.models import Model

from doorstroom.accounts.admin import RegionScopedAdmin
from doorstroom.retention.models import RetentionPolicy


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(RegionScopedAdmin):
    """The functioneel beheerder ('users, roles, reference data, retention') sets the own
    region's periods, each with its source; without one the region keeps DOMAIN.md's
    defaults. Another region's periods are not theirs to see or change."""

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

    def audit_name(self, obj: Model) -> str:
        return str(obj)  # 'bewaartermijnen Stedendriehoek' says what it is
