"""Normalised keys for names: case, diacritics and punctuation folded, then spelling variants folded.

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
        (r"x", "ks"),  # Alexei / Aleksei
        (r"ph", "f"),
        (r"w", "v"),  # German and Polish romanisations
        (r"kh", "h"),  # Mikhail / Mihail
        (r"ou", "u"),  # French romanisations: Iouri / Yuri
        (r"dzh|dj|zh", "j"),  # Zhenya / Jenya
        (r"c(?=[^eiy]|$)", "k"),  # Veronica / Veronika; soft c before e/i/y stays
        (r"[jy]", "i"),  # Tatyana / Tatiana / Tatjana, Samojlova / Samoilova, Aleksey / Alexei
        (r"^ie", "e"),  # Yevgeny / Evgeny (after y -> i)
    )
)

__all__ = ["name_key", "translit_key", "fold_token", "tokens", "numbers", "is_initial", "strip_possessive"]


def name_key(text: str) -> str:
    """Return the comparison key of a name: lower case, ASCII, words separated by single spaces.

    >>> name_key("Las Grúas  están volando!")
    'las gruas estan volando'
    >>> name_key("Palme d’Or")
    'palme d or'
    """
    text = unicodedata.normalize("NFKC", text)
    return _NON_WORD.sub(" ", unidecode(text).lower()).strip()


def strip_possessive(text: str) -> str:
    """Drop a trailing possessive `'s`, which names of people carry in running prose.

    >>> strip_possessive("Kalatozov's")
    'Kalatozov'
    """
    return _POSSESSIVE.sub("", text).strip()


@lru_cache(maxsize=65536)
def fold_token(token: str) -> str:
    """Fold one lower-case ASCII word by the transliteration rules; numbers and roman numerals stay.

    >>> [fold_token(t) for t in ("tatyana", "tatiana", "samojlova", "aleksey", "alexei", "urusevskij")]
    ['tatiana', 'tatiana', 'samoilova', 'aleksei', 'aleksei', 'urusevski']
    >>> fold_token("iii"), fold_token("1958")
    ('iii', '1958')
    """
    if token.isdigit() or _ROMAN.match(token):
        return token
    for pattern, replacement in _RULES:
        token = pattern.sub(replacement, token)
    return _DOUBLE.sub(r"\1", token)


@lru_cache(maxsize=65536)
def translit_key(text: str) -> str:
    """Return the key under which spelling and transliteration variants of a name meet.

    >>> translit_key("Tatyana Samojlova") == translit_key("Tatiana Samoilova")
    True
    >>> translit_key("Aleksey Batalov") == translit_key("Alexei Batalov")
    True
    >>> translit_key("Veronica") == translit_key("Veronika")
    True
    >>> translit_key("Rocky II") == translit_key("Rocky III")
    False
    """
    return " ".join(fold_token(token) for token in name_key(text).split())


def tokens(text: str) -> tuple[str, ...]:
    """Return the folded words of a name.

    >>> tokens("Sergei Urusevsky")
    ('sergei', 'urusevski')
    """
    return tuple(translit_key(text).split())


def numbers(text: str) -> frozenset[str]:
    """Return the numbers and roman numerals in a name; names that differ in them are different things.

    >>> sorted(numbers("1958 Cannes Film Festival")), sorted(numbers("Rocky II"))
    (['1958'], ['ii'])
    """
    return frozenset(t for t in name_key(text).split() if t.isdigit() or (len(t) > 1 and _ROMAN.match(t)))


def is_initial(token: str) -> bool:
    """Tell whether a folded word is an initial ("m" of "M. Kalatozov").

    >>> is_initial("m"), is_initial("mikhail")
    (True, False)
    """
    return len(token) == 1 and token.isalpha()
