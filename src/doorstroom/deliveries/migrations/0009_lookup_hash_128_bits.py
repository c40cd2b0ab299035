"""The narrower look-up hash (32 hex digits) for the rejected rows and the staging tables; the
stored hashes are cut by people 0015, which also computes them in full again backwards."""

from django.db import migrations

import doorstroom.crypto


class Migration(migrations.Migration):
    dependencies = [
        ("deliveries", "0008_encrypt_rejected_rows"),
        ("people", "0016_lookup_hash_128_bits"),
    ]

    operations = [
        migrations.AlterField(
            model_name="rejectedrow",
            name="bsn_hash",
            field=doorstroom.crypto.LookupHashField(blank=True, editable=False),
        ),
        migrations.AlterField(
            model_name="stagedenrolment",
            name="bsn_hash",
            field=doorstroom.crypto.LookupHashField(help_text="The BSN's keyed hash."),
        ),
        migrations.AlterField(
            model_name="stagedperson",
            name="bsn_hash",
            field=doorstroom.crypto.LookupHashField(),
        ),
        migrations.AlterField(
            model_name="stagedresult",
            name="bsn_hash",
            field=doorstroom.crypto.LookupHashField(help_text="The BSN's keyed hash."),
        ),
    ]
