"""The logboek names every page and function in words (accounts/pages.py), and none is left
as a bare code: every route of the site and every code a service writes is in the table."""

import re
from pathlib import Path

import pytest

from doorstroom.accounts.pages import PAGES, page_name, route_choices
from doorstroom.accounts.tests.test_access import route_names

SOURCE = Path(__file__).parents[2]
WRITTEN = re.compile(r"""\broute=["']([a-z_:]+)["']|^ROUTE = ["']([a-z_:]+)["']""", re.M)


def codes_written_by_services() -> set[str]:
    """The route codes our own code passes to the audit log (tests and Django's admin aside:
    Beheer's codes are Django's own)."""
    codes = set()
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for match in WRITTEN.finditer(path.read_text(encoding="utf-8")):
            codes.add(match[1] or match[2])
    return {code for code in codes if not code.startswith("admin:")}


def test_every_route_of_the_site_has_a_name():
    assert route_names() - {"admin"} - set(PAGES) == set()


def test_every_code_a_service_writes_has_a_name():
    assert "deliveries:import" in codes_written_by_services()
    assert codes_written_by_services() - set(PAGES) == set()


@pytest.mark.parametrize(
    ("route", "name"),
    [
        ("people:detail", "Gegevens van een jongere"),
        ("retention", "Bewaartermijnen verlopen (automatisch)"),
        ("cases:", "Alle pagina's van Dossiers"),
        ("admin:people_person_change", "Beheer (people_person_change)"),
        ("/een/pad/", "/een/pad/"),
        ("", ""),
    ],
)
def test_a_code_in_words(route, name):
    assert page_name(route) == name


def test_the_search_offers_every_named_page_once():
    offered = [code for _, group in route_choices()[1:] for code, _ in group]
    named = [code for code in offered if not code.endswith(":")]
    assert sorted(named) == sorted(PAGES)
