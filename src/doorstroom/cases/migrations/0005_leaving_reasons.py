from django.db import migrations

from doorstroom.cases.reference import NATIONAL_LEAVING_REASONS as REASONS


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
