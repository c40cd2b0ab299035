"""Our own Dutch catalogs (locale/): the committed .mo is what its .po compiles to, every
entry is translated, and Django reads them before its own."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.LOCALE_PATHS[0])
CATALOGS = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def test_there_are_catalogs_for_both_domains():
    assert {po.name for po in CATALOGS} == {"django.po", "djangojs.po"}


@pytest.mark.parametrize("po", CATALOGS, ids=lambda po: po.name)
def test_the_committed_mo_is_what_the_po_compiles_to(po):
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} ontbreekt: python scripts/compile_translations.py"
    assert mo.read_bytes() == polib.pofile(str(po)).to_binary(), (
        f"{mo.name} loopt achter op {po.name}: python scripts/compile_translations.py"
    )


@pytest.mark.parametrize("po", CATALOGS, ids=lambda po: po.name)
def test_every_entry_is_translated(po):
    catalog = polib.pofile(str(po))
    assert catalog.percent_translated() == 100
    assert not catalog.fuzzy_entries()


def test_our_catalog_comes_before_djangos_and_the_rest_stays_djangos():
    with translation.override("nl"):
        assert translation.gettext("Model name") == "Modelnaam"
        assert translation.gettext("Save") == "Opslaan"
