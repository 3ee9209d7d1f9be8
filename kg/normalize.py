"""Normalised keys for names: case, diacritics and punctuation folded, then spelling variants folded.

Both the extractors (a corpus extractor matching known names) and the resolver use them, so they come before
every stage.

`name_key` folds what every reader ignores (case, accents, punctuation); `translit_key` also folds the
variants that romanising one alphabet into another produces (j/i/y, -ij/-y, ks/x, kh/h, w/v, ou/u,
doubled letters). These are generic phonetic rules, never lists of names.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

_NON_WORD = re.compile(r"[^a-z0-9]+")
_POSSESSIVE = re.compile(r"['’`´]s\b", re.IGNORECASE)
_ROMAN = re.compile(r"^(?=[mdclxvi])m*(c[md]|d?c{0,3})(x[cl]|l?x{0,3})(i[xv]|v?i{0,3})$")
_DOUBLE = re.compile(r"([a-z])\1+")

# Order matters: digraphs first, then single letters, then doubled letters collapse.
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"tch", "ch"),  # Tchaikovsky / Chaikovsky
        (r"ck", "k"),
        (r"x", "ks"),  # Alexander / Aleksander
        (r"ph", "f"),
        (r"w", "v"),  # German and Polish romanisations
        (r"kh", "h"),  # Akhmatova / Ahmatova
        (r"ou", "u"),  # French romanisations: Iouri / Yuri
        (r"dzh|dj|zh", "j"),  # Zhenya / Jenya
        (r"c(?=[^eiy]|$)", "k"),  # Monica / Monika; soft c before e/i/y stays
        (r"[jy]", "i"),  # Natalya / Natalia / Natalja, Andrej / Andrei, Yuriy / Yuri
        (r"^ie", "e"),  # Yevgeny / Evgeny (after y -> i)
    )
)

__all__ = ["name_key", "translit_key", "fold_token", "tokens", "numbers", "is_initial", "strip_possessive"]


def name_key(text: str) -> str:
    """Return the comparison key of a name: lower case, ASCII, words separated by single spaces.

    >>> name_key("El Ladrón de  bicicletas!")
    'el ladron de bicicletas'
    >>> name_key("Lion d’Or")
    'lion d or'
    """
    text = unicodedata.normalize("NFKC", text)
    return _NON_WORD.sub(" ", unidecode(text).lower()).strip()


def strip_possessive(text: str) -> str:
    """Drop a trailing possessive `'s`, which names of people carry in running prose.

    >>> strip_possessive("Tarkovsky's")
    'Tarkovsky'
    """
    return _POSSESSIVE.sub("", text).strip()


@lru_cache(maxsize=65536)
def fold_token(token: str) -> str:
    """Fold one lower-case ASCII word by the transliteration rules; numbers and roman numerals stay.

    >>> [fold_token(t) for t in ("natalya", "natalia", "natalja", "aleksandr", "alexandr", "tarkovskij")]
    ['natalia', 'natalia', 'natalia', 'aleksandr', 'aleksandr', 'tarkovski']
    >>> fold_token("iii"), fold_token("1962")
    ('iii', '1962')
    """
    if token.isdigit() or _ROMAN.match(token):
        return token
    for pattern, replacement in _RULES:
        token = pattern.sub(replacement, token)
    return _DOUBLE.sub(r"\1", token)


@lru_cache(maxsize=65536)
def translit_key(text: str) -> str:
    """Return the key under which spelling and transliteration variants of a name meet.

    >>> translit_key("Natalya Bondarchuk") == translit_key("Natalia Bondarchuk")
    True
    >>> translit_key("Anatoly Solonitsyn") == translit_key("Anatoliy Solonitsin")
    True
    >>> translit_key("Monica") == translit_key("Monika")
    True
    >>> translit_key("Rocky II") == translit_key("Rocky III")
    False
    """
    return " ".join(fold_token(token) for token in name_key(text).split())


def tokens(text: str) -> tuple[str, ...]:
    """Return the folded words of a name.

    >>> tokens("Vadim Yusov")
    ('vadim', 'iusov')
    """
    return tuple(translit_key(text).split())


def numbers(text: str) -> frozenset[str]:
    """Return the numbers and roman numerals in a name; names that differ in them are different things.

    >>> sorted(numbers("1962 Venice Film Festival")), sorted(numbers("Rocky II"))
    (['1962'], ['ii'])
    """
    return frozenset(t for t in name_key(text).split() if t.isdigit() or (len(t) > 1 and _ROMAN.match(t)))


def is_initial(token: str) -> bool:
    """Tell whether a folded word is an initial ("a" of "A. Tarkovsky").

    >>> is_initial("a"), is_initial("andrei")
    (True, False)
    """
    return len(token) == 1 and token.isalpha()
