"""Count the graph's facts against the answer key, field by field, as the shared scorer does.

KG films are matched to gold films by title (the most titles in common; between same-titled gold films, by year),
an untitled gold film through the review of its document. Each field then compares, per gold film, the deduplicated
gold values with the deduplicated values of every KG film matched to it: a gold value some KG value names is a true
positive, the others are misses (false negatives), and KG values no gold value names are spurious (false positives).
Awards, nominations, review authors and ratings count hits and misses only; reviews are counted. Every miss and every
spurious value is kept, with what a report needs to say where it came from.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .gold import Gold, GoldFilm, dedupe, norm, rating_number
from .read import GraphReader, Value, alternation

# field, gold key, Wikidata property, schema.org properties: the scorer's relations between a film and a name
RELATIONS = (
    ("director", "directors", "P57", ("schema:director",)),
    ("writer", "writers", "P58", ()),
    ("cinematographer", "cinematographers", "P344", ()),
    ("composer", "composers", "P86", ("schema:musicBy",)),
    ("cast", "cast", "P161", ("schema:actor",)),
    ("producer", "producers", "P162", ("schema:producer",)),
    ("studio", "studios", "P272", ("schema:productionCompany",)),
    ("country", "countries", "P495", ("schema:countryOfOrigin",)),
    ("genre", "genres", "P136", ("schema:genre",)),
)
PEOPLE = ("directors", "writers", "cinematographers", "composers", "cast")  # gold people checked for duplicates
_DURATION = re.compile(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:\d+S)?")


@dataclass
class Miss:
    """A gold fact the graph lacks."""

    field: str
    film: GoldFilm | None  # None for a review's fact
    value: str  # as shown
    names: tuple[str, ...]  # what to look for in a document's graph to tell where it was lost
    docs: set[str]  # the documents that state it
    kg_films: tuple[str, ...] = ()  # the KG films matched to the gold film


@dataclass
class Extra:
    """A fact of the graph the key does not hold."""

    field: str
    film: str  # as shown: the gold film it was matched to, or the KG film's name
    value: str
    subject: str  # the KG node the fact is about
    node: str  # its object as the assertions write it (an IRI or a literal's value)
    prefer: str = ""  # a word the citing sentence should hold, to pick among several (a character's name)
    predicates: tuple[str, ...] = ()  # the properties the field reads, to pick the assertions of this fact


@dataclass
class Score:
    """The counts per field, the duplicates, and every miss and spurious fact behind the counts."""

    counts: dict[str, list[int]]  # field -> [tp, fp, fn]
    duplicate_films: int
    duplicate_people: int
    misses: list[Miss] = field(default_factory=list)
    extras: list[Extra] = field(default_factory=list)
    match: dict[str, str] = field(default_factory=dict)  # KG film -> gold film key

    def figures(self) -> dict[str, Any]:
        """Return the scorer's JSON: per-field tp/fp/fn with P/R/F1, duplicates, and the micro average."""
        types = {}
        total = [0, 0, 0]
        for name, (tp, fp, fn) in sorted(self.counts.items()):
            p, r, f1 = prf(tp, fp, fn)
            types[name] = {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f1}
            total = [total[0] + tp, total[1] + fp, total[2] + fn]
        p, r, f1 = prf(*total)
        return {
            "types": types,
            "duplicate_films": self.duplicate_films,
            "duplicate_people": self.duplicate_people,
            "micro": {"precision": p, "recall": r, "f1": f1},
        }


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1, rounded to 3 places (1.0 when there is nothing to count).

    >>> prf(3, 1, 2)
    (0.75, 0.6, 0.667)
    """
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 3), round(r, 3), round(f1, 3)


def score(gold: Gold, reader: GraphReader) -> Score:
    """Score the graph `reader` reads against `gold`."""
    return _Scorer(gold, reader).run()


class _Scorer:
    def __init__(self, gold: Gold, reader: GraphReader) -> None:
        self.gold, self.reader = gold, reader
        self.same = gold.names.same
        self.counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        self.misses: list[Miss] = []
        self.extras: list[Extra] = []
        self.match: dict[str, str] = {}
        self.kg_names: dict[str, set[str]] = {}

    def run(self) -> Score:
        duplicate_films = self.films()
        for name, gold_key, wikidata, schema in RELATIONS:
            self.relation(name, gold_key, self.reader.properties(wikidata, *schema))
        self.years()
        self.exact_values()
        self.characters()
        self.awards()
        self.reviews()
        return Score(dict(self.counts), duplicate_films, self.duplicate_people(), self.misses, self.extras, self.match)

    def matched(self, key: str) -> list[str]:
        """The KG films matched to gold film `key`."""
        return [f for f, k in self.match.items() if k == key]

    def miss(self, name: str, film: GoldFilm, value: str, names: tuple[str, ...], docs: set[str]) -> None:
        self.counts[name][2] += 1
        self.misses.append(Miss(name, film, value, names, docs, tuple(self.matched(film.key))))

    # films

    def films(self) -> int:
        """Match KG films to gold films; count films; return how many gold films are split over several KG films."""
        gold, reader = self.gold, self.reader
        self.kg_names = reader.film_names()
        years = reader.values("(schema:datePublished|schema:dateCreated|wdt:P577)")
        for f, titles in self.kg_names.items():
            hits = {
                key: sum(1 for t in titles if t and any(gold.titles.same(t, gt) for gt in g.titles))
                for key, g in gold.films.items()
            }
            keys = sorted((k for k, n in hits.items() if n), key=lambda k: -hits[k])
            if keys:
                ys = {v.text[:4] for v in years.get(f, ())}
                dated = next((k for k in keys if k.endswith("#?")), keys[0])
                self.match[f] = next((k for k in keys if set(gold.films[k].facts["year"]) & ys), dated)
        untitled = {key: g.untitled_docs for key, g in gold.films.items() if g.untitled_docs}
        if untitled:
            by_doc = reader.reviewed_by_doc()
            for key, docs in untitled.items():
                for doc in docs:
                    for f in by_doc.get(doc, ()):
                        self.match.setdefault(f, key)
        found = set(self.match.values())
        counts = self.counts["film"]
        counts[0] += len(found)
        counts[2] += len(gold.films) - len(found)
        for key, film in gold.films.items():
            if key not in found:
                self.misses.append(Miss("film", film, film.name, tuple(sorted(film.titles)), film.docs))
        for f, names in self.kg_names.items():
            if f not in self.match:
                counts[1] += 1
                self.extras.append(Extra("film", "", _name(names, f), f, f))
        return sum(1 for key in found if len(self.matched(key)) > 1)

    def film_name(self, f: str) -> str:
        key = self.match.get(f)
        return self.gold.films[key].name if key else _name(self.kg_names.get(f, set()), f)

    # relations and literal fields

    def relation(self, name: str, gold_key: str, properties: list[str]) -> None:
        values = self.reader.values(alternation(properties))
        for key, film in self.gold.films.items():
            got = dedupe(
                [(f, v) for f in self.matched(key) for v in values.get(f, ())],
                lambda a, b: self.same(a[1].text, b[1].text),
            )
            facts = film.facts[gold_key]
            want = dedupe(film.values(gold_key), self.same)
            counts = self.counts[name]
            for w in want:
                if any(self.same(w, v.text) for _f, v in got):
                    counts[0] += 1
                else:
                    docs = {d for value, ds in facts.items() if self.same(value, w) for d in ds}
                    self.miss(name, film, w, (w,), docs)
            for f, v in got:
                if not any(self.same(w, v.text) for w in want):
                    counts[1] += 1
                    self.extras.append(Extra(name, film.name, v.text, f, v.node, predicates=tuple(properties)))

    def years(self) -> None:
        path = alternation(self.reader.properties("P577", "schema:datePublished", "schema:dateCreated"))
        values = self.reader.values(path[:-1] + "|schema:copyrightYear)")
        for key, film in self.gold.films.items():
            got: dict[str, tuple[str, Value]] = {}
            for f in self.matched(key):
                for v in values.get(f, ()):
                    m = re.match(r"\d{4}", v.text)
                    if m:
                        got.setdefault(m.group(0), (f, v))
            want = film.facts["year"]
            counts = self.counts["year"]
            for year, docs in sorted(want.items()):
                if year in got:
                    counts[0] += 1
                else:
                    self.miss("year", film, year, (year,), docs)
            if want:
                for year, (f, v) in sorted(got.items()):
                    if year not in want:
                        counts[1] += 1
                        self.extras.append(Extra("year", film.name, year, f, v.node))

    def exact_values(self) -> None:
        """Release dates, durations (ISO 8601, in minutes) and aggregate ratings: hits and misses only."""
        dates = self.reader.values(
            alternation(self.reader.properties("P577", "schema:datePublished", "schema:dateCreated"))
        )
        durations = self.reader.values("schema:duration")
        ratings = self.reader.values("schema:aggregateRating/schema:ratingValue")
        for key, film in self.gold.films.items():
            kfilms = self.matched(key)
            got_dates = {v.text[:10] for f in kfilms for v in dates.get(f, ())}
            got_minutes = {_minutes(v.text) for f in kfilms for v in durations.get(f, ())} - {None}
            got_ratings = {_round(v.text) for f in kfilms for v in ratings.get(f, ())} - {None}
            for name, gold_key, got, fold in (
                ("release_date", "release_date", got_dates, str),
                ("duration", "duration", got_minutes, int),
                ("aggregate_rating", "aggregate_rating", got_ratings, lambda x: round(float(x), 2)),
            ):
                for value, docs in sorted(film.facts[gold_key].items()):
                    if fold(value) in got:
                        self.counts[name][0] += 1
                    else:
                        self.miss(name, film, str(value), (str(value),), docs)

    # characters and awards

    def characters(self) -> None:
        found = self.reader.characters()

        def same_pair(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
            return self.same(a[0], b[0]) and self.same(a[1], b[1])

        for key, film in self.gold.films.items():
            got = dedupe([(a, c, p, f) for f in self.matched(key) for a, c, p in found.get(f, ())], same_pair)
            facts = film.facts["characters"]
            want = dedupe(film.values("characters"), same_pair)
            counts = self.counts["character"]
            for actor, character in want:
                if any(same_pair((actor, character), g) for g in got):
                    counts[0] += 1
                else:
                    docs = {d for pair, ds in facts.items() if same_pair(pair, (actor, character)) for d in ds}
                    self.miss("character", film, f"{actor} as {character}", (character,), docs)
            for actor, character, person, f in got:
                if not any(same_pair(w, (actor, character)) for w in want):
                    counts[1] += 1
                    self.extras.append(Extra("character", film.name, f"{actor} as {character}", f, person, character))

    def awards(self) -> None:
        for kind, wikidata, schema in (("award", "P166", ("schema:award",)), ("nomination", "P1411", ())):
            found = self.reader.awards(alternation(self.reader.properties(wikidata, *schema)))
            for key, film in self.gold.films.items():
                kfilms = set(self.matched(key))
                for (name, recipient), docs in sorted(film.facts[kind + "s"].items()):
                    hit = any(
                        self.same(name, award) or norm(name) in norm(award)
                        for x, award, labels in found
                        if (recipient == "film" and x in kfilms)
                        or (recipient and recipient != "film" and any(self.same(recipient, lb) for lb in labels))
                        or not recipient
                    )
                    if hit:
                        self.counts[kind][0] += 1
                    else:
                        shown = f"{name} (to {'the film' if recipient == 'film' else recipient or '?'})"
                        self.miss(kind, film, shown, (name,), docs)

    # reviews and duplicates

    def reviews(self) -> None:
        rows = self.reader.reviews()
        kg_reviews = {r["r"] for r in rows}
        authors = {r["au"] for r in rows if r.get("au")}
        ratings = {(rating_number(r["v"]), rating_number(r.get("b") or 10)) for r in rows if r.get("v")}
        reviews = self.gold.reviews
        for review in reviews:
            if review.author:
                if any(self.same(review.author, a) for a in authors):
                    self.counts["review_author"][0] += 1
                else:
                    self._review_miss("review_author", review.author, review.doc)
            if review.rating:
                if review.rating in ratings:
                    self.counts["review_rating"][0] += 1
                else:
                    value, best = review.rating
                    self._review_miss("review_rating", f"{_num(value)}/{_num(best)}", review.doc, names=())
        if any(r.translation for r in reviews):
            want, got = sum(1 for r in reviews if r.translation), self.reader.translations()
            self.counts["translation"][0] += min(want, got)
            self.counts["translation"][2] += max(0, want - got)
            self.counts["translation"][1] += max(0, got - want)
        counts = self.counts["review"]
        counts[0] += min(len(kg_reviews), len(reviews))
        counts[2] += max(0, len(reviews) - len(kg_reviews))
        counts[1] += max(0, len(kg_reviews) - len(reviews))
        if counts[1] or counts[2]:  # name the documents behind the difference in counts
            docs = self.reader.review_docs()
            gold_docs = {r.doc for r in reviews}
            if counts[2]:
                for doc in sorted(gold_docs - set(docs.values())):
                    self.misses.append(Miss("review", None, "the review", (), {doc}))
            for review, doc in sorted(docs.items()):
                if counts[1] and doc not in gold_docs:
                    self.extras.append(Extra("review", "", "a review", review, review))

    def _review_miss(self, name: str, value: str, doc: str, names: tuple[str, ...] | None = None) -> None:
        self.counts[name][2] += 1
        self.misses.append(Miss(name, None, value, (value,) if names is None else names, {doc}))

    def duplicate_people(self) -> int:
        """Count the KG people beyond the first that one gold person's names label."""
        gold = self.gold
        people = self.reader.people()
        wanted = dedupe([p for g in gold.films.values() for k in PEOPLE for p in g.values(k)], self.same)

        def names(person: str, label: str) -> bool:
            # spelt alike, declared one across documents, or joined by an alias that is more than a bare surname
            if norm(person) == norm(label) or gold.declared.find(person) == gold.declared.find(label):
                return True
            if " " not in norm(label) or " " not in norm(person):
                return False
            return self.same(person, label)

        return sum(
            max(0, sum(1 for labels in people.values() if any(names(p, lb) for lb in labels)) - 1) for p in wanted
        )


def _name(names: set[str], iri: str) -> str:
    shown = sorted(n for n in names if n)
    return shown[0] if shown else iri


def _minutes(text: str) -> int | None:
    m = _DURATION.fullmatch(text.strip())
    return int(m.group(1) or 0) * 60 + int(m.group(2) or 0) if m else None


def _round(text: str) -> float | None:
    try:
        return round(float(text), 2)
    except ValueError:
        return None


def _num(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
