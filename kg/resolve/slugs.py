"""Stable, readable slugs: reuse the previous build's slug for the same cluster, mint new ones only for new things.

The registry (persisted by kg/store/registry.py between builds) maps every slug ever minted to the keys
of its cluster (kind + transliteration key of each name, explicit ids) and a few of its documents. A
cluster takes the slug whose keys it shares most; when one cluster takes the keys of two old slugs,
the loser is retired into the winner (written as owl:sameAs; the web layer redirects it).
Pure: the registry comes in and goes out as a JSON-ready dict.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..iri import slugify

DOC_KEYS = 8  # documents remembered per slug, to tell apart clusters with the same names

__all__ = ["Candidate", "SlugAssigner"]


@dataclass(frozen=True)
class Candidate:
    """A cluster asking for a slug: its kind, the text to slugify, its keys and documents."""

    kind: str
    base: str
    keys: frozenset[str]
    docs: frozenset[str]
    label_key: str = ""  # the key of the label: an old slug holding it is preferred (the full name over a surname)


@dataclass
class SlugAssigner:
    """Give slugs to clusters, in phases (characters after the films that scope them).

    >>> first = SlugAssigner({})
    >>> first.assign([Candidate("person", "Ann Lee", frozenset({"person|ann lee"}), frozenset({"d1"}))])
    ['person/ann-lee']
    >>> again = SlugAssigner(first.registry())
    >>> again.assign([Candidate("person", "Anne Lee", frozenset({"person|ann lee", "person|anne lee"}),
    ...                         frozenset({"d1", "d2"}))])
    ['person/ann-lee']
    """

    previous: dict[str, Any]
    slugs: dict[str, set[str]] = field(default_factory=dict)
    docs: dict[str, list[str]] = field(default_factory=dict)
    retired: dict[str, str] = field(default_factory=dict)
    live: set[str] = field(default_factory=set)
    _index: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def __post_init__(self) -> None:
        for slug, entry in sorted(self.previous.get("slugs", {}).items()):
            self.slugs[slug] = set(entry.get("keys", ()))
            self.docs[slug] = list(entry.get("docs", ()))
            for key in self.slugs[slug]:
                self._index[key].add(slug)
        self.retired = dict(self.previous.get("retired", {}))

    def assign(self, candidates: list[Candidate]) -> list[str]:
        """Return one slug per candidate, in order: an old one when the keys match, else a new one."""
        chosen: list[str | None] = [None] * len(candidates)
        pairs = []
        for n, cand in enumerate(candidates):
            overlap = Counter(slug for key in cand.keys for slug in self._index.get(key, ()) if self._free(slug))
            for slug, shared in overlap.items():
                label = cand.label_key in self.slugs.get(slug, ())
                pairs.append((not label, -shared, -len(cand.docs & set(self.docs.get(slug, ()))), slug, n))
        pairs.sort()
        handled: set[str] = set()
        for _label, _shared, _docs, slug, n in pairs:  # best matches first; each old slug goes to one cluster
            if slug not in handled and chosen[n] is None:
                chosen[n] = slug
                handled.add(slug)
        for _label, _shared, _docs, slug, n in pairs:  # old slugs whose cluster merged into another: retire them
            if slug not in handled:
                handled.add(slug)
                self.retired[slug] = chosen[n]  # type: ignore[assignment]
        taken = set(self.slugs) | set(self.retired)
        for n, cand in enumerate(candidates):
            if chosen[n] is None:
                base = f"{cand.kind}/{slugify(cand.base)}"
                slug, suffix = base, 2
                while slug in taken:  # two different things with the same name: both kept, numbered
                    slug, suffix = f"{base}-{suffix}", suffix + 1
                chosen[n] = slug
                taken.add(slug)
        for cand, slug in zip(candidates, chosen, strict=True):
            assert slug is not None
            self.live.add(slug)
            self.slugs.setdefault(slug, set()).update(cand.keys)
            self.docs[slug] = sorted(cand.docs)[:DOC_KEYS]
            for key in cand.keys:
                self._index[key].add(slug)
        for old, new in list(self.retired.items()):
            if old in self.slugs and new is not None:
                self.slugs[self._final(new)].update(self.slugs.pop(old))
                self.docs.pop(old, None)
        return [slug for slug in chosen if slug is not None]

    def _free(self, slug: str) -> bool:
        return slug not in self.live and slug not in self.retired

    def _final(self, slug: str) -> str:
        seen = set()
        while slug in self.retired and slug not in seen:
            seen.add(slug)
            slug = self.retired[slug]
        return slug

    def retired_pairs(self) -> tuple[tuple[str, str], ...]:
        """Return (retired slug, live slug) for every retired slug whose survivor is in this build."""
        pairs = ((old, self._final(old)) for old in self.retired)
        return tuple(sorted((old, new) for old, new in pairs if new in self.live))

    def registry(self) -> dict[str, Any]:
        """Return the registry to persist: every slug with its keys and documents, and the retired ones."""
        return {
            "version": 1,
            "slugs": {s: {"keys": sorted(self.slugs[s]), "docs": self.docs.get(s, [])} for s in sorted(self.slugs)},
            "retired": {old: self._final(old) for old in sorted(self.retired)},
        }
