"""Startkwalificatie and the highest diploma: DOMAIN.md, 'The young people'."""

import pytest

from doorstroom.people import rules
from doorstroom.people.choices import EducationKind as K
from doorstroom.people.tests.rulefacts import D, certificate, diploma


# "Startkwalificatie (SK): a havo or vwo diploma, or an mbo diploma of level 2, 3 or 4.
#  Not an SK: vmbo diploma, mbo level 1 (entree), praktijkonderwijs (pro), vso certificate."
@pytest.mark.parametrize(
    ("results", "on", "expected"),
    [
        ([diploma(K.HAVO, D(2024, 7, 5))], D(2024, 7, 5), True),  # obtained on the peildatum
        ([diploma(K.HAVO, D(2024, 7, 5))], D(2024, 7, 4), False),  # the day before
        ([diploma(K.VWO, D(2023, 7, 5))], D(2025, 1, 1), True),
        ([diploma(K.MBO_2, D(2023, 6, 30))], D(2025, 1, 1), True),
        ([diploma(K.MBO_3, D(2023, 6, 30))], D(2025, 1, 1), True),
        ([diploma(K.MBO_4, D(2023, 6, 30))], D(2025, 1, 1), True),
        ([diploma(K.MBO_1, D(2023, 6, 30))], D(2025, 1, 1), False),  # entree
        ([diploma(K.VMBO_BB, D(2023, 7, 5))], D(2025, 1, 1), False),
        ([diploma(K.VMBO_KB, D(2023, 7, 5))], D(2025, 1, 1), False),
        ([diploma(K.VMBO_GL, D(2023, 7, 5))], D(2025, 1, 1), False),
        ([diploma(K.VMBO_TL, D(2023, 7, 5))], D(2025, 1, 1), False),
        ([certificate(K.PRO, D(2023, 7, 1))], D(2025, 1, 1), False),
        ([certificate(K.VSO, D(2023, 7, 1))], D(2025, 1, 1), False),
        (
            [certificate(K.HAVO, D(2023, 7, 1))],
            D(2025, 1, 1),
            False,
        ),  # a certificate, not a diploma
        ([diploma(K.HBO, D(2023, 7, 1))], D(2025, 1, 1), True),  # 'mbo niveau 2 of hoger'
        (
            [diploma(K.VMBO_TL, D(2021, 7, 5)), diploma(K.MBO_2, D(2023, 6, 30))],
            D(2025, 1, 1),
            True,
        ),
        ([], D(2025, 1, 1), False),
    ],
)
def test_startkwalificatie_is_havo_vwo_or_mbo_2_to_4_diploma(results, on, expected):
    assert rules.has_startkwalificatie(tuple(results), on) is expected


def test_a_diploma_in_higher_education_counts_as_at_least_a_startkwalificatie():
    assert rules.has_startkwalificatie((diploma(K.WO, D(2023, 7, 1)),), D(2025, 1, 1))


def test_highest_diploma_ranks_vmbo_kb_above_entree():
    results = (diploma(K.VMBO_KB, D(2024, 7, 5)), diploma(K.MBO_1, D(2025, 6, 30)))
    assert rules.highest_diploma(results, D(2026, 1, 1)).kind == K.VMBO_KB


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        (
            (certificate(K.HAVO, D(2023, 7, 1)), diploma(K.VMBO_BB, D(2022, 7, 5))),
            (K.VMBO_BB, True),
        ),
        ((diploma(K.VMBO_TL, D(2022, 7, 5)), diploma(K.MBO_2, D(2024, 6, 30))), (K.MBO_2, True)),
        ((diploma(K.HAVO, D(2022, 7, 5)), diploma(K.VAVO, D(2023, 7, 5))), (K.HAVO, True)),
        ((diploma(K.MBO_3, D(2022, 6, 30)), diploma(K.MBO_3, D(2024, 6, 30))), (K.MBO_3, True)),
    ],
)
def test_highest_diploma_prefers_diplomas_then_level_then_the_latest(results, expected):
    best = rules.highest_diploma(results, D(2025, 1, 1))
    assert (best.kind, best.is_diploma) == expected
    if results[0].kind == results[1].kind:
        assert best.obtained_on == D(2024, 6, 30)


def test_highest_diploma_ignores_results_after_the_peildatum():
    assert rules.highest_diploma((diploma(K.MBO_2, D(2025, 7, 1)),), D(2025, 1, 1)) is None
