"""Encrypt every stored BSN and fill its look-up hash, in batches of 2,000 (raw SQL: the
historical model's EncryptedTextField would try to decrypt the plain values). Backwards:
decrypt, and empty the hash."""

from django.db import migrations

from doorstroom.crypto import decrypt, encrypt, lookup_hash

BATCH = 2000
TABLE = "people_person"


def _rewrite(schema_editor, where: str, change) -> None:
    connection = schema_editor.connection
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT id, bsn FROM {TABLE} WHERE id > %s AND {where} ORDER BY id LIMIT {BATCH}",
                [last],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            cursor.executemany(
                f"UPDATE {TABLE} SET bsn = %s, bsn_hash = %s WHERE id = %s",
                [(*change(bsn), pk) for pk, bsn in rows],
            )
            last = rows[-1][0]


def encrypt_bsns(apps, schema_editor) -> None:
    _rewrite(schema_editor, "bsn_hash IS NULL", lambda bsn: (encrypt(bsn), lookup_hash(bsn)))


def decrypt_bsns(apps, schema_editor) -> None:
    _rewrite(schema_editor, "bsn_hash IS NOT NULL", lambda token: (decrypt(token), None))


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0012_person_bsn_encrypted"),
    ]

    operations = [migrations.RunPython(encrypt_bsns, decrypt_bsns)]
