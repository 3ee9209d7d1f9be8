"""Names a film's other documents already gave a role, found again where no pattern stated one.

A review names the heroine once with her actress ("Anna (Jane Roe)") and then, or in another review of
the same film, only as "Anna", "Ana" or, by a slip, "Ann"; it names the actress once in full and then by
her surname. No per-document pattern can tell those bare names from any capitalised word, but the
corpus can: once every document is read, each film's characters and role holders are known (from the
claims of every document about that film), and a capitalised name in a document about the same film
that spells one of them (exactly, as a transliteration variant, with a one-letter slip in a name of six
letters or more, or as the surname of exactly one of its people) is a `mentions` of it, cited like any
claim. Nothing crosses films: documents meet only through the titles their film is claimed under.

Each document is summarised as it streams past (its film's title keys and years, the names its claims
give that film, and its capitalised names with their sentences), so a build never keeps the texts;
the names are then matched through per-film indexes, each name once, never every name against every
document.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from rapidfuzz.distance import Levenshtein

from ..model import Claim, Document, Evidence, Kind, Literal, Mention
from ..normalize import strip_possessive, translit_key
from . import corpus_extractor
from .context import context
from .lexicon import fold, folded
from .patterns import NAME as NAME_PATTERN
from .patterns import folded_words, sentence_at

NAME = "known_names.v1"
MIN_TYPO_LENGTH = 6  # one-letter slips only in names this long: shorter names are too close to other words
EXACT, SURNAME, SLIP = 0.75, 0.65, 0.6  # confidence: the same name; a bare surname; a name one letter off
_RUN = re.compile(rf"(?<![\w'’-]){NAME_PATTERN}")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[^\W\d_A-Z][\w'’-]*")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)")
_OPENING = re.compile(r"[\s\"“”'‘’«»(\[{¿¡*•–—-]*")
_NICKNAME_AFTER = re.compile(r"[ ][\"“'‘«][^\W\d_]")  # Gunner "Gloria" Beaumont: the word heads another name


@dataclass(frozen=True)
class Found:
    """A capitalised name in a document, where it may be a bare mention of someone the film's claims know."""

    key: str  # translit key
    text: str  # the surface form, possessive dropped
    start: int
    end: int
    sentence: int
    review: int  # index into Summary.reviews


@dataclass(frozen=True)
class Summary:
    """What the finder keeps of one document: its film, the names its claims give that film, its names."""

    doc_id: str
    language: str
    film_keys: frozenset[str]  # translit keys of every title claimed for the document's film
    years: frozenset[int]
    characters: tuple[str, ...]
    people: tuple[str, ...]
    found: tuple[Found, ...]
    quotes: tuple[tuple[int, str], ...]  # (sentence index, text) of the sentences `found` cite
    reviews: tuple[Mention, ...]


@cache
def _not_names() -> frozenset[str]:
    """Words that never start or end a person's or character's name (every language merged)."""
    return frozenset().union(
        *(folded_words("words", key) for key in ("function", "not_person", "demonyms", "person_cues", "honorifics"))
    )


@cache
def _introducers(language: str) -> frozenset[str]:
    """Words that introduce another individual under a known name ("a boy named X")."""
    return folded(language, "known_names", "another")


def _film_facts(claims: list[Claim], film: Mention) -> tuple[set[str], set[int], set[str], set[str]]:
    """Return the film's title keys and years, and the characters and people the claims give it."""
    keys = {f"doc:{film.doc_id}"} if film.key else {translit_key(film.text)}
    years: set[int] = set()
    characters: set[str] = set()
    people: set[str] = set()
    for claim in claims:
        obj = claim.object
        if claim.subject == film:
            if isinstance(obj, Literal) and claim.predicate == "title" and not film.key:
                keys.add(translit_key(obj.value))
            elif isinstance(obj, Literal) and claim.predicate == "releaseDate" and (match := _YEAR.match(obj.value)):
                years.add(int(match[1]))
            elif isinstance(obj, Mention) and obj.kind is Kind.PERSON and claim.predicate != "mentions":
                people.add(obj.text)
            character = claim.qualifier("character")
            if isinstance(character, Mention) and character.kind is Kind.CHARACTER:
                characters.add(character.text)
        elif claim.subject.kind is Kind.PERSON and claim.qualifier("forWork") == film:
            people.add(claim.subject.text)  # "Best Actress (X)" for this film
    keys.discard("")
    return keys, years, characters, people


