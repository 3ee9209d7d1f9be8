"""What the resolver knows about each mention: its names, and the company it keeps in the claims.

A mention's names are its text plus the titles claimed for it (an "A / B" title gives two). Its
company is every mention it shares a claim with, by role ("director" of a film, "q:character" of a
cast claim), and the years stated for it. Nothing here compares mentions; match.py does that.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from ..model import Claim, Kind, Literal, Mention
from .normalize import name_key, strip_possessive, translit_key

_YEAR = re.compile(r"^(1[89]\d\d|2[01]\d\d)")
_YEAR_IN = re.compile(r"\b(1[89]\d\d|2[01]\d\d)\b")
_TITLE_SPLIT = re.compile(r"\s+/\s+")
PERSONAL = (Kind.PERSON, Kind.CHARACTER)


@dataclass
class Node:
    """One mention as the resolver sees it."""

    index: int
    mention: Mention
    names: list[tuple[str, str]] = field(default_factory=list)  # (surface form, language), text first
    title_keys: set[str] = field(default_factory=set)  # keys that came from title claims, not the text
    neighbours: list[tuple[str, int]] = field(default_factory=list)  # (role, other node)
    years: set[int] = field(default_factory=set)
    occurrences: set[tuple[str, int, int]] = field(default_factory=set)  # (doc, start, end) of claims naming it

    kind: Kind = Kind.FILM  # copied from the mention (read very often)
    doc: str = ""

    def __post_init__(self) -> None:
        self.kind, self.doc = self.mention.kind, self.mention.doc_id

    @cached_property
    def keys(self) -> list[str]:
        """The translit keys of every name, in name order, each once (names are set before first use)."""
        keys = [k for k in (self.key_of(text) for text, _ in self.names) if k]
        if self.kind is Kind.AWARD:  # "Golden Globes" / "BAFTAs": a prize named in the plural is the same prize
            keys += [k[:-1] for k in keys if len(k) > 4 and k.endswith("s") and not k.endswith("ss")]
        return list(dict.fromkeys(keys))

    def key_of(self, text: str) -> str:
        return translit_key(strip_possessive(text) if self.kind in PERSONAL else text)

    @cached_property
    def name_keys(self) -> frozenset[str]:
        return frozenset(name_key(strip_possessive(t) if self.kind in PERSONAL else t) for t, _ in self.names)

    @cached_property
    def text_key(self) -> str:
        return self.key_of(self.mention.text)

    @cached_property
    def words(self) -> tuple[str, ...]:
        return tuple(self.text_key.split())


def mention_sort_key(mention: Mention) -> tuple[str, str, str, str, str]:
    """Order mentions the same way on every run."""
    return (mention.kind.value, mention.doc_id, mention.text, mention.key, mention.language)


def build_nodes(claims: Iterable[Claim]) -> tuple[list[Node], dict[Mention, int]]:
    """Turn the claims' mentions into nodes with their names, company and years."""
    claim_list = list(claims)
    found: set[Mention] = set()
    for claim in claim_list:
        found.add(claim.subject)
        if isinstance(claim.object, Mention):
            found.add(claim.object)
        found.update(v for _, v in claim.qualifiers if isinstance(v, Mention))
    ordered = sorted(found, key=mention_sort_key)
    index = {mention: i for i, mention in enumerate(ordered)}
    nodes = [Node(i, m) for i, m in enumerate(ordered)]
    titles: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for claim in claim_list:
        _read_claim(claim, nodes, index, titles)
    for node in nodes:
        _set_names(node, titles.get(node.index, []))
    return nodes, index


def _read_claim(claim: Claim, nodes: list[Node], index: dict[Mention, int], titles: dict) -> None:  # type: ignore[type-arg]
    span = (claim.evidence.doc_id, claim.evidence.start, claim.evidence.end)
    s = index[claim.subject]
    nodes[s].occurrences.add(span)
    obj = claim.object
    o = index[obj] if isinstance(obj, Mention) else None
    if o is not None:
        nodes[o].occurrences.add(span)
        nodes[s].neighbours.append((claim.predicate, o))
        nodes[o].neighbours.append(("~" + claim.predicate, s))
    elif isinstance(obj, Literal):
        if claim.predicate == "title" and obj.value.strip():
            titles[s].append((obj.value.strip(), obj.language or claim.subject.language))
        elif claim.predicate == "releaseDate" and (match := _YEAR.match(obj.value)):
            nodes[s].years.add(int(match[1]))
    year = claim.qualifier("year")
    for name, value in claim.qualifiers:
        if not isinstance(value, Mention):
            continue
        q = index[value]
        nodes[q].occurrences.add(span)
        nodes[q].neighbours.append((f"q:{name}", s))
        nodes[s].neighbours.append((f"has:{name}", q))
        if o is not None:
            nodes[q].neighbours.append((f"q:{name}@{claim.predicate}", o))
        if name == "event" and isinstance(year, Literal) and (match := _YEAR.match(year.value)):
            nodes[q].years.add(int(match[1]))


def _set_names(node: Node, titles: list[tuple[str, str]]) -> None:
    language = node.mention.language
    names = [(node.mention.text, language)]
    if node.kind is Kind.FILM:
        parts = _TITLE_SPLIT.split(node.mention.text)
        if len(parts) > 1:  # "Original / Translated" written as one mention
            names += [(part.strip(" '\"“”‘’"), language) for part in parts if part.strip()]
        names += titles
    node.names = list(dict.fromkeys(names))
    text_keys = {node.key_of(text) for text, _ in names[:1]}
    node.title_keys = {node.key_of(text) for text, _ in node.names[1:]} - text_keys
    if node.kind is Kind.AWARD_EVENT:
        node.years |= {int(m[1]) for text, _ in node.names for m in [_YEAR_IN.search(text)] if m}
