"""The encrypted text field in a real table, and key rotation over it."""

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection, models
from django.test.utils import isolate_apps

from doorstroom.crypto import DecryptionError, EncryptedTextField
from doorstroom.operations import key_rotation

OLD = ("2026a", b"o" * 32)
NEW = ("2027a", b"n" * 32)


@pytest.fixture
def note_model(transactional_db, settings):
    """A model with one encrypted field, like a case's confidential note: its own table, made
    and dropped around the test, so that the rotation is tested apart from the project's
    models."""
    settings.ENCRYPTION_KEYS = (OLD,)
    with isolate_apps("doorstroom.operations"):

        class Note(models.Model):
            text = EncryptedTextField(blank=True, null=True)

            class Meta:
                app_label = "operations"
                db_table = "operations_test_note"

            def __str__(self) -> str:
                return f"notitie {self.pk}"

    with connection.schema_editor() as editor:
        editor.create_model(Note)
    yield Note
    with connection.schema_editor() as editor:
        editor.delete_model(Note)


def stored(pk) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM operations_test_note WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_the_table_holds_ciphertext_and_the_model_the_text(note_model):
    note = note_model.objects.create(text="Noor vertelde over thuis")
    assert stored(note.pk).startswith("v1:2026a:")
    assert "Noor" not in stored(note.pk)
    assert note_model.objects.get(pk=note.pk).text == "Noor vertelde over thuis"
    assert list(note_model.objects.values_list("text", flat=True)) == ["Noor vertelde over thuis"]


def test_empty_and_missing_stay_empty_and_missing(note_model):
    empty, missing = note_model.objects.create(text=""), note_model.objects.create(text=None)
    assert stored(empty.pk) == "" and stored(missing.pk) is None
    assert note_model.objects.filter(text__isnull=True).get() == missing


def test_searching_in_an_encrypted_field_is_an_error_not_an_empty_answer(note_model):
    note_model.objects.create(text="geheim")
    for lookup in ("text", "text__contains", "text__startswith", "text__in"):
        with pytest.raises(FieldError, match="Unsupported lookup"):
            note_model.objects.filter(**{lookup: ["geheim"] if "in" in lookup else "geheim"})


def test_update_and_bulk_update_encrypt_too(note_model):
    note = note_model.objects.create(text="eerst")
    note_model.objects.filter(pk=note.pk).update(text="daarna")
    assert stored(note.pk).startswith("v1:") and note_model.objects.get().text == "daarna"
    note.text = "als laatste"
    note_model.objects.bulk_update([note], ["text"])
    assert stored(note.pk).startswith("v1:") and note_model.objects.get().text == "als laatste"


def test_a_value_changed_in_the_database_fails_loudly(note_model):
    note = note_model.objects.create(text="origineel")
    token = stored(note.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE operations_test_note SET text = %s WHERE id = %s",
            [token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"), note.pk],
        )
    with pytest.raises(DecryptionError):
        note_model.objects.get(pk=note.pk)


def test_rotation_rewrites_every_value_under_the_newest_key_in_batches(note_model, settings):
    notes = [note_model.objects.create(text=f"notitie {n}") for n in range(7)]
    note_model.objects.create(text="")
    settings.ENCRYPTION_KEYS = (NEW, OLD)
    columns = key_rotation.encrypted_columns([note_model])
    assert key_rotation.count_by_key(columns[0], ["2027a", "2026a"]) == {
        "2027a": 0,
        "2026a": 7,
        "onbekend": 0,
    }
    note_model.objects.create(text="nieuw")  # already under the newest key: left alone
    seen = []
    done = key_rotation.rotate(
        columns, batch_size=3, progress=lambda label, n, total: seen.append((n, total))
    )
    assert done == {"operations.Note.text": 7}
    assert seen == [(3, 7), (6, 7), (7, 7)]
    assert all(stored(note.pk).startswith("v1:2027a:") for note in notes)
    settings.ENCRYPTION_KEYS = (NEW,)  # the old key can go now
    assert [n.text for n in note_model.objects.order_by("pk")][:7] == [
        f"notitie {n}" for n in range(7)
    ]
    assert key_rotation.rotate(columns) == {"operations.Note.text": 0}


def test_rotation_without_the_old_key_stops_with_its_name_and_changes_nothing(note_model, settings):
    note = note_model.objects.create(text="oud")
    before = stored(note.pk)
    settings.ENCRYPTION_KEYS = (NEW,)
    with pytest.raises(DecryptionError, match="2026a"):
        key_rotation.rotate(key_rotation.encrypted_columns([note_model]))
    assert stored(note.pk) == before


def test_the_command_finds_the_confidential_notes_of_cases(db, capsys):
    """Every encrypted column of the installation is rotated: the sealed texts of
    confidential case notes among them."""
    call_command("rotate_keys", "--check")
    assert "cases.SealedText.text: 0 onder demo (nieuwste)" in capsys.readouterr().out


def test_the_field_refuses_to_be_unique_or_indexed():
    for option in ("unique", "db_index", "primary_key"):
        with pytest.raises(TypeError, match=option):
            EncryptedTextField(**{option: True})
