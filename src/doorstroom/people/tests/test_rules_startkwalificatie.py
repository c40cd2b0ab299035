"""Startkwalificatie and the highest diploma: DOMAIN.md, 'The young people'."""

import itertools

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


RANKED = [
    K.PO,
    K.PRO,
    K.MBO_1,
    K.VMBO_BB,
    K.VMBO_KB,
    K.VMBO_GL,
    K.MBO_2,
    K.HAVO,
    K.VWO,
    K.HBO,
    K.WO,
]
EQUAL = [
    (K.PRO, K.VSO),
    (K.VMBO_GL, K.VMBO_TL),
    (K.VMBO_GL, K.VAVO),
    (K.HAVO, K.MBO_3),
    (K.VWO, K.MBO_4),
]


@pytest.mark.parametrize(("lower", "higher"), list(itertools.pairwise(RANKED)))
def test_highest_diploma_follows_the_levels_not_the_dates(lower, higher):
    results = (diploma(higher, D(2020, 7, 1)), diploma(lower, D(2021, 7, 1)))
    assert rules.highest_diploma(results, D(2025, 1, 1)).kind == higher


@pytest.mark.parametrize(("first", "second"), EQUAL)
def test_between_equal_levels_the_later_diploma_counts(first, second):
    results = (diploma(first, D(2020, 7, 1)), diploma(second, D(2021, 7, 1)))
    assert rules.highest_diploma(results, D(2025, 1, 1)).kind == second
    results = (diploma(second, D(2020, 7, 1)), diploma(first, D(2021, 7, 1)))
    assert rules.highest_diploma(results, D(2025, 1, 1)).kind == first


def test_a_diploma_obtained_on_the_peildatum_is_the_highest_that_day():
    assert rules.highest_diploma((diploma(K.MBO_2, D(2025, 1, 1)),), D(2025, 1, 1)).kind == K.MBO_2
