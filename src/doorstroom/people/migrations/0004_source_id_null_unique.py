from django.db import migrations, models


def blank_to_null(apps, schema_editor):
    for name in ("Enrolment", "Result"):
        apps.get_model("people", name).objects.filter(source_id="").update(source_id=None)


def field(unique: bool, help_text: str) -> models.CharField:
    return models.CharField(
        "kenmerk bij de bron", max_length=40, null=True, blank=True, unique=unique, help_text=help_text
    )


ENROLMENT_HELP = "Het vaste kenmerk van de inschrijving in de levering (inschrijving_id)."
RESULT_HELP = "Het vaste kenmerk van het resultaat in de levering (resultaat_id)."


class Migration(migrations.Migration):
    """A plain unique index on a nullable source_id serves every lookup by id; the partial
    index on non-blank ids could not be used by 'source_id = ...' joins."""

    dependencies = [("people", "0003_incomematch")]

    operations = [
        migrations.RemoveConstraint(model_name="enrolment", name="enrolment_source_id"),
        migrations.RemoveConstraint(model_name="result", name="result_source_id"),
        migrations.AlterField("enrolment", "source_id", field(False, ENROLMENT_HELP)),
        migrations.AlterField("result", "source_id", field(False, RESULT_HELP)),
        migrations.RunPython(blank_to_null, migrations.RunPython.noop),
        migrations.AlterField("enrolment", "source_id", field(True, ENROLMENT_HELP)),
        migrations.AlterField("result", "source_id", field(True, RESULT_HELP)),
    ]
