"""Encrypt the text and BSN of the rejected rows already kept and fill the BSN's hash, in
batches of 2,000 (raw SQL: the historical model would try to decrypt the plain values).
Backwards: decrypt. A value already encrypted (v1:...) is left as it is."""

from django.db import migrations

from doorstroom.crypto import decrypt, encrypt, lookup_hash

BATCH = 2000
TABLE = "deliveries_rejectedrow"


def _is_sealed(value: str) -> bool:
    return value.startswith("v1:")


def _seal(value: str) -> str:
    return encrypt(value) if value and not _is_sealed(value) else value


def _open(value: str) -> str:
    return decrypt(value) if value and _is_sealed(value) else value


def _rewrite(schema_editor, change) -> None:
    last = 0
    with schema_editor.connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT id, raw, bsn FROM {TABLE} WHERE id > %s ORDER BY id LIMIT {BATCH}",
                [last],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            cursor.executemany(
                f"UPDATE {TABLE} SET raw = %s, bsn = %s, bsn_hash = %s WHERE id = %s",
                [(*change(raw, bsn), pk) for pk, raw, bsn in rows],
            )
            last = rows[-1][0]


def encrypt_rows(apps, schema_editor) -> None:
    def change(raw: str, bsn: str) -> tuple[str, str, str]:
        plain = _open(bsn)
        return _seal(raw), _seal(bsn), lookup_hash(plain) if plain else ""

    _rewrite(schema_editor, change)


def decrypt_rows(apps, schema_editor) -> None:
    _rewrite(schema_editor, lambda raw, bsn: (_open(raw), _open(bsn), ""))


class Migration(migrations.Migration):
    dependencies = [
        ("deliveries", "0007_bsn_hashed_and_encrypted"),
    ]

    operations = [migrations.RunPython(encrypt_rows, decrypt_rows)]
