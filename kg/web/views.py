"""Turn a `Description` into what the HTML templates show: labelled values, sections, sources, pages of rows.

Sections are picked from the ontology, never from names in the data: crew rows are the film's properties whose
range is fk:Person, cast rows its fk:Performance nodes, awards its award records, and so on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import request

from ..vocab import FK_NS, ONTOLOGY_IRI, SCHEMA
from .describe import (
    ALT_LABEL,
    ASSERTION,
    LABEL_PREDICATES,
    OWNED_CLASSES,
    TYPE,
    Description,
    Source,
    pick_label,
)
from .ontology import Ontology, compact

FK = FK_NS
PERSON = FK + "Person"
FILM = FK + "Film"
AWARD_RECORD_CLASSES = {FK + "AwardRecord", FK + "AwardWin", FK + "AwardNomination"}
SNIPPET = 280


@dataclass
class Value:
    """A term ready to show: link target, text, language, datatype."""

    text: str
    href: str | None = None
    lang: str = ""
    datatype: str = ""
    external: bool = False


@dataclass
class Page:
    """One page of a long list."""

    items: list[Any]
    number: int
    pages: int
    total: int
    param: str

    def url(self, number: int) -> str:
        """Return this URL with the list turned to page `number`."""
        args = {k: v for k, v in request.args.items() if k != self.param}
        if number > 1:
            args[self.param] = str(number)
        query = urlencode(args)
        return request.path + (f"?{query}" if query else "")


@dataclass
class Fact:
    """One row of the facts table: a property and a page of its values, each with its sources."""

    predicate: Value
    comment: str
    aligned: list[Value]
    values: Page  # of (Value, sources) pairs


def list_param(predicate: str) -> str:
    """Name the query argument that turns the pages of one property's values.

    >>> list_param("https://filmkg.org/ontology#director")
    'fk.director'
    >>> list_param("http://example.org/p?x")
    'p-18db1f01'
    """
    short = compact(predicate)
    prefix, _colon, local = short.partition(":")
    if short != predicate and local.isidentifier():
        return f"{prefix}.{local}"
    return "p-" + hashlib.sha1(predicate.encode("utf-8")).hexdigest()[:8]


def paginate(items: Sequence[Any], param: str, size: int) -> Page:
    """Cut `items` to the page the `param` query argument asks for (1-based)."""
    pages = max(1, -(-len(items) // size))
    try:
        number = min(max(1, int(request.args.get(param, "1"))), pages)
    except ValueError:
        number = 1
    return Page(list(items[(number - 1) * size : number * size]), number, pages, len(items), param)


@dataclass
class Linker:
    """Labels and links for IRIs, in the reader's languages."""

    base: str
    ontology: Ontology
    languages: list[str]
    lookup: Callable[[str], list[ox.Literal]]  # labels of an IRI the description does not hold
    description: Description | None = None
    _labels: dict[str, Value] = field(default_factory=dict)

    def href(self, iri: str) -> tuple[str | None, bool]:
        """Return the local path for IRIs we serve, else the IRI itself (external)."""
        if iri.startswith(self.base + "resource/"):
            return "/" + iri[len(self.base) :], False
        if iri == ONTOLOGY_IRI:
            return "/ontology", False
        if iri.startswith(FK) and iri in self.ontology.terms:
            return f"/ontology/{iri[len(FK) :]}", False
        if iri.startswith(str(SCHEMA)):
            return "https://schema.org/" + iri[len(str(SCHEMA)) :], True
        if iri.startswith("http://www.wikidata.org/prop/direct/"):
            return "https://www.wikidata.org/wiki/Property:" + iri.rsplit("/", 1)[-1], True
        return (iri, True) if iri.startswith(("http://", "https://")) else (None, True)

    def labels_of(self, iri: str) -> list[ox.Literal]:
        """Return the labels of `iri`, best first."""
        if self.description is not None and iri in self.description.labels:
            return self.description.labels[iri]
        return self.lookup(iri)

    def node(self, iri: str) -> Value:
        """Return a linked, labelled value for a node IRI."""
        if iri not in self._labels:
            href, external = self.href(iri)
            if iri in self.ontology.terms or iri.startswith(FK):
                self._labels[iri] = Value(self.ontology.label(iri, self.languages), href, external=external)
            else:
                picked = pick_label(self.labels_of(iri), self.languages)
                text = picked.value if picked is not None else self._unlabelled(iri)
                lang = picked.language or "" if picked is not None else ""
                self._labels[iri] = Value(text, href, lang, external=external)
        return self._labels[iri]

    def _unlabelled(self, iri: str) -> str:
        """Name a node without labels (an award record) by its most specific class and its IRI's last segment."""
        known = self.description.types.get(iri, []) if self.description is not None else []
        classes = [c for c in known if c in self.ontology.terms]
        specific = [c for c in classes if not any(c in self.ontology.ancestors(o) for o in classes if o != c)]
        if not specific:
            return compact(iri)
        return f"{self.ontology.label(specific[0], self.languages)} {iri.rstrip('/').rsplit('/', 1)[-1][:8]}"

    def term(self, term: ox.Term) -> Value:
        """Return a showable value for any RDF term."""
        if isinstance(term, ox.NamedNode):
            return self.node(term.value)
        if isinstance(term, ox.Literal):
            datatype = "" if term.language else compact(term.datatype.value)
            return Value(term.value, lang=term.language or "", datatype="" if datatype == "xsd:string" else datatype)
        return Value(str(term))

    def predicate(self, iri: str) -> Value:
        """Return a property's human label, linked to its ontology page."""
        href, external = self.href(iri)
        return Value(self.ontology.label(iri, self.languages), href, external=external)


