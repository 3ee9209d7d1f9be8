"""Cast linking: which of the people a review only names are in the cast of the film it is about.

Reviews seldom write "Ann Lee as Jo": they write "Ann Lee is superb", "a fine turn by Ann Lee", "Lee steals
every scene". No cue list covers that, so a small logistic model scores each named person from the words
around its mentions (the model file is trained by `kg train cast-linker` on annotated reviews and shipped in
kg/extractors/models/). People who hold a stated crew role, characters and review authors never reach it.

The component reads only what earlier components assigned (the people of people.py, the roles of cast.py
and credits.py, the subject film of context.py) and adds `castMember` claims for the subject film.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..model import Claim, Document, Kind, Mention
from . import extractor
from .context import TitleSpan, context
from .lexicon import available_languages, fold, lexicon
from .patterns import evidence, folded_words, per_document, sentence_at

NAME = "cast.linked.v1"
MODEL_PATH = Path(__file__).resolve().parent / "models" / "cast_linker.json"
WINDOW = 3
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?|[()\"“”«»:;,.!?-]")


@dataclass(frozen=True)
class Occurrence:
    """One place a person's name (or its surname alone) stands in the text."""

    start: int
    end: int
    surname_only: bool


def _tokens(text: str) -> list[str]:
    """Folded words and punctuation; a capitalised word that is no function or cue word becomes "^cap", so the
    model learns the shape "a name stands here", never a particular name from its training reviews."""
    out = []
    for token in _WORD.findall(text):
        if not token[0].isalnum():
            out.append(token)
            continue
        folded = fold(token)
        generic = folded in folded_words("words", "function") or folded in word_classes()
        out.append(folded if token[0].islower() or token[0].isdigit() or generic else "^cap")
    return out


