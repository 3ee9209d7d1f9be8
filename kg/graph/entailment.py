"""Materialise the ontology's schema.org alignment, so schema.org queries need no reasoner.

For every triple with an fk: predicate or class, the build also writes each super-property and
super-class (transitively), as read from ontology/film.ttl.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

import pyoxigraph as ox

from ..vocab import ONTOLOGY_FILE, RDFS


def _closure(direct: dict[str, set[str]]) -> dict[str, tuple[str, ...]]:
    closed: dict[str, tuple[str, ...]] = {}
    for term in direct:
        seen: set[str] = set()
        stack = list(direct[term])
        while stack:
            parent = stack.pop()
            if parent not in seen:
                seen.add(parent)
                stack.extend(direct.get(parent, ()))
        closed[term] = tuple(sorted(seen))
    return closed


@lru_cache(maxsize=1)
def hierarchy() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Return (super-properties, super-classes) of every ontology term, transitively closed."""
    properties: dict[str, set[str]] = defaultdict(set)
    classes: dict[str, set[str]] = defaultdict(set)
    with ONTOLOGY_FILE.open("rb") as handle:
        for triple in ox.parse(handle, ox.RdfFormat.TURTLE):
            if not isinstance(triple.subject, ox.NamedNode) or not isinstance(triple.object, ox.NamedNode):
                continue
            if triple.predicate.value == str(RDFS.subPropertyOf):
                properties[triple.subject.value].add(triple.object.value)
            elif triple.predicate.value == str(RDFS.subClassOf):
                classes[triple.subject.value].add(triple.object.value)
    return _closure(properties), _closure(classes)


def super_properties(predicate: str) -> tuple[str, ...]:
    """Return every property `predicate` is a sub-property of."""
    return hierarchy()[0].get(predicate, ())


def super_classes(cls: str) -> tuple[str, ...]:
    """Return every class `cls` is a subclass of."""
    return hierarchy()[1].get(cls, ())
