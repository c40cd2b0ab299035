#!/usr/bin/env python3
"""Compile Doorstroom's own catalogs (src/doorstroom/locale/*/LC_MESSAGES/*.po) into the .mo
files beside them, with polib (a test dependency: a fresh machine has no msgfmt).

    .venv/bin/python scripts/compile_translations.py

The .mo files are committed; src/doorstroom/tests/test_translations.py fails when one is not
what its .po compiles to.
"""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "src" / "doorstroom" / "locale"


def main() -> None:
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        mo.write_bytes(polib.pofile(str(po)).to_binary())
        print(f"{mo.relative_to(LOCALE.parent)}")


if __name__ == "__main__":
    main()
