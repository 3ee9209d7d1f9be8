"""The resolver's name keys: they live in kg/normalize.py, before every stage, since extractors use them too."""

from __future__ import annotations

from ..normalize import fold_token, is_initial, name_key, numbers, strip_possessive, tokens, translit_key

__all__ = ["name_key", "translit_key", "fold_token", "tokens", "numbers", "is_initial", "strip_possessive"]