def summarise(document: Document, extracted: Sequence[Claim]) -> Summary:
    """Return the document's film, the names its claims give it, and its capitalised names with their sentences.

    `extracted` are the claims the per-document extractors made of it; those of `_SOURCES` name its people.
    """
    ctx = context(document)
    claims = [claim for claim in extracted if claim.evidence.extractor in _SOURCES]
    film_keys, years, characters, people = _film_facts(claims, ctx.film)
    years |= {int(span.year) for span in ctx.titles if span.year}
    named = [(c.evidence.start, c.evidence.end) for c in claims if _names_someone(c)]
    skip = _Spans(named + [(span.start, span.end) for span in (*ctx.titles, *ctx.others)])
    lower = {w.casefold() for w in _LOWER_WORD.findall(document.text)}
    introducers = _introducers(document.language)
    found: list[Found] = []
    quotes: dict[int, str] = {}
    reviews: list[Mention] = []
    for match in _RUN.finditer(document.text):
        name = _trim(document, match.start(), match.group(0), lower)
        if name is None:
            continue
        start, text = name
        end = start + len(text)
        if skip.holds(start, end) or _introduced(document, start, introducers):
            continue
        if _NICKNAME_AFTER.match(document.text, end) and " " not in text:
            continue
        sentence = sentence_at(document, start)
        review = ctx.review_at(start)
        if sentence is None or review is None:
            continue
        if review not in reviews:
            reviews.append(review)
        quotes[sentence.index] = sentence.text
        found.append(Found(translit_key(text), text, start, end, sentence.index, reviews.index(review)))
    return Summary(
        document.doc_id,
        document.language,
        frozenset(film_keys),
        frozenset(years),
        tuple(sorted(characters)),
        tuple(sorted(people)),
        tuple(found),
        tuple(sorted(quotes.items())),
        tuple(reviews),
    )


# The extractors whose claims name a film's people and characters.
_SOURCES = frozenset(
    {"awards.v1", "cast.v1", "cast_lists.v1", "credits.v1", "fields.v1", "films.v1", "people.v1", "sources.v1"}
)


def _names_someone(claim: Claim) -> bool:
    """Tell whether a claim names a person or a character (its span is then read already)."""
    values = (claim.subject, claim.object, *(value for _name, value in claim.qualifiers))
    return any(isinstance(v, Mention) and v.kind in (Kind.PERSON, Kind.CHARACTER) for v in values)


class _Spans:
    """Spans of a document already read (merged), asked by bisection whether they hold a name."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [start for start, _end in merged]
        self.ends = [end for _start, end in merged]

    def holds(self, start: int, end: int) -> bool:
        at = bisect_right(self.starts, start) - 1
        return at >= 0 and end <= self.ends[at]


def _trim(document: Document, start: int, raw: str, lower: set[str]) -> tuple[int, str] | None:
    """Cut a capitalised run down to the name it can be, or None: no generic word, no shouting, no
    sentence opener the document also writes in lower case ("Will", "Mark" starting a sentence)."""
    if len(raw) < 3:
        return None
    tokens = raw.split(" ")
    offsets = []
    at = start
    for token in tokens:
        offsets.append(at)
        at += len(token) + 1
    not_names = _not_names()
    while tokens and fold(tokens[0]) in not_names:
        tokens, offsets = tokens[1:], offsets[1:]
    while tokens and fold(tokens[-1]) in not_names:
        tokens, offsets = tokens[:-1], offsets[:-1]
    if not tokens or any(fold(t) in not_names and len(t) > 3 for t in tokens):
        return None  # "Venice Film Festival", "Red Army": a place, a body or an event, not a name
    if any(t.isupper() and len(t) > 1 for t in tokens) or any(t.endswith(".") for t in tokens):
        return None  # shouted titles ("IVAN THE TERRIBLE"), initials: nothing to match safely
    first = offsets[0]
    if tokens[0].casefold() in lower:  # a word the text also writes in lower case: a name only mid-sentence
        sentence = sentence_at(document, first)
        if sentence is not None and _OPENING.fullmatch(document.text, sentence.start, first) is not None:
            return None
    text = strip_possessive(" ".join(tokens))
    return (first, text) if len(text) >= 3 else None


def _introduced(document: Document, start: int, introducers: frozenset[str]) -> bool:
    """Tell whether the name follows "named", "called" …: a new individual, not the one the film knows."""
    before = document.text[max(0, start - 30) : start].split()
    return bool(before) and (fold(before[-1]) in introducers or fold(" ".join(before[-2:])) in introducers)


# --- the corpus ------------------------------------------------------------------------------------------


def _films(summaries: Sequence[Summary]) -> list[list[int]]:
    """Group the documents by film: they meet through a title key, unless their films' years differ."""
    parent = list(range(len(summaries)))
    years = [set(s.years) for s in summaries]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, summary in enumerate(summaries):
        for key in sorted(summary.film_keys):
            j = first.setdefault(key, i)
            a, b = find(i), find(j)
            if a == b:
                continue
            if years[a] and years[b] and min(abs(x - y) for x in years[a] for y in years[b]) > 1:
                continue  # a remake or a namesake: the same title, another film
            parent[b] = a
            years[a] |= years[b]
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(summaries)):
        groups[find(i)].append(i)
    return [groups[root] for root in sorted(groups)]


