"""The BSN stored encrypted, found by a keyed hash (issue 5): first the columns.

The unique constraint moves from the BSN to its hash; the BSN column becomes text, wide
enough for the ciphertext. 0013 fills the hash and encrypts, 0014 makes the hash required
and unique."""

import doorstroom.crypto
import doorstroom.people.bsn
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0011_person_present"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="person", name="person_bsn_unique"),
        migrations.AlterField(
            model_name="person",
            name="bsn",
            field=doorstroom.crypto.EncryptedTextField(
                validators=[doorstroom.people.bsn.validate_bsn], verbose_name="BSN"
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="bsn_hash",
            field=doorstroom.crypto.LookupHashField(max_length=64, editable=False, null=True),
        ),
    ]
