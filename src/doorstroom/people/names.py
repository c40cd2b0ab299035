"""Names as Dutch registers keep them: voorvoegsel apart from geslachtsnaam, searched folded."""

from __future__ import annotations

import unicodedata

PREFIX_WORDS = frozenset(
    [
        "van",
        "de",
        "der",
        "den",
        "het",
        "'t",
        "te",
        "ten",
        "ter",
        "in",
        "op",
        "aan",
        "bij",
        "uit",
        "von",
        "vom",
        "zu",
        "da",
        "di",
        "du",
        "dos",
        "la",
        "le",
        "el",
        "al",
        "d'",
    ]
)
"""Words that make up voorvoegsels (van den, in 't, de la, el): a search may start with them."""


KEY_LENGTH = 200
"""The length of Person.surname_key: a key of a 200-letter name is cut there, searched alike."""


def name_key(name: str) -> str:
    """A surname folded for searching: lower case, without accents or spaces (Çelik -> celik)."""
    decomposed = unicodedata.normalize("NFKD", name)
    key = "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c)).lower()
    return key[:KEY_LENGTH]  # NFKD and lower() can make a name longer ('ﷺ' is 18 letters)


def surname_search_key(typed: str) -> str:
    """What a user typed as a surname, without a leading voorvoegsel: 'van den Berg' -> 'berg'.

    A name that is nothing but prefix words ('Van', 'De') is searched as typed.
    """
    words = typed.split()
    while len(words) > 1 and words[0].lower() in PREFIX_WORDS:
        words = words[1:]
    return name_key(" ".join(words))
