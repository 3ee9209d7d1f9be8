"""Read an answer key (../shared/eval/README.md's schema) into gold films, reviews and the name matcher.

The rules are the shared scorer's, so `kg eval` and `score.py` count alike: names are compared after `norm` (case,
accents, punctuation and a leading article ignored), through the key's aliases (a union-find that refuses to join two
different full names), else by a close spelling with the same sequel numbers. Gold facts are unioned per film across
documents; each value remembers the documents that state it, so a missed fact can be reported where it was lost.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import AnswerKeyError

CREW = ("directors", "writers", "cinematographers", "composers", "producers")
LISTED = (*CREW, "studios", "countries", "genres")  # gold keys holding a plain list of names
CLOSE = 0.92  # spelling similarity at which two names are one
_ARTICLE = re.compile(r"^(the|la|las|el|los|le|les|der|die|das) ")


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Fold a name for comparison: ASCII, lower case, words only, no leading article.

    >>> norm("  Les Grúas, están volando!")
    'gruas estan volando'
    """
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    text = _ARTICLE.sub("", text.strip())
    return re.sub(r"\s+", " ", text).strip()


def numbers(folded: str) -> list[str]:
    """Return the numbers of a folded name, Arabic or Roman (a sequel's number).

    >>> numbers("saw iii 3d"), numbers("american pie 2")
    (['iii'], ['2'])
    """
    return re.findall(r"\b(?:\d+|[ivx]{2,}|v|x)\b", folded)


class Aliases:
    """Union-find over folded names: the key's aliases make variants one name.

    A guarded union refuses to join two groups holding different full (multi-word) names, so a bare "Lee" that one
    text uses for one Lee and another text for another joins neither to the other.
    """

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.full: dict[str, set[str]] = {}  # root -> the multi-word names of its group

    def find(self, name: str) -> str:
        """Return the folded representative of `name`'s group."""
        key = norm(name)
        while self.parent.get(key, key) != key:
            key = self.parent[key]
        return key

    def union(self, a: str, b: str, guard: bool = False) -> None:
        """Join the groups of `a` and `b` (with `guard`, only if their full names are spelt alike)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        fa = self.full.get(ra, {ra} if " " in ra else set())
        fb = self.full.get(rb, {rb} if " " in rb else set())
        if guard and fa and fb and not any(_ratio(x, y) >= CLOSE for x in fa for y in fb):
            return
        self.parent[rb] = ra
        self.full[ra] = fa | fb

    def same(self, a: str, b: str) -> bool:
        """Tell whether `a` and `b` name one thing: one alias group, or close spellings with the same numbers.

        >>> Aliases().same("Annika Varlova", "Annika Varlowa"), Aliases().same("Dark Harbor II", "Dark Harbor III")
        (True, False)
        """
        if self.find(a) == self.find(b):
            return True
        na, nb = norm(a), norm(b)
        if not na or not nb or numbers(na) != numbers(nb):
            return False
        return _ratio(na, nb) >= CLOSE


@lru_cache(maxsize=65536)
def _ratio(a: str, b: str) -> float:
    """SequenceMatcher's ratio, skipped (0.0) when its cheap upper bounds are already below CLOSE."""
    if 2 * min(len(a), len(b)) < (CLOSE - 1e-9) * (len(a) + len(b)):
        return 0.0
    matcher = SequenceMatcher(None, a, b)
    return matcher.ratio() if matcher.quick_ratio() >= CLOSE else 0.0


def dedupe(values: list[Any], same: Any) -> list[Any]:
    """Keep the first of each group of values `same(a, b)` calls one."""
    kept: list[Any] = []
    for value in values:
        if not any(same(value, other) for other in kept):
            kept.append(value)
    return kept


def doc_name(path: str) -> str:
    """Return a document's file name without folders or extension: how a KG document is matched to the key.

    >>> doc_name("en/1041_9.txt")
    '1041_9'
    """
    return re.sub(r"\.[A-Za-z0-9]+$", "", str(path).replace("\\", "/").rsplit("/", 1)[-1])


