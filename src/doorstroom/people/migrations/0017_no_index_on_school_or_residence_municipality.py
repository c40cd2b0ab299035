"""Three indexes no query needs, which every delivery wrote into: an enrolment's and a result's
school, an address's municipality (Enrolment.school, Result.school, Residence.municipality;
the reasons by the fields). Dropped by name: Django's own AlterField would rebuild each whole
table on SQLite (6 million enrolments nationally) for what is one DROP INDEX."""

import django.db.models.deletion
from django.db import migrations, models

INDEXES = (
    ("people_enrolment_school_id_88575886", "people_enrolment", "school_id"),
    ("people_residence_municipality_id_dda55fe4", "people_residence", "municipality_id"),
    ("people_result_school_id_48e4a306", "people_result", "school_id"),
)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0016_lookup_hash_128_bits"),
        ("regions", "0004_case_settings"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{name}"',
                    f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ("{column}")',
                )
                for name, table, column in INDEXES
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="enrolment",
                    name="school",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="enrolments",
                        to="regions.school",
                    ),
                ),
                migrations.AlterField(
                    model_name="residence",
                    name="municipality",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="regions.municipality",
                        verbose_name="gemeente",
                    ),
                ),
                migrations.AlterField(
                    model_name="result",
                    name="school",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="results",
                        to="regions.school",
                    ),
                ),
            ],
        )
    ]
