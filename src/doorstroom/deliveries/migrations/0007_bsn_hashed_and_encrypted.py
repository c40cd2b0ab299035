"""The BSN out of the clear (issue 5): staged rows carry its keyed hash (and a person row the
BSN encrypted, as the register stores it); a rejected row keeps its text and BSN encrypted,
with the BSN's hash for the apply's look-ups. 0008 encrypts the rejected rows already kept."""

import doorstroom.crypto
from django.db import migrations, models

HASH_HELP = "The BSN's keyed hash."


class Migration(migrations.Migration):
    dependencies = [
        ("deliveries", "0006_staging_for_moves_and_checks"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="stagedperson", name="staged_person_run_bsn"),
        migrations.RemoveIndex(model_name="rejectedrow", name="rejected_run_bsn"),
        migrations.RemoveField(model_name="stagedenrolment", name="bsn"),
        migrations.RemoveField(model_name="stagedresult", name="bsn"),
        migrations.AddField(
            model_name="stagedenrolment",
            name="bsn_hash",
            field=doorstroom.crypto.LookupHashField(max_length=64, default="", help_text=HASH_HELP),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="stagedresult",
            name="bsn_hash",
            field=doorstroom.crypto.LookupHashField(max_length=64, default="", help_text=HASH_HELP),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="stagedperson",
            name="bsn_hash",
            field=doorstroom.crypto.LookupHashField(max_length=64, default=""),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="stagedperson", name="bsn", field=models.TextField()
        ),
        migrations.AddIndex(
            model_name="stagedperson",
            index=models.Index(
                fields=["run", "bsn_hash", "line"], name="staged_person_run_bsn_hash"
            ),
        ),
        migrations.AlterField(
            model_name="rejectedrow",
            name="raw",
            field=doorstroom.crypto.EncryptedTextField(
                blank=True, verbose_name="oorspronkelijke regel"
            ),
        ),
        migrations.AlterField(
            model_name="rejectedrow",
            name="bsn",
            field=doorstroom.crypto.EncryptedTextField(blank=True, verbose_name="BSN in de regel"),
        ),
        migrations.AddField(
            model_name="rejectedrow",
            name="bsn_hash",
            field=doorstroom.crypto.LookupHashField(max_length=64, blank=True, default="", editable=False),
            preserve_default=False,
        ),
        migrations.AddIndex(
            model_name="rejectedrow",
            index=models.Index(fields=["run", "bsn_hash"], name="rejected_run_bsn_hash"),
        ),
    ]