Facts = dict[Any, set[str]]  # a gold value -> the documents (doc_name) that state it


@dataclass
class GoldFilm:
    """One film of the key, its facts unioned over the documents that describe it."""

    key: str
    titles: set[str] = field(default_factory=set)
    first_title: str = ""  # the title of its first document, to show
    untitled_docs: set[str] = field(default_factory=set)  # a film its text never names: matched through the review
    docs: set[str] = field(default_factory=set)
    facts: dict[str, Facts] = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))

    @property
    def name(self) -> str:
        """A readable name for reports: the title its first document gives, else that of an untitled film's document."""
        if self.first_title:
            return self.first_title
        return f"(untitled film of {', '.join(sorted(self.untitled_docs))})"

    def values(self, gold_key: str) -> list[Any]:
        """The gold values of one field, in a stable order."""
        return sorted(self.facts[gold_key], key=str)


@dataclass
class GoldReview:
    """The review a document is: its author and rating as the text gives them."""

    doc: str
    author: str | None
    rating: tuple[Any, Any] | None
    translation: bool = False  # a translation of another review (the key's "translation_of")


@dataclass
class Gold:
    """An answer key read for scoring: its films by key, its reviews, the two name matchers and the documents."""

    films: dict[str, GoldFilm]
    reviews: list[GoldReview]
    names: Aliases  # people, characters, awards
    titles: Aliases  # film titles
    declared: Aliases  # only the cross-document groups of --same
    docs: list[str]  # doc_name of every document of the split


def load_documents(path: Path, split: str | None = None) -> list[dict[str, Any]]:
    """Return the key's documents of `split` (tune, check; None or "all" for every one).

    Raises AnswerKeyError naming the file if it cannot be read or is not a list of documents.
    """
    try:
        docs = json.loads(Path(path).read_text("utf-8"))
    except FileNotFoundError:
        raise AnswerKeyError(f"{path}: no such answer key") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AnswerKeyError(f"{path}: cannot read the answer key ({exc})") from None
    except ValueError as exc:
        raise AnswerKeyError(f"{path}: not JSON ({exc})") from None
    if not isinstance(docs, list):
        raise AnswerKeyError(f"{path}: an answer key is a JSON list of documents, not a {type(docs).__name__}")
    for n, doc in enumerate(docs):
        if not isinstance(doc, dict) or not isinstance(doc.get("doc"), str) or not isinstance(doc.get("films"), list):
            raise AnswerKeyError(f'{path}: entry {n} is not a document (an object with "doc" and "films")')
        if not all(isinstance(f, dict) for f in doc["films"]):
            raise AnswerKeyError(f"{path}: entry {n} ({doc['doc']}) has a film that is not an object")
    return [d for d in docs if not split or split == "all" or d.get("split") == split]


def load_gold(path: Path, split: str | None = None, same_path: Path | None = None) -> Gold:
    """Read the key (and the optional cross-document name groups) into films, reviews and matchers."""
    docs = load_documents(path, split)
    names, titles, declared = Aliases(), Aliases(), Aliases()
    if same_path is not None:
        _declare(same_path, titles, names, declared)
    for doc in docs:
        _join_aliases(doc, names, titles)
    try:
        films = _films(docs, titles)
        reviews = [review for doc in docs for review in _reviews(doc)]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise AnswerKeyError(f"{path}: a film or review does not follow the answer key's schema ({exc!r})") from None
    return Gold(films, reviews, names, titles, declared, [doc_name(d["doc"]) for d in docs])


def _declare(path: Path, titles: Aliases, names: Aliases, declared: Aliases) -> None:
    """Join the names a --same file declares one film or person across documents."""
    try:
        groups = json.loads(Path(path).read_text("utf-8"))
        for kind, targets in (("films", (titles,)), ("people", (names, declared))):
            for group in groups.get(kind, []):
                for other in group[1:]:
                    for aliases in targets:
                        aliases.union(group[0], other)
    except FileNotFoundError:
        raise AnswerKeyError(f"{path}: no such file of name groups") from None
    except (OSError, ValueError, AttributeError, TypeError, IndexError) as exc:
        raise AnswerKeyError(
            f'{path}: not a file of name groups ({{"films": [[...]], "people": [[...]]}}: {exc})'
        ) from None


