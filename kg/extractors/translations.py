"""A review that translates another, found by comparing texts: the same numbers and names, in the
same order of magnitude of length, in two languages.

Which one is the original: a machine or hurried translation leaves words of its source language
behind ("I He visto"); the text with more of the other language's function words is the translation.

Each document is summarised as it streams past (numbers, names, function-word counts, its first
sentence), so a build never holds every text for this; candidate pairs come from an index of the
rarest numbers and names (prefix filtering), not from comparing every pair of documents.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache

from ..model import Claim, Document, Evidence, Mention
from . import corpus_extractor
from .context import context, review_mention
from .lexicon import available_languages, fold, lexicon
from .patterns import sentence_at

NAME = "translations.v1"
THRESHOLD = 0.45
_NUMBER = re.compile(r"\d+")
_CAPITALISED = re.compile(r"(?<![\w'’])[^\W\d_][\w'’-]*")
_WORD = re.compile(r"[^\W\d_]+")


@cache
def _function(language: str) -> frozenset[str]:
    return frozenset(fold(w) for w in lexicon(language).section("words").get("function", []))


@cache
def _any_function() -> frozenset[str]:
    """Function words of every language with a data file (a language without one reads as English)."""
    return frozenset().union(*(_function(language) for language in available_languages()))


@dataclass(frozen=True)
class Summary:
    """What the translation finder keeps of one review: enough to compare it and to cite it, not its text."""

    language: str
    length: int
    numbers: frozenset[str]
    names: frozenset[str]
    function_words: tuple[tuple[str, int], ...]  # folded function words of any language, with their counts
    opening: Evidence | None  # the first sentence, cited as the evidence of a translation
    review: Mention

    def leftovers(self, source_language: str) -> int:
        """Count the words that are function words of `source_language` only (not of this text's language)."""
        foreign = _function(source_language) - _function(self.language)
        return sum(count for word, count in self.function_words if word in foreign)


def _fingerprint(document: Document) -> tuple[set[str], set[str]]:
    numbers = set(_NUMBER.findall(document.text))
    function = _function(document.language)
    names = {fold(w) for w in _CAPITALISED.findall(document.text) if w[0].isupper() and fold(w) not in function}
    return numbers, names


def _jaccard(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def similarity(first: Document, second: Document) -> float:
    """Return how alike two texts are in what survives translation: numbers and names (0 to 1)."""
    numbers_a, names_a = _fingerprint(first)
    numbers_b, names_b = _fingerprint(second)
    return _similarity(len(first.text), len(second.text), numbers_a, names_a, numbers_b, names_b)


def _similarity(
    length_a: int,
    length_b: int,
    numbers_a: set[str] | frozenset[str],
    names_a: set[str] | frozenset[str],
    numbers_b: set[str] | frozenset[str],
    names_b: set[str] | frozenset[str],
) -> float:
    ratio = length_a / max(1, length_b)
    if not 0.6 <= ratio <= 1.67:
        return 0.0
    if len(numbers_a | numbers_b) < 2 and len(names_a | names_b) < 5:
        return 0.0
    return 0.5 * _jaccard(numbers_a, numbers_b) + 0.5 * _jaccard(names_a, names_b)


def leftovers(document: Document, source_language: str) -> int:
    """Count the words of `document` that are function words of `source_language` only."""
    foreign = _function(source_language) - _function(document.language)
    return sum(1 for word in _WORD.findall(document.text) if fold(word) in foreign)


def summarise(document: Document, _claims: Sequence[Claim]) -> Summary | None:
    """Return what the finder needs of `document` (None for a listing page or a text of no known language)."""
    if document.language in {"", "und"} or context(document).listing:
        return None
    numbers, names = _fingerprint(document)
    every = _any_function()
    words = Counter(folded for folded in map(fold, _WORD.findall(document.text)) if folded in every)
    opening = None
    if document.sentences and sentence_at(document, 0) is not None:
        first = document.sentences[0]
        opening = Evidence(document.doc_id, first.index, 0, len(first.text), first.text, NAME)
    ctx = context(document)
    return Summary(
        document.language,
        len(document.text),
        frozenset(numbers),
        frozenset(names),
        tuple(sorted(words.items())),
        opening,
        review_mention(ctx, ctx.segments[0]),
    )


def _candidates(summaries: Sequence[Summary]) -> list[tuple[int, int]]:
    """Pairs (in build order) whose numbers or names may be alike enough: a pair scoring THRESHOLD has a
    Jaccard of at least THRESHOLD on one of the two, and then shares a token among each side's rarest
    (prefix filtering, with a margin for rounding)."""
    threshold = THRESHOLD - 0.01
    pairs: set[tuple[int, int]] = set()
    for sets in ([s.numbers for s in summaries], [s.names for s in summaries]):
        frequency = Counter(token for tokens in sets for token in tokens)
        index: dict[str, list[int]] = {}
        for i, tokens in enumerate(sets):
            ordered = sorted(tokens, key=lambda t: (frequency[t], t))
            prefix = len(ordered) - int(threshold * len(ordered)) + 1
            for token in ordered[:prefix]:
                for j in index.setdefault(token, []):
                    if summaries[j].language != summaries[i].language:
                        pairs.add((j, i))
                index[token].append(i)
    return sorted(pairs)


def find_translations(summaries: Sequence[Summary]) -> Iterator[Claim]:
    """Yield translationOf from each summarised review that translates another one."""
    for i, j in _candidates(summaries):
        first, second = summaries[i], summaries[j]
        score = _similarity(first.length, second.length, first.numbers, first.names, second.numbers, second.names)
        if score < THRESHOLD:
            continue
        a, b = first.leftovers(second.language), second.leftovers(first.language)
        if a == b:  # nothing tells: the later document of the build is taken as the translation, less surely
            translation, original, confidence = second, first, 0.5
        else:
            translation, original = (first, second) if a > b else (second, first)
            confidence = round(min(0.95, 0.5 + score / 2), 2)
        if translation.opening is None:
            continue
        found = replace(translation.opening, confidence=confidence)
        yield Claim(translation.review, "translationOf", original.review, found)


@corpus_extractor(NAME, emits={"translationOf"}, summarise=summarise)
def extract_translations(summaries: Sequence[Summary | None]) -> Iterator[Claim]:
    """Yield translationOf from each review that translates another review of the build."""
    yield from find_translations([s for s in summaries if s is not None])
