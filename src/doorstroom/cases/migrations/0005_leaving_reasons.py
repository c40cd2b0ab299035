from django.db import migrations

# DOMAIN.md, legal task 2: 'record why they left (verkeerde studiekeuze, andere verwachtingen,
# liever werken, persoonlijke of psychische problemen, ...)'; the seeds' 'Aanpak vsv' names
# the first four. The rest are the reasons caseworkers commonly record; a region adds its own.
REASONS = [
    "verkeerde studiekeuze",
    "andere verwachtingen over de opleiding",
    "liever aan het werk",
    "persoonlijke of psychische problemen",
    "problemen thuis",
    "geldzorgen of schulden",
    "lichamelijke ziekte",
    "zwangerschap of zorg voor een kind",
    "problemen met de school (begeleiding, sfeer, pesten)",
    "uitgeschreven door de school",
    "verhuisd",
    "geen passende opleiding gevonden",
]


def add(apps, schema_editor):
    LeavingReason = apps.get_model("cases", "LeavingReason")
    LeavingReason.objects.bulk_create(
        [LeavingReason(label=label) for label in REASONS], ignore_conflicts=True
    )


def remove(apps, schema_editor):
    apps.get_model("cases", "LeavingReason").objects.filter(
        region__isnull=True, label__in=REASONS
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_history_unchangeable")]

    operations = [migrations.RunPython(add, remove)]
