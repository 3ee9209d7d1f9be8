"""Detect a document's language with py3langid, which ships its own model (no download)."""

from __future__ import annotations

import re
from functools import lru_cache

# Languages we expect in film reviews; restricting the model makes short texts far more reliable.
CANDIDATES = ("en", "es", "fr", "de", "it", "pt", "nl", "ru", "pl", "sv", "da", "no", "fi", "tr", "ca")


_LETTERISH = re.compile(r"[^\W\d_]")  # every alphabetic character, and a few numeric ones (checked with isalpha)


def _has_letters(sample: str, wanted: int = 3) -> bool:
    """Tell whether `sample` holds `wanted` alphabetic characters, stopping at the last one needed."""
    for match in _LETTERISH.finditer(sample):
        if match.group().isalpha():
            wanted -= 1
            if not wanted:
                return True
    return False


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(CANDIDATES))
    return identifier


def detect_language(text: str) -> str:
    """Return the BCP 47 tag of `text`'s language, or "und" when there is too little text.

    >>> detect_language("La película fue honrada con la Palma de Oro en el festival.")
    'es'
    """
    sample = text[:5000]
    if not _has_letters(sample):
        return "und"
    language, _probability = _identifier().classify(sample)
    return str(language)
