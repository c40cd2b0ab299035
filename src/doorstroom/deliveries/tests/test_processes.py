"""The scratch database of the process tests (processes.py) is one per suite and per worker."""

from doorstroom.deliveries.tests.processes import scratch_url

SUITE = "postgres://postgres@%2Ftmp%2Fpg:5433/doorstroom"


def test_each_xdist_worker_has_a_scratch_database_of_its_own():
    assert (
        scratch_url(SUITE, "gw0") == "postgres://postgres@%2Ftmp%2Fpg:5433/doorstroom_scratch_gw0"
    )
    assert scratch_url(SUITE, "gw0") != scratch_url(SUITE, "gw1")


def test_the_scratch_database_is_named_after_the_suites_own():
    assert scratch_url(SUITE) == "postgres://postgres@%2Ftmp%2Fpg:5433/doorstroom_scratch"
    assert scratch_url(SUITE.replace("/doorstroom", "/other")) != scratch_url(SUITE)