def _hidden_duplicates(triples: Sequence[ox.Triple], ontology: Ontology) -> set[ox.Triple]:
    """Return materialised schema.org triples restating a finer fk: triple (same subject and object)."""
    by_pair: dict[tuple[str, str], set[str]] = {}
    for t in triples:
        by_pair.setdefault((str(t.subject), str(t.object)), set()).add(t.predicate.value)
    types_by_subject: dict[str, set[str]] = {}
    for t in triples:
        if t.predicate == TYPE:
            types_by_subject.setdefault(str(t.subject), set()).add(t.object.value)
    hidden: set[ox.Triple] = set()
    for t in triples:
        if t.predicate == TYPE:
            others = types_by_subject[str(t.subject)] - {t.object.value}
            if any(t.object.value in ontology.ancestors(o) for o in others):
                hidden.add(t)
            continue
        others = by_pair[(str(t.subject), str(t.object))] - {t.predicate.value}
        if any(t.predicate.value in ontology.ancestors(o) for o in others):
            hidden.add(t)
    return hidden


def facts(description: Description, linker: Linker, ontology: Ontology, size: int) -> list[Fact]:
    """Return every property of the entity (label properties and materialised duplicates aside), with sources;
    each property's values a page of `size` at a time."""
    hidden = _hidden_duplicates(description.own, ontology)
    grouped: dict[str, list[ox.Triple]] = {}
    for triple in description.own:
        if triple in hidden or triple.predicate in LABEL_PREDICATES or triple.predicate == TYPE:
            continue
        grouped.setdefault(triple.predicate.value, []).append(triple)
    rows = []
    for predicate, triples in grouped.items():
        term = ontology.terms.get(predicate)
        comment = pick_label(term.comments, linker.languages) if term else None
        aligned = [linker.node(p) for p in (term.parents + term.equivalents if term else [])]
        values = [(linker.term(t.object), description.sources_of(t.subject, t.predicate, t.object)) for t in triples]
        values.sort(key=lambda pair: pair[0].text.lower())
        page = paginate(values, list_param(predicate), size)
        rows.append(Fact(linker.predicate(predicate), comment.value if comment else "", aligned, page))
    rows.sort(key=lambda row: (row.predicate.href is None, row.predicate.text.lower()))
    return rows


def names(description: Description) -> list[Value]:
    """Return every name of the entity (labels, titles, alternative names), each once per language."""
    seen: set[tuple[str, str]] = set()
    result = []
    for literal in description.labels.get(description.iri, []):
        key = (literal.value, literal.language or "")
        if key not in seen:
            seen.add(key)
            result.append(Value(literal.value, lang=literal.language or ""))
    for triple in description.own:
        if triple.predicate == ALT_LABEL and isinstance(triple.object, ox.Literal):
            key = (triple.object.value, triple.object.language or "")
            if key not in seen:
                seen.add(key)
                result.append(Value(triple.object.value, lang=triple.object.language or ""))
    return result


def types(description: Description, linker: Linker, ontology: Ontology) -> list[Value]:
    """Return the entity's most specific classes (materialised super-classes left out)."""
    hidden = _hidden_duplicates(description.own, ontology)
    return [linker.node(t.object.value) for t in description.own if t.predicate == TYPE and t not in hidden]


def referenced_by(description: Description, linker: Linker, ontology: Ontology) -> list[dict[str, Any]]:
    """Return incoming links (assertions and the entity's own n-ary nodes aside), with their sources."""
    hidden = _hidden_duplicates(description.incoming, ontology)
    rows = []
    for triple in description.incoming:
        subject = triple.subject.value
        if triple in hidden or subject in description.owned or ASSERTION.value in description.types.get(subject, []):
            continue
        rows.append(
            {
                "subject": linker.node(subject),
                "predicate": linker.predicate(triple.predicate.value),
                "sources": description.sources_of(triple.subject, triple.predicate, triple.object),
            }
        )
    rows.sort(key=lambda row: (row["predicate"].text.lower(), row["subject"].text.lower()))
    return rows