@dataclass
class _Index:
    """One film's known names: full keys, surnames of its people, words of its longer character names."""

    full: dict[str, set[tuple[Kind, str]]]
    surnames: dict[str, set[str]]  # surname -> full keys of people
    words: dict[str, set[str]]  # a word of a longer character name -> full keys of characters
    deletions: dict[str, set[str]]  # a known key (or surname) with one letter dropped -> the keys

    def match(self, key: str) -> tuple[Kind, float] | None:
        """Return the kind of the one known thing `key` can name, and how sure that is, or None."""
        kinds = {kind for kind, _text in self.full.get(key, ())}
        single = " " not in key
        people = self.surnames.get(key, set()) if single else set()
        characters = self.words.get(key, set()) if single else set()
        if kinds and people:
            kinds.add(Kind.PERSON)  # "Koval" is a character, and the surname of someone in the film
        if kinds and characters:
            kinds.add(Kind.CHARACTER)
        if kinds:
            return (kinds.pop(), EXACT) if len(kinds) == 1 else None  # a character and a person share it: neither
        if " " not in key:
            if len(people) + len(characters) == 1:
                return (Kind.PERSON, SURNAME) if people else (Kind.CHARACTER, SURNAME)
            if people or characters:
                return None  # two people share the surname, or a person and a character share the word
        slips = self._slips(key)
        if len(slips) != 1:
            return None
        slip = slips.pop()
        if slip in self.full:
            kinds = {kind for kind, _text in self.full[slip]}
            return (kinds.pop(), SLIP) if len(kinds) == 1 else None
        if len(self.surnames.get(slip, ())) == 1 and slip not in self.words:
            return Kind.PERSON, SLIP
        return None

    def _slips(self, key: str) -> set[str]:
        if len(key.replace(" ", "")) < MIN_TYPO_LENGTH - 1 or not key.replace(" ", "").isalpha():
            return set()
        near: set[str] = set()
        for variant in {key} | {key[:i] + key[i + 1 :] for i in range(len(key))}:
            near |= self.deletions.get(variant, set())
        return {
            k
            for k in near
            if k != key
            and k[0] == key[0]
            and len(k.split()) == len(key.split())
            and Levenshtein.distance(k, key, score_cutoff=1) <= 1
        }


def _index(summaries: Sequence[Summary]) -> _Index:
    film_keys = set().union(*(s.film_keys for s in summaries))
    full: dict[str, set[tuple[Kind, str]]] = defaultdict(set)
    for summary in summaries:
        for kind, names in ((Kind.CHARACTER, summary.characters), (Kind.PERSON, summary.people)):
            for name in names:
                key = translit_key(strip_possessive(name))
                if key and key not in film_keys:  # a film and its title character are two things
                    full[key].add((kind, name))
    surnames: dict[str, set[str]] = defaultdict(set)
    words: dict[str, set[str]] = defaultdict(set)
    not_names = _not_names()
    for key, known in full.items():
        parts = key.split()
        if len(parts) < 2:
            continue
        for kind, _text in known:
            if kind is Kind.PERSON and parts[-1].isalpha() and len(parts[-1]) >= 3:
                surnames[parts[-1]].add(key)
            elif kind is Kind.CHARACTER:
                for part in parts:
                    if len(part) >= 3 and part.isalpha() and part not in not_names:
                        words[part].add(key)
    deletions: dict[str, set[str]] = defaultdict(set)
    for key in [*full, *surnames]:
        if len(key.replace(" ", "")) >= MIN_TYPO_LENGTH and key.replace(" ", "").isalpha():
            for variant in {key} | {key[:i] + key[i + 1 :] for i in range(len(key))}:
                deletions[variant].add(key)
    return _Index(dict(full), dict(surnames), dict(words), dict(deletions))


def find_known_names(summaries: Sequence[Summary]) -> Iterator[Claim]:
    """Yield a `mentions` claim for every bare name that can only be one of its film's characters or people."""
    for group in _films(summaries):
        members = [summaries[i] for i in group]
        index = _index(members)
        if not index.full:
            continue
        for summary in members:
            quotes = dict(summary.quotes)
            for found in summary.found:
                matched = index.match(found.key)
                if matched is None:
                    continue
                kind, confidence = matched
                evidence = Evidence(
                    summary.doc_id, found.sentence, found.start, found.end, quotes[found.sentence], NAME, confidence
                )
                language = summary.language if kind is Kind.CHARACTER else ""  # a person's name is no language's
                named = Mention(kind, found.text, summary.doc_id, language)
                yield Claim(summary.reviews[found.review], "mentions", named, evidence)


@corpus_extractor(NAME, emits={"mentions"}, summarise=summarise)
def extract_known_names(summaries: Sequence[Summary]) -> Iterator[Claim]:
    """Yield the mentions of known characters and people that no per-document pattern could see."""
    yield from find_known_names(summaries)
