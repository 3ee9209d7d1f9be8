"""Parse the values fields and prose give: dates, durations, ratings, name lists.

Shared by every extractor, so that "9 May 1962" or "1h37m" mean the same wherever they appear.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from ..vocab import XSD
from .lexicon import fold, merged_lexicon

DATE = str(XSD.date)
GYEAR = str(XSD.gYear)
DECIMAL = str(XSD.decimal)
DURATION = str(XSD.duration)

_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th|er)?\.?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})\b")
_MONTH_DAY_YEAR = re.compile(r"\b([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    return {fold(name): int(number) for name, number in merged_lexicon().section("months").items()}


def parse_date(text: str) -> tuple[str, str] | None:
    """Return (lexical form, datatype) of the first date in `text`: an xsd:date, else an xsd:gYear.

    >>> parse_date("May 9, 1962")
    ('1962-05-09', 'http://www.w3.org/2001/XMLSchema#date')
    >>> parse_date("9 mayo de 1962")[0]
    '1962-05-09'
    >>> parse_date("sometime in 1962")[0]
    '1962'
    """
    months = _months()
    candidates: list[tuple[int, int, int]] = []
    if match := _ISO.search(text):
        candidates.append((int(match[1]), int(match[2]), int(match[3])))
    if match := _DAY_MONTH_YEAR.search(text):
        month = months.get(fold(match[2]))
        if month:
            candidates.append((int(match[3]), int(month), int(match[1])))
    if match := _MONTH_DAY_YEAR.search(text):
        month = months.get(fold(match[1]))
        if month:
            candidates.append((int(match[3]), int(month), int(match[2])))
    for year, month, day in candidates:
        try:
            return date(year, month, day).isoformat(), DATE
        except ValueError:
            continue
    if match := _YEAR.search(text):
        return match[1], GYEAR
    return None


_HOURS_MINUTES = re.compile(r"\b(\d{1,2})\s*h(?:ours?|rs?)?\.?\s*(\d{1,2})?\s*(?:m|min|mins|minutes?)?\b", re.I)
_MINUTES = re.compile(r"\b(\d{2,3})\s*(?:m|min|mins|minutes?|minutos|mn)\b\.?", re.I)


def parse_duration(text: str) -> str | None:
    """Return an xsd:duration for a running time such as "1h37m" or "97 min".

    >>> parse_duration("1h37m")
    'PT1H37M'
    >>> parse_duration("97 minutes")
    'PT1H37M'
    """
    minutes: int | None = None
    if match := _HOURS_MINUTES.search(text):
        minutes = int(match[1]) * 60 + int(match[2] or 0)
    elif match := _MINUTES.search(text):
        minutes = int(match[1])
    if not minutes or minutes > 24 * 60:
        return None
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest else "")


_RATING = re.compile(r"^\s*(\d{1,2}(?:[.,]\d{1,2})?)\s*(?:/\s*(\d{1,3}))?\s*$")


def parse_rating(text: str, default_best: int = 10) -> tuple[str, str] | None:
    """Return (value, best) of a rating such as "8.3" or "8/10" when the value is within range.

    >>> parse_rating("8.3")
    ('8.3', '10')
    >>> parse_rating("4/5")
    ('4', '5')
    """
    match = _RATING.match(text)
    if not match:
        return None
    value = float(match[1].replace(",", "."))
    best = int(match[2]) if match[2] else default_best
    if best <= 0 or not 0 <= value <= best:
        return None
    return match[1].replace(",", "."), str(best)


_LIST_SPLIT = re.compile(r"\s*(?:,|;|/|\||&|\band\b|\by\b|\bet\b|\be\b)\s*", re.I)


def split_names(text: str) -> list[str]:
    """Split a field value listing several names.

    >>> split_names("Drama, War and Romance")
    ['Drama', 'War', 'Romance']
    """
    return [part.strip(" .") for part in _LIST_SPLIT.split(text) if part and part.strip(" .")]


_PROPER = re.compile(r"\b(?:[A-Z]|i(?=[A-Z]))[\w'’&.+-]*(?:\s+(?:[A-Z]|i(?=[A-Z]))[\w'’&.+-]*|\s+\+)*")


def proper_names(text: str, stop: set[str] | None = None) -> list[str]:
    """Return the capitalised phrases of `text` (brand names like "iTunes" included).

    >>> proper_names("Available on MUBI and on Apple TV Plus, iTunes.", {"available"})
    ['MUBI', 'Apple TV Plus', 'iTunes']
    """
    names = []
    for match in _PROPER.finditer(text):
        words = match.group(0).split()
        while words and stop and fold(words[0]) in stop:
            words = words[1:]
        name = " ".join(words).strip(" .,")
        if name:
            names.append(name)
    return names