def _objects(description: Description, node: str, predicate: str) -> list[ox.Term]:
    return description.values(predicate, node)


def _first(description: Description, node: str, predicate: str) -> ox.Term | None:
    found = _objects(description, node, predicate)
    return found[0] if found else None


def _award_row(description: Description, linker: Linker, node: str, owner: str) -> dict[str, Any]:
    def show(predicate: str) -> Value | None:
        value = _first(description, node, FK + predicate)
        return linker.term(value) if value is not None else None

    award = _first(description, node, FK + "award")
    outcome = _first(description, node, FK + "outcome")
    won = outcome is not None and outcome.value == "won"
    sources: list[Source] = []
    if award is not None:
        predicate = ox.NamedNode(FK + ("awardReceived" if won else "nominatedFor"))
        sources = description.sources_of(ox.NamedNode(owner), predicate, award)
    return {
        "node": linker.node(node),
        "award": linker.term(award) if award is not None else None,
        "outcome": outcome.value if outcome is not None else "",
        "event": show("awardEvent"),
        "year": show("year"),
        "category": show("category"),
        "for_work": show("forWork"),
        "recipient": show("recipient"),
        "sources": sources,
    }


def awards(description: Description, linker: Linker) -> list[dict[str, Any]]:
    """Return the entity's award records (wins and nominations) with event and year."""
    rows = []
    records = [
        n
        for n, ts in description.owned.items()
        if {str(t.object) for t in ts if t.predicate == TYPE} & {f"<{c}>" for c in AWARD_RECORD_CLASSES}
    ]
    for triple in description.incoming:  # records owned by someone else that name this entity as recipient
        if triple.predicate.value == FK + "recipient" and triple.subject.value not in description.owned:
            records.append(triple.subject.value)
    covered = set()
    for node in sorted(set(records)):
        row = _award_row(description, linker, node, description.iri)
        covered.add(row["award"].href if row["award"] else None)
        rows.append(row)
    for predicate, outcome in (("awardReceived", "won"), ("nominatedFor", "nominated")):
        for award in _objects(description, description.iri, FK + predicate):
            value = linker.term(award)
            if value.href not in covered:
                sources = description.sources_of(ox.NamedNode(description.iri), ox.NamedNode(FK + predicate), award)
                rows.append(
                    {
                        "node": None,
                        "award": value,
                        "outcome": outcome,
                        "event": None,
                        "year": None,
                        "category": None,
                        "for_work": None,
                        "recipient": None,
                        "sources": sources,
                    }
                )
    rows.sort(key=lambda r: ((r["year"].text if r["year"] else ""), r["award"].text if r["award"] else ""))
    return rows


def _rating(description: Description, node: str | None) -> dict[str, str] | None:
    if node is None:
        return None
    value = _first(description, node, str(SCHEMA.ratingValue))
    if value is None:
        return None
    best = _first(description, node, str(SCHEMA.bestRating))
    count = _first(description, node, str(SCHEMA.ratingCount)) or _first(description, node, str(SCHEMA.reviewCount))
    return {
        "value": value.value,
        "best": best.value if best is not None else "",
        "count": count.value if count is not None else "",
    }


