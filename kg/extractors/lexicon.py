"""Per-language cue words, read from kg/lang/<tag>.toml; adding a language is adding a file."""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

LANG_DIR = Path(__file__).resolve().parent.parent / "lang"


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case and strip accents and punctuation, for matching cue words (cached: the same words recur).

    >>> fold("  Producted  By: ")
    'producted by'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(ch if ch.isalnum() else " " for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(kept.split())


@dataclass(frozen=True)
class Lexicon:
    """The cue words of one language (or of all languages merged)."""

    languages: tuple[str, ...]
    data: dict[str, Any]

    def section(self, name: str) -> dict[str, Any]:
        """Return one table of the data files, e.g. "fields" or "months"."""
        value = self.data.get(name, {})
        return value if isinstance(value, dict) else {}


def available_languages() -> tuple[str, ...]:
    """Return the tags that have a data file."""
    return tuple(sorted(p.stem for p in LANG_DIR.glob("*.toml")))


@cache
def lexicon(language: str) -> Lexicon:
    """Return the lexicon for `language`, falling back to English for a language with no file."""
    path = LANG_DIR / f"{language}.toml"
    if not path.exists():
        path = LANG_DIR / "en.toml"
    with path.open("rb") as handle:
        return Lexicon((path.stem,), tomllib.load(handle))


@cache
def folded(language: str, section: str, key: str = "") -> frozenset[str]:
    """Return one word list of `language` folded (or, with no `key`, the folded keys of a table), once per process.

    >>> "best" in folded("en", "credits", "not_after")
    True
    """
    table = lexicon(language).section(section)
    values = table.get(key, []) if key else list(table)
    return frozenset(fold(str(v)) for v in values) if isinstance(values, list) else frozenset()


@lru_cache(maxsize=1)
def merged_lexicon() -> Lexicon:
    """Return every language's lexicon merged: list values are joined, tables merged recursively."""
    merged: dict[str, Any] = {}
    for language in available_languages():
        _merge(merged, lexicon(language).data)
    return Lexicon(available_languages(), merged)


def _merge(into: dict[str, Any], data: dict[str, Any]) -> None:
    for key, value in data.items():
        if isinstance(value, dict):
            _merge(into.setdefault(key, {}), value)
        elif isinstance(value, list):
            existing = into.setdefault(key, [])
            existing.extend(v for v in value if v not in existing)
        else:
            into.setdefault(key, value)
