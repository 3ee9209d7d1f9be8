"""A label index for the search box, built once per process from the store: any label, any case, any accents.

Every label (rdfs:label, skos:prefLabel, skos:altLabel, fk:title, schema:name) is folded to lower-case ASCII
words; a query matches an entity when each of its words starts some word of the entity's labels. Words are kept
sorted, so each query word is a binary search plus a walk over the words it prefixes, not a scan of the store.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox
from unidecode import unidecode

from .describe import ASSERTION, DEFAULT, LABEL_PREDICATES, OWNED_CLASSES, TYPE, pick_label

_WORD = re.compile(r"[a-z0-9]+")
MENTION_COUNT = ox.NamedNode("https://filmkg.org/ontology#mentionCount")


def fold(text: str) -> list[str]:
    """Return the words of `text` in lower-case ASCII.

    >>> fold("Las grúas están volando")
    ['las', 'gruas', 'estan', 'volando']
    >>> fold("SAMOÏLOVA")
    ['samoilova']
    """
    return _WORD.findall(unidecode(text).casefold())


@dataclass
class Entry:
    """One searchable entity."""

    iri: str
    labels: list[ox.Literal] = field(default_factory=list)
    types: set[str] = field(default_factory=set)
    mentions: int = 0


@dataclass(frozen=True)
class Hit:
    """A search result: the entity and the label that matched."""

    entry: Entry
    matched: str


class LabelIndex:
    """Folded label words -> entities, for entities under one IRI prefix."""

    def __init__(self, store: ox.Store, prefix: str) -> None:
        entries: dict[str, Entry] = {}
        for predicate in LABEL_PREDICATES:
            for quad in store.quads_for_pattern(None, predicate, None, DEFAULT):
                subject, obj = quad.subject, quad.object
                if (
                    isinstance(subject, ox.NamedNode)
                    and subject.value.startswith(prefix)
                    and isinstance(obj, ox.Literal)
                ):
                    entry = entries.setdefault(subject.value, Entry(subject.value))
                    if obj not in entry.labels:
                        entry.labels.append(obj)
        for quad in store.quads_for_pattern(None, TYPE, None, DEFAULT):
            entry = entries.get(quad.subject.value) if isinstance(quad.subject, ox.NamedNode) else None
            if entry is not None:
                entry.types.add(quad.object.value)
        for quad in store.quads_for_pattern(None, MENTION_COUNT, None, DEFAULT):
            entry = entries.get(quad.subject.value) if isinstance(quad.subject, ox.NamedNode) else None
            if entry is not None and quad.object.value.isdigit():
                entry.mentions = int(quad.object.value)
        hidden = OWNED_CLASSES | {ASSERTION.value}  # shown on their owners' pages, not on their own
        self.entries = {iri: e for iri, e in entries.items() if not (e.types & hidden)}
        postings: dict[str, set[str]] = {}
        for entry in self.entries.values():
            for literal in entry.labels:
                for word in fold(literal.value):
                    postings.setdefault(word, set()).add(entry.iri)
        self.words = sorted(postings)
        self.postings = postings

    def _prefixed(self, word: str) -> set[str]:
        found: set[str] = set()
        start = bisect.bisect_left(self.words, word)
        for candidate in self.words[start:]:
            if not candidate.startswith(word):
                break
            found |= self.postings[candidate]
        return found

    def search(self, query: str, languages: Sequence[str] = ()) -> list[Hit]:
        """Return the entities whose labels hold every word of `query` (as a word prefix), best first."""
        words = fold(query)
        if not words:
            return []
        matches: set[str] | None = None
        for word in sorted(set(words), key=len, reverse=True):
            found = self._prefixed(word)
            matches = found if matches is None else matches & found
            if not matches:
                return []
        wanted = " ".join(words)
        hits: list[tuple[tuple[int, int, str], Hit]] = []
        for iri in matches or ():
            entry = self.entries[iri]
            best_rank, matched = 3, ""
            for literal in entry.labels:
                folded = " ".join(fold(literal.value))
                rank = 0 if folded == wanted else 1 if folded.startswith(wanted) else 2 if wanted in folded else 3
                if rank < best_rank or not matched:
                    best_rank, matched = min(rank, best_rank), literal.value
            shown = pick_label(entry.labels, languages)
            hits.append(((best_rank, -entry.mentions, shown.value.lower() if shown else iri), Hit(entry, matched)))
        return [hit for _key, hit in sorted(hits, key=lambda pair: pair[0])]

    def label(self, iri: str, languages: Sequence[str]) -> str | None:
        """Return an indexed entity's label in the reader's language."""
        entry = self.entries.get(iri)
        picked = pick_label(entry.labels, languages) if entry else None
        return picked.value if picked is not None else None
