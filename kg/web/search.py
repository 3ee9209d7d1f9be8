"""The search box: entities by any of their labels, whatever the case and accents, answered from the label index.

The index itself (folded label words -> entities, in SQLite beside the build) is `kg.store.labels`; this module
ranks what it finds: an exact label first, then labels starting with the query, then the rest, more mentioned
entities first, each shown under its label in the reader's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..store.labels import Entry, LabelIndex, fold

__all__ = ["Hit", "Search", "fold"]


@dataclass(frozen=True)
class Hit:
    """A search result: the entity and the label that matched."""

    entry: Entry
    matched: str


def literals(entry: Entry) -> list[ox.Literal]:
    """Return an entry's labels as literals, best first."""
    return [ox.Literal(value, language=lang) if lang else ox.Literal(value) for value, lang in entry.labels]


class Search:
    """Ranked search over one build's label index."""

    def __init__(self, path: str | Path) -> None:
        self.index = LabelIndex(path)

    def search(self, query: str, languages: Sequence[str] = ()) -> list[Hit]:
        """Return the entities whose labels hold every word of `query` (as a word prefix), best first."""
        from .describe import pick_label

        words = fold(query)
        if not words:
            return []
        wanted = " ".join(words)
        hits: list[tuple[tuple[int, int, str], Hit]] = []
        for entry in self.index.matching(query):
            best_rank, matched = 3, ""
            for value, _lang in entry.labels:
                folded = " ".join(fold(value))
                rank = 0 if folded == wanted else 1 if folded.startswith(wanted) else 2 if wanted in folded else 3
                if rank < best_rank or not matched:
                    best_rank, matched = min(rank, best_rank), value
            shown = pick_label(literals(entry), languages)
            key = (best_rank, -entry.mentions, shown.value.lower() if shown else entry.iri)
            hits.append((key, Hit(entry, matched)))
        return [hit for _key, hit in sorted(hits, key=lambda pair: pair[0])]
