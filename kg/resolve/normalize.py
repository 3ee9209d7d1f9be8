"""Normalised keys for names: case, diacritics and punctuation folded, so spellings meet."""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

_NON_WORD = re.compile(r"[^a-z0-9]+")


def name_key(text: str) -> str:
    """Return the comparison key of a name.

    >>> name_key("Las Grúas  están volando!")
    'las gruas estan volando'
    >>> name_key("Palme d’Or")
    'palme d or'
    """
    text = unicodedata.normalize("NFKC", text)
    return _NON_WORD.sub(" ", unidecode(text).lower()).strip()
