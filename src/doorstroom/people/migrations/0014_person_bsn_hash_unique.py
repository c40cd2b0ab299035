import doorstroom.crypto
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0013_encrypt_bsns"),
    ]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="bsn_hash",
            field=doorstroom.crypto.LookupHashField(max_length=64, editable=False),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(fields=("bsn_hash",), name="person_bsn_hash_unique"),
        ),
    ]