def _join_aliases(doc: dict[str, Any], names: Aliases, titles: Aliases) -> None:
    """A document's aliases join titles or names (a form that is a title and no one's name is a title); alternative
    titles join their film's title unless two films of the document share them."""
    films = doc["films"]
    film_titles = {norm(t) for f in films for t in [f.get("title") or ""] + (f.get("alt_titles") or []) if t}
    people = {
        norm(n)
        for f in films
        for n in [c.get(k) or "" for c in f.get("cast") or [] for k in ("actor", "character")]
        + [p for k in CREW for p in f.get(k) or []]
    }
    for canon, variants in (doc.get("aliases") or {}).items():
        aliases = titles if norm(canon) in film_titles and norm(canon) not in people else names
        for variant in variants:
            aliases.union(canon, variant, guard=True)
    alts = [norm(t) for f in films for t in f.get("alt_titles") or []]
    for f in films:
        for alt in f.get("alt_titles") or []:
            if f.get("title") and alts.count(norm(alt)) == 1:
                titles.union(f["title"], alt)


def _films(docs: list[dict[str, Any]], titles: Aliases) -> dict[str, GoldFilm]:
    """Union the films of every document by title (two same-titled films of one document stay apart by year)."""
    clash: set[str] = set()
    for doc in docs:
        keys = [titles.find(f["title"]) for f in doc["films"] if f.get("title")]
        clash |= {k for k in keys if keys.count(k) > 1}
    films: dict[str, GoldFilm] = {}
    for doc in docs:
        name = doc_name(doc["doc"])
        for f in doc["films"]:
            if f.get("title"):
                key = titles.find(f["title"])
                if key in clash:
                    key += "#" + str(f.get("year") or "?")
            else:
                key = "untitled:" + name
            film = films.setdefault(key, GoldFilm(key))
            film.docs.add(name)
            if f.get("title"):
                film.titles.add(f["title"])
                film.first_title = film.first_title or f["title"]
            else:
                film.untitled_docs.add(name)
            film.titles.update(f.get("alt_titles") or [])
            _add_facts(film, f, name)
    return films


def _add_facts(film: GoldFilm, f: dict[str, Any], doc: str) -> None:
    facts = film.facts
    if f.get("year"):
        facts["year"][str(f["year"])].add(doc)
    if f.get("release_date"):
        facts["release_date"][f["release_date"]].add(doc)
    if f.get("duration_minutes"):
        facts["duration"][int(f["duration_minutes"])].add(doc)
    if f.get("aggregate_rating"):
        facts["aggregate_rating"][float(f["aggregate_rating"])].add(doc)
    for key in LISTED:
        for value in f.get(key) or []:
            facts[key][value].add(doc)
    for credit in f.get("cast") or []:
        facts["cast"][credit["actor"]].add(doc)
        if credit.get("character"):
            facts["characters"][(credit["actor"], credit["character"])].add(doc)
    for award in f.get("awards") or []:
        kind = "nominations" if award.get("result") == "nominated" else "awards"
        facts[kind][(award["name"], award.get("recipient") or "")].add(doc)


def rating_number(value: Any) -> float | str:
    """A rating as compared: a number ("8", "8.0") or a grade as written ("B+")."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value).strip().upper()


def _reviews(doc: dict[str, Any]) -> list[GoldReview]:
    name = doc_name(doc["doc"])
    out = []
    for review in ([doc["review"]] if doc.get("review") else []) + (doc.get("reviews") or []):
        rating = review.get("rating")
        pair = (rating_number(rating["value"]), rating_number(rating.get("best") or 10)) if rating else None
        out.append(GoldReview(name, review.get("author"), pair, bool(review.get("translation_of"))))
    return out
