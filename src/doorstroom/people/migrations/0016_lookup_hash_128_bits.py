"""The BSN's look-up hash from 64 to 32 hex digits: HMAC-SHA256 cut to its first 128 bits
(crypto.LOOKUP_HASH_BYTES; the reasons in docs/security.md).

Forwards: the new hash is by definition the first 32 digits of the old one under the same
key, so the stored hashes are cut in SQL (one UPDATE per table: no BSN decrypted, no HMAC
computed again) and the columns narrowed. After a
change of DOORSTROOM_LOOKUP_KEY, `doorstroom rehash_bsns` recomputes them as before.
Backwards: every hash computed again in full from the decrypted BSN, in batches."""

import hashlib
import hmac

from django.conf import settings
from django.db import migrations

import doorstroom.crypto
from doorstroom.crypto import decrypt

BATCH = 2000
# (table, column holding the encrypted BSN): the register's persons and the rejected rows;
# the staging tables hold rows of a delivery being read, which no migration runs beside
# (`doorstroom rehash_bsns` refuses then too), and are cut the same way for completeness.
HASHED = (("people_person", "bsn"), ("deliveries_rejectedrow", "bsn"))
STAGED = ("deliveries_stagedperson", "deliveries_stagedenrolment", "deliveries_stagedresult")


def cut(apps, schema_editor) -> None:
    with schema_editor.connection.cursor() as cursor:
        for table in (*(t for t, _ in HASHED), *STAGED):
            cursor.execute(
                f"UPDATE {table} SET bsn_hash = SUBSTR(bsn_hash, 1, 32) WHERE LENGTH(bsn_hash) > 32"
            )


def recompute_in_full(apps, schema_editor) -> None:
    key = settings.LOOKUP_KEY
    with schema_editor.connection.cursor() as cursor:
        for table in STAGED:
            cursor.execute(f"DELETE FROM {table}")  # staged rows live minutes
        for table, column in HASHED:
            last = 0
            while True:
                cursor.execute(
                    f"SELECT id, {column} FROM {table} WHERE id > %s AND bsn_hash <> '' "
                    f"ORDER BY id LIMIT {BATCH}",
                    [last],
                )
                rows = cursor.fetchall()
                if not rows:
                    break
                cursor.executemany(
                    f"UPDATE {table} SET bsn_hash = %s WHERE id = %s",
                    [
                        (hmac.new(key, decrypt(value).encode(), hashlib.sha256).hexdigest(), pk)
                        for pk, value in rows
                    ],
                )
                last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0015_rectification_append_only"),
        ("deliveries", "0008_encrypt_rejected_rows"),
    ]

    # Backwards the columns are widened first (this AlterField, and deliveries 0009 before
    # this migration), then the hashes computed in full.
    operations = [
        migrations.RunPython(cut, recompute_in_full),
        migrations.AlterField(
            model_name="person",
            name="bsn_hash",
            field=doorstroom.crypto.LookupHashField(editable=False),
        ),
    ]