def film_sections(description: Description, linker: Linker, ontology: Ontology) -> dict[str, Any]:
    """Return the film page's cast and crew, awards, reviews, aggregate rating and where to watch."""
    film = ox.NamedNode(description.iri)
    credits: list[dict[str, Any]] = []
    performed: set[str] = set()
    for node in description.values(FK + "performance"):
        if not isinstance(node, ox.NamedNode):
            continue
        person = _first(description, node.value, FK + "performer")
        character = _first(description, node.value, FK + "character")
        character_name = _first(description, node.value, FK + "characterName")
        if person is None:
            continue
        performed.add(person.value)
        credits.append(
            {
                "person": linker.term(person),
                "role": linker.predicate(FK + "castMember"),
                "character": linker.term(character)
                if character is not None
                else (linker.term(character_name) if character_name is not None else None),
                "sources": description.sources_of(film, ox.NamedNode(FK + "castMember"), person),
            }
        )
    for triple in description.own:
        term = ontology.terms.get(triple.predicate.value)
        if term is None or PERSON not in term.range or not isinstance(triple.object, ox.NamedNode):
            continue
        if triple.predicate.value == FK + "castMember" and triple.object.value in performed:
            continue
        credits.append(
            {
                "person": linker.term(triple.object),
                "role": linker.predicate(triple.predicate.value),
                "character": None,
                "sources": description.sources_of(*triple),
            }
        )
    cast_last = FK + "castMember"
    credits.sort(key=lambda r: (r["role"].href == linker.predicate(cast_last).href, r["role"].text, r["person"].text))
    reviews = []
    for triple in description.incoming:
        if triple.predicate.value != FK + "reviewOf":
            continue
        review = triple.subject.value
        body = _first(description, review, FK + "reviewBody")
        title = _first(description, review, FK + "reviewTitle")
        rating = _first(description, review, FK + "reviewRating")
        author = _first(description, review, FK + "reviewAuthor")
        language = _first(description, review, FK + "language")
        document = _first(description, review, FK + "sourceDocument")
        text = body.value if body is not None else ""
        reviews.append(
            {
                "review": linker.node(review),
                "author": linker.term(author) if author is not None else None,
                "rating": _rating(description, rating.value if isinstance(rating, ox.NamedNode) else None),
                "language": language.value if language is not None else "",
                "title": title.value if title is not None else "",
                "snippet": text if len(text) <= SNIPPET else text[:SNIPPET].rsplit(" ", 1)[0] + " …",
                "document": linker.term(document) if document is not None else None,
            }
        )
    reviews.sort(key=lambda r: r["review"].text.lower())
    aggregate = [
        _rating(description, n.value) for n in description.values(FK + "aggregateRating") if isinstance(n, ox.NamedNode)
    ]
    watch = [
        (linker.term(n), description.sources_of(film, ox.NamedNode(FK + "availableOn"), n))
        for n in description.values(FK + "availableOn")
    ]
    return {
        "credits": credits,
        "awards": awards(description, linker),
        "reviews": reviews,
        "aggregate": [a for a in aggregate if a],
        "watch": sorted(watch, key=lambda p: p[0].text.lower()),
    }


def person_sections(description: Description, linker: Linker, ontology: Ontology) -> dict[str, Any]:
    """Return the person page's films with their roles (and characters), and awards."""
    person = ox.NamedNode(description.iri)
    rows: list[dict[str, Any]] = []
    played: set[str] = set()
    for triple in description.incoming:
        subject = triple.subject.value
        subject_types = set(description.types.get(subject, []))
        if triple.predicate.value == FK + "performer" and subject_types & OWNED_CLASSES:
            films = [
                t.subject.value
                for t in description.links
                if t.predicate.value == FK + "performance" and t.object.value == subject
            ]
            character = _first(description, subject, FK + "character") or _first(
                description, subject, FK + "characterName"
            )
            for film in films:
                played.add(film)
                rows.append(
                    {
                        "film": linker.node(film),
                        "role": linker.predicate(FK + "castMember"),
                        "character": linker.term(character) if character is not None else None,
                        "sources": description.sources_of(ox.NamedNode(film), ox.NamedNode(FK + "castMember"), person),
                    }
                )
    for triple in description.incoming:
        subject = triple.subject.value
        term = ontology.terms.get(triple.predicate.value)
        if FILM not in description.types.get(subject, []) or term is None or PERSON not in term.range:
            continue
        if triple.predicate.value == FK + "castMember" and subject in played:
            continue
        rows.append(
            {
                "film": linker.node(subject),
                "role": linker.predicate(triple.predicate.value),
                "character": None,
                "sources": description.sources_of(*triple),
            }
        )
    rows.sort(key=lambda r: (r["film"].text.lower(), r["role"].text))
    return {"films": rows, "awards": awards(description, linker)}


def highlight(text: str, sources: Sequence[Source]) -> list[tuple[str, int | None]]:
    """Cut a document's text into plain runs and runs of sentences that yielded facts (tagged by index).

    >>> s = Source("a", "d", "d", "b c", 1, 2, 5, "", "")
    >>> highlight("a b c d", [s])
    [('a ', None), ('b c', 1), (' d', None)]
    """
    spans = sorted({(s.start, s.end, s.sentence_index) for s in sources if 0 <= s.start < s.end <= len(text)})
    runs: list[tuple[str, int | None]] = []
    position = 0
    for start, end, index in spans:
        if start < position:  # overlapping sentences: keep the first
            continue
        if start > position:
            runs.append((text[position:start], None))
        runs.append((text[start:end], index))
        position = end
    if position < len(text):
        runs.append((text[position:], None))
    return runs


def label_lookup(store: ox.Store) -> Callable[[str], list[ox.Literal]]:
    """Return a function reading an IRI's labels from the store, best predicate first."""

    def lookup(iri: str) -> list[ox.Literal]:
        found: list[ox.Literal] = []
        node = ox.NamedNode(iri)
        for predicate in LABEL_PREDICATES:
            for quad in store.quads_for_pattern(node, predicate, None, ox.DefaultGraph()):
                if isinstance(quad.object, ox.Literal) and quad.object not in found:
                    found.append(quad.object)
        return found

    return lookup
