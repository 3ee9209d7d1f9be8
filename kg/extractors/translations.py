"""A review that translates another, found by comparing texts: the same numbers and names, in the
same order of magnitude of length, in two languages.

Which one is the original: a machine or hurried translation leaves words of its source language
behind ("I He visto"); the text with more of the other language's function words is the translation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import combinations

from ..model import Claim, Document
from . import corpus_extractor
from .context import context, review_mention
from .lexicon import fold, lexicon
from .patterns import evidence

NAME = "translations.v1"
THRESHOLD = 0.45
_NUMBER = re.compile(r"\d+")
_CAPITALISED = re.compile(r"(?<![\w'’])[^\W\d_][\w'’-]*")


def _function(language: str) -> set[str]:
    return {fold(w) for w in lexicon(language).section("words").get("function", [])}


def _fingerprint(document: Document) -> tuple[set[str], set[str]]:
    numbers = set(_NUMBER.findall(document.text))
    function = _function(document.language)
    names = {fold(w) for w in _CAPITALISED.findall(document.text) if w[0].isupper() and fold(w) not in function}
    return numbers, names


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def similarity(first: Document, second: Document) -> float:
    """Return how alike two texts are in what survives translation: numbers and names (0 to 1)."""
    ratio = len(first.text) / max(1, len(second.text))
    if not 0.6 <= ratio <= 1.67:
        return 0.0
    numbers_a, names_a = _fingerprint(first)
    numbers_b, names_b = _fingerprint(second)
    if len(numbers_a | numbers_b) < 2 and len(names_a | names_b) < 5:
        return 0.0
    return 0.5 * _jaccard(numbers_a, numbers_b) + 0.5 * _jaccard(names_a, names_b)


def leftovers(document: Document, source_language: str) -> int:
    """Count the words of `document` that are function words of `source_language` only."""
    foreign = _function(source_language) - _function(document.language)
    return sum(1 for word in re.findall(r"[^\W\d_]+", document.text) if fold(word) in foreign and len(word) > 0)


@corpus_extractor(NAME, emits={"translationOf"})
def extract_translations(documents: Sequence[Document]) -> Iterator[Claim]:
    """Yield translationOf from each review that translates another review of the build."""
    singles = [d for d in documents if d.language not in {"", "und"} and not context(d).listing]
    for first, second in combinations(singles, 2):
        if first.language == second.language:
            continue
        score = similarity(first, second)
        if score < THRESHOLD:
            continue
        a, b = leftovers(first, second.language), leftovers(second, first.language)
        if a == b:  # nothing tells: the later document of the build is taken as the translation, less surely
            translation, original, confidence = second, first, 0.5
        else:
            translation, original = (first, second) if a > b else (second, first)
            confidence = round(min(0.95, 0.5 + score / 2), 2)
        found = evidence(translation, 0, len(translation.sentences[0].text), NAME, confidence)
        if found is None:
            continue
        source = review_mention(context(original), context(original).segments[0])
        target = review_mention(context(translation), context(translation).segments[0])
        yield Claim(target, "translationOf", source, found)
