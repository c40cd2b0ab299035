"""Encryption at rest: what is stored cannot be read or changed without the key."""

import base64

import pytest
from django.test import override_settings

from doorstroom import crypto
from doorstroom.config import as_key, as_keys

OLD = ("2026a", b"o" * 32)
NEW = ("2027a", b"n" * 32)


@pytest.fixture
def two_keys(settings):
    settings.ENCRYPTION_KEYS = (NEW, OLD)


def test_a_value_round_trips_and_the_stored_text_shows_nothing_of_it(two_keys):
    token = crypto.encrypt("Noor heeft een zorgsignaal van school")
    assert token.startswith("v1:2027a:")
    assert "Noor" not in token and "zorg" not in token
    assert crypto.decrypt(token) == "Noor heeft een zorgsignaal van school"


def test_the_same_text_encrypts_differently_every_time(two_keys):
    assert crypto.encrypt("999990019") != crypto.encrypt("999990019")


def test_a_value_under_an_older_key_still_decrypts(settings):
    settings.ENCRYPTION_KEYS = (OLD,)
    token = crypto.encrypt("oude notitie")
    settings.ENCRYPTION_KEYS = (NEW, OLD)
    assert crypto.key_id_of(token) == "2026a"
    assert crypto.decrypt(token) == "oude notitie"


def test_a_missing_key_is_named_in_the_error(settings):
    settings.ENCRYPTION_KEYS = (OLD,)
    token = crypto.encrypt("oude notitie")
    settings.ENCRYPTION_KEYS = (NEW,)
    with pytest.raises(crypto.DecryptionError, match="'2026a' ontbreekt in DOORSTROOM_ENCRYPTION"):
        crypto.decrypt(token)


def test_a_changed_byte_or_a_changed_key_id_is_refused(settings):
    settings.ENCRYPTION_KEYS = (NEW, ("2027b", b"n" * 32))
    token = crypto.encrypt("vertrouwelijk")
    body = bytearray(base64.urlsafe_b64decode(token[len("v1:2027a:") :] + "=="))
    body[-1] ^= 1
    changed = "v1:2027a:" + base64.urlsafe_b64encode(bytes(body)).decode().rstrip("=")
    with pytest.raises(crypto.DecryptionError, match="beschadigd of gewijzigd"):
        crypto.decrypt(changed)
    # The same key under another id: the header is authenticated, so it does not decrypt.
    with pytest.raises(crypto.DecryptionError, match="beschadigd of gewijzigd"):
        crypto.decrypt(token.replace("v1:2027a:", "v1:2027b:"))


def test_plain_text_is_not_taken_for_an_encrypted_value(two_keys):
    with pytest.raises(crypto.DecryptionError, match="geen versleutelde waarde"):
        crypto.decrypt("999990019")


def test_the_lookup_hash_is_equal_for_equal_values_and_depends_on_the_key(settings):
    settings.LOOKUP_KEY = b"a" * 32
    first = crypto.lookup_hash("999990019")
    assert first == crypto.lookup_hash("999990019") != crypto.lookup_hash("999990020")
    assert len(first) == 32 and "999990019" not in first
    settings.LOOKUP_KEY = b"b" * 32
    assert crypto.lookup_hash("999990019") != first


def test_the_lookup_hash_is_hmac_sha256_of_the_text_cut_to_128_bits():
    # RFC 4231, test case 2: key "Jefe", "what do ya want for nothing?"; HMAC-SHA256
    # 5bdcc146bf60754e6a042426089575c7 5a003f089d2739839dec58b964ec3843, of which the first half
    with override_settings(LOOKUP_KEY=b"Jefe"):
        assert crypto.lookup_hash("what do ya want for nothing?") == (
            "5bdcc146bf60754e6a042426089575c7"
        )
    # RFC 4231, test case 5: the HMAC-SHA256 truncated to 128 bits, as the RFC gives it
    with override_settings(LOOKUP_KEY=b"\x0c" * 20):
        assert crypto.lookup_hash("Test With Truncation") == "a3b6167473100ee06e0c796c2955552b"


def test_the_imports_hasher_gives_the_lookup_hash_of_each_value():
    # RFC 4231, test cases 2 and 5, as above, and BSNs one after another
    with override_settings(LOOKUP_KEY=b"Jefe"):
        hashed = crypto.lookup_hasher()
        assert hashed("what do ya want for nothing?") == "5bdcc146bf60754e6a042426089575c7"
        assert [hashed(bsn) for bsn in ("999990019", "999990020", "999990019")] == [
            crypto.lookup_hash(bsn) for bsn in ("999990019", "999990020", "999990019")
        ]
    with override_settings(LOOKUP_KEY=b"\x0c" * 20):
        assert crypto.lookup_hasher()("Test With Truncation") == "a3b6167473100ee06e0c796c2955552b"


def test_the_sealer_of_the_import_encrypts_as_encrypt_does_with_a_new_nonce_each_time(
    two_keys,
):
    seal = crypto.Sealer()
    tokens = [seal("999990019") for _ in range(crypto.Sealer.NONCES_PER_BLOCK + 2)]
    assert all(t.startswith("v1:2027a:") for t in tokens)
    assert {crypto.decrypt(t) for t in tokens} == {"999990019"}
    assert len(set(tokens)) == len(tokens)  # a new nonce each time, past one block too


def key(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("zonder-dubbele-punt", "verwacht id:sleutel"),
        (f"Hoofdletters:{key(b'k' * 32)}", "verwacht id:sleutel"),
        (f"a_b:{key(b'k' * 32)}", "verwacht id:sleutel"),
        (f"k1:{key(b'k' * 16)}", "sleutel 'k1' is 16 bytes; verwacht 32"),
        ("k1:niet base64!", "sleutel 'k1' is geen base64"),
        (f"k1:{key(b'k' * 32)},k1:{key(b'l' * 32)}", "'k1' staat er twee keer in"),
    ],
)
def test_badly_written_keys_are_refused_without_repeating_the_key(value, message):
    with pytest.raises(ValueError, match=message) as refused:
        as_keys(value)
    assert key(b"k" * 32) not in str(refused.value)


def test_keys_are_read_newest_first():
    assert as_keys(f"new:{key(b'n' * 32)}, old:{key(b'o' * 32)}") == (
        ("new", b"n" * 32),
        ("old", b"o" * 32),
    )
    assert as_key(key(b"x" * 32).rstrip("=")) == b"x" * 32
