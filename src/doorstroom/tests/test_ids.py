"""Public ids of rows written in bulk."""

import uuid
from unittest import mock

from doorstroom import ids


def test_a_time_ordered_uuid_is_a_version_7_uuid_with_its_millisecond_first():
    with mock.patch("time.time_ns", return_value=1_764_590_400_123_456_789):
        made = ids.time_ordered_uuid()
    assert (made.version, made.variant) == (7, uuid.RFC_4122)
    assert made.int >> 80 == 1_764_590_400_123  # the Unix time in milliseconds


def test_later_uuids_sort_after_earlier_ones_as_text_and_as_number_and_none_repeats():
    made = []
    for milliseconds in range(1_764_590_400_000, 1_764_590_400_050):
        with mock.patch("time.time_ns", return_value=milliseconds * 1_000_000):
            made += [ids.time_ordered_uuid() for _ in range(20)]
    made_at = [u.int >> 80 for u in made]
    # an index sorts them as SQLite stores them (hex text) and as PostgreSQL does (bytes)
    assert [u.int >> 80 for u in sorted(made, key=lambda u: u.hex)] == made_at
    assert [u.int >> 80 for u in sorted(made, key=lambda u: u.bytes)] == made_at
    assert len(set(made)) == len(made)