def _word_at(text: str, start: int, end: int) -> bool:
    """Tell whether text[start:end] stands as whole words (no letter or digit glued to either side)."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before == "_" or after.isalnum() or after == "_")


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    """Every whole-word place of `needle` in `text` (plain search: a pattern per name would cost a compile)."""
    found, at = [], text.find(needle)
    while at >= 0 and needle:
        if _word_at(text, at, at + len(needle)):
            found.append((at, at + len(needle)))
        at = text.find(needle, at + 1)
    return found


def occurrences(document: Document, name: str, surname_ok: bool) -> list[Occurrence]:
    """Return every place the document writes `name`, and its surname alone when that is unambiguous.

    A surname right after a capitalised word or an initial belongs to another name ("Bo Vale" is not "Ann Vale").
    """
    text = document.text
    found = [Occurrence(a, b, False) for a, b in find_all(text, name)]
    parts = name.split()
    if surname_ok and len(parts) > 1 and len(parts[-1]) >= 3:
        taken = [(o.start, o.end) for o in found]
        for a, b in find_all(text, parts[-1]):
            if any(x <= a < y for x, y in taken) or _NAME_BEFORE.search(text, max(0, a - 30), a):
                continue
            found.append(Occurrence(a, b, True))
    return sorted(found, key=lambda o: o.start)


_NAME_BEFORE = re.compile(r"[A-Z][\w'’-]*\.? $")


@per_document
def _words(document: Document) -> frozenset[str]:
    """Every word of the document as written (to tell a name's word that the text also writes in lower case)."""
    return frozenset(re.findall(r"[\w'’-]+", document.text))


def features(
    document: Document, name: str, places: Iterable[Occurrence], titles: TitleIndex, people: PeopleIndex
) -> set[str]:
    """Return the binary features of one named person: the words around each mention, and the name's shape."""
    text = document.text
    found: set[str] = {f"lang:{document.language}"}
    tokens = name.split()
    found.add(f"ntok:{min(len(tokens), 3)}")
    first, last = fold(tokens[0]), fold(tokens[-1])
    if first.rstrip(".") in _titles():
        found.add("titled")
    found.update({f"F3:{first[-3:]}", f"F2:{first[-2:]}", f"L3:{last[-3:]}", f"FP2:{first[:2]}"})
    if fold(name) in titles.folds:
        found.add("is_title")
    if any(t[:1].islower() for t in tokens):
        found.add("has_lower_word")
    if any(t.lower() in _words(document) for t in tokens if len(t) > 2):
        found.add("word_lower_elsewhere")
    places = list(places)
    count = sum(1 for p in places if not p.surname_only)
    found.add(f"count:{min(count, 4)}")
    if any(p.surname_only for p in places):
        found.add("surname_alone")
    if len(tokens) > 1 and len(tokens[0]) > 2 and len(find_all(text, tokens[0])) > count:
        found.add("first_name_alone")  # reviews call characters by their first name, actors by their surname
    for place in places:
        tag = "s" if place.surname_only else "f"
        sentence = sentence_at(document, place.start)
        s_start = sentence.start if sentence else max(0, place.start - 200)
        s_end = sentence.end if sentence else place.end + 200
        left = _tokens(text[s_start : place.start])[-WINDOW:]
        right = _tokens(text[place.end : s_end])[:WINDOW]
        if not left:
            found.add("sentence_start")
        for i, word in enumerate(reversed(left), 1):
            found.add(f"L{i}:{word}")
            found.add(f"L:{word}")
        for i, word in enumerate(right, 1):
            found.add(f"R{i}:{word}")
            found.add(f"R:{word}")
        if left and right:
            found.add(f"LR:{left[-1]}_{right[0]}")
        sentence_words = [w for w in _tokens(text[s_start:s_end]) if w[0].isalnum()]
        for word in sentence_words:
            if len(word) > 2:
                found.add(f"S:{word}")
        classes = word_classes()
        for where, window in (("L", left), ("R", right), ("S", sentence_words)):
            for word in window:
                for cls in classes.get(word, ()):
                    found.add(f"C:{cls}:{where}")
        found.add(f"tag:{tag}")
        if _AFTER_OPEN_BRACKET.search(text, max(0, place.start - 40), place.start):
            found.add("bracketed_after_name")  # "Jo Vale (Ann Lee": the actor of a character
        if _BEFORE_BRACKETED_NAME.match(text, place.end):
            found.add("before_bracketed_name")  # "Jo Vale (Ann Lee)": a character, most often
        for kind, spans in (("actor", people.actors), ("crew", people.crew), ("named", people.named)):
            for a, b in spans:
                if (a, b) == (place.start, place.end):
                    continue
                gap = text[b : place.start] if b <= place.start else text[place.end : a]
                if len(gap) <= 6 and _LIST_GAP.fullmatch(gap):
                    found.add(f"listed_with:{kind}")
        if sentence is not None and sentence.index == 0:
            found.add("first_sentence")
        if sentence is not None:
            for kind, spans in (("subject", titles.subject), ("other", titles.others)):
                inside = [sp for sp in spans if sentence.start <= sp.start < sentence.end]
                if inside:
                    found.add(f"{kind}_in_sentence")
                if any(0 <= sp.start - place.end <= 6 for sp in inside):
                    between = _tokens(text[place.end : place.end + 6])
                    found.add(f"{kind}_right_after:{between[0] if between else ''}")
    return found


@cache
def word_classes() -> dict[str, frozenset[str]]:
    """Folded word -> the linker classes it belongs to, over every language's [linker] section."""
    classes: dict[str, set[str]] = {}
    for language in available_languages():
        for cls, members in lexicon(language).section("linker").items():
            for word in members:
                classes.setdefault(fold(word), set()).add(cls)
    return {word: frozenset(found) for word, found in classes.items()}


@dataclass(frozen=True)
class TitleIndex:
    """The title spans the context found: the subject film's and the other films', and every folded title."""

    subject: tuple[TitleSpan, ...]
    others: tuple[TitleSpan, ...]
    folds: frozenset[str]


@dataclass(frozen=True)
class PeopleIndex:
    """Where the document names people: actors and crew the patterns found, and the people it only names."""

    actors: tuple[tuple[int, int], ...]
    crew: tuple[tuple[int, int], ...]
    named: tuple[tuple[int, int], ...]


_AFTER_OPEN_BRACKET = re.compile(r"[A-Z][\w'’.-]*\s?\(\s?$")
_BEFORE_BRACKETED_NAME = re.compile(r",?\s?\(\s?[A-Z]")


@cache
def _titles() -> frozenset[str]:
    """Honorifics and ranks that open a character's name ("Dr.", "Colonel") in any language."""
    found: set[str] = set()
    for language in available_languages():
        found |= {fold(w) for w in lexicon(language).section("words").get("honorifics", [])}
        found |= {fold(w) for w in lexicon(language).section("cast").get("character_titles", [])}
    return frozenset(found)


_LIST_GAP = re.compile(r"\s?(?:,|&|/|;)\s?|,?\s(?:and|y|e|et)\s")


@dataclass(frozen=True)
class Model:
    """Weights of a logistic model over binary features, and the score above which a person is cast."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, feats: Iterable[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def load_model(path: Path = MODEL_PATH) -> Model | None:
    """Load the shipped model once per process; None when no model file is installed."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model(dict(data["weights"]), float(data["bias"]), float(data["threshold"]))


@dataclass(frozen=True)
class Candidate:
    """A person the review names with no stated role, and where the name stands."""

    name: str
    places: tuple[Occurrence, ...]
    feats: frozenset[str]


@per_document
def candidates(document: Document) -> tuple[Candidate, ...]:
    """Return the people of people.py with their mentions and features (what the model reads)."""
    from .cast import find_roles
    from .credits import find_credits
    from .people import find_people  # people.py imports cast.py; the linker sits after both

    ctx = context(document)
    titles = TitleIndex(ctx.titles, ctx.others, ctx.subject_folds() | frozenset(fold(s.text) for s in ctx.others))
    named = find_people(document)
    people = PeopleIndex(
        _spans(document, {r.actor for r in find_roles(document)}),
        _spans(document, {c.name for c in find_credits(document)}),
        tuple((n.start, n.end) for n in named),
    )
    names = sorted({n.name for n in named})
    surnames = [n.split()[-1] for n in names if len(n.split()) > 1]
    out = []
    for name in names:
        unique_surname = surnames.count(name.split()[-1]) == 1
        places = tuple(occurrences(document, name, unique_surname))
        if places:
            out.append(Candidate(name, places, frozenset(features(document, name, places, titles, people))))
    return tuple(out)


def _spans(document: Document, names: set[str]) -> tuple[tuple[int, int], ...]:
    return tuple(span for name in sorted(names) for span in find_all(document.text, name))


def other_film_roles(document: Document, candidate: Candidate) -> list[tuple[TitleSpan, Occurrence]]:
    """Return the other films a person is put in by the words right after the name: "X in A", "X for A", "X (A)"."""
    ctx = context(document)
    found = []
    for place in candidate.places:
        if place.surname_only:
            continue
        for span in ctx.others:
            if 0 < span.start - place.end <= 8 and _IN_FILM.fullmatch(document.text[place.end : span.start]):
                found.append((span, place))
    return found


_IN_FILM = re.compile(r"(?i:,?\s(?:in|for|from|en|dans|de|por|pour)\s(?:the\s)?|\s?\(|\s?,\s)[\"“'‘«]?")


@extractor(NAME, emits={"castMember"})
def extract_linked_cast(document: Document) -> Iterator[Claim]:
    """Yield a castMember claim of the subject film for each named person the model scores as cast, and of
    another film for a person the text puts in it ("Ann Lee in Dark Harbor")."""
    model = load_model()
    if model is None:
        return
    film = context(document).film
    for candidate in candidates(document):
        for span, place in other_film_roles(document, candidate):
            other = Mention(Kind.FILM, span.text, document.doc_id, document.language)
            found = evidence(document, place.start, span.end, NAME, 0.6)
            if found is not None:
                yield Claim(other, "castMember", Mention(Kind.PERSON, candidate.name, document.doc_id), found)
        p = model.probability(candidate.feats)
        if p < model.threshold:
            continue
        first = next((o for o in candidate.places if not o.surname_only), candidate.places[0])
        found = evidence(document, first.start, first.end, NAME, round(min(0.9, p), 2))
        if found is None:
            continue
        yield Claim(film, "castMember", Mention(Kind.PERSON, candidate.name, document.doc_id), found)
