"""STAGE 3: claims -> Resolution. Pure and deterministic: no IO, sorted output, stable slugs.

Mentions become nodes with their names and company (context.py); rules cluster them kind by kind
(match.py): explicit keys, normalised and transliterated names, titles claimed together, one-letter
slips the texts corroborate, bare surnames unambiguous in context, films with the same director and
year or reviewed by a review and its translation, award events sharing award and recipient, and
characters within their film. Each cluster gets a label (merge.py) and a slug that survives rebuilds
(slugs.py, fed with the previous build's registry).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from ..model import Claim, Entity, Kind, Mention, Resolution
from .context import Node, build_nodes
from .film_people import film_people_rule, same_document_rule
from .match import (
    Clusters,
    character_scopes,
    director_year_rule,
    event_rule,
    is_short,
    key_rule,
    name_rule,
    short_name_rule,
    translation_rule,
    typo_rule,
)
from .merge import canonical_label, label_and_language
from .normalize import name_key, translit_key
from .slugs import Candidate, SlugAssigner

__all__ = ["resolve", "mentions_of", "canonical_label", "name_key", "translit_key"]

NAMED_KINDS = (Kind.ORGANIZATION, Kind.STREAMING_SERVICE, Kind.COUNTRY, Kind.AWARD, Kind.SOURCE_WORK)
MAX_NEAR_MISSES = 12  # per entity, for `kg explain`


def mentions_of(claims: Iterable[Claim]) -> list[Mention]:
    """Return every mention the claims use (subjects, objects, qualifiers), in first-seen order."""
    seen: dict[Mention, None] = {}
    for claim in claims:
        seen.setdefault(claim.subject, None)
        if isinstance(claim.object, Mention):
            seen.setdefault(claim.object, None)
        for _name, value in claim.qualifiers:
            if isinstance(value, Mention):
                seen.setdefault(value, None)
    return list(seen)


def resolve(claims: Iterable[Claim], registry: Mapping[str, Any] | None = None) -> Resolution:
    """Cluster the claims' mentions into entities and return them with the claims.

    `registry` is the previous build's slug registry (see slugs.py); with it, entities keep their slugs.
    """
    claim_list = sorted(set(claims), key=_claim_sort_key)
    nodes, _index = build_nodes(claim_list)
    clusters = Clusters(nodes)
    _cluster(clusters)
    return _resolution(clusters, claim_list, dict(registry or {}))


def _cluster(c: Clusters) -> None:
    by_kind: dict[Kind, list[int]] = defaultdict(list)
    for node in c.nodes:
        by_kind[node.kind].append(node.index)
    key_rule(c, range(len(c.nodes)))
    same_document_rule(c, by_kind[Kind.PERSON] + by_kind[Kind.CHARACTER])
    films = by_kind[Kind.FILM]
    name_rule(c, films)
    people = by_kind[Kind.PERSON]
    full = [i for i in people if not is_short(c.nodes[i])]
    name_rule(c, full)
    typo_rule(c, full)
    short_name_rule(c, people)
    name_rule(c, [i for i in people if is_short(c.nodes[i])], require_company=True)
    for kind in NAMED_KINDS:
        name_rule(c, by_kind[kind])
        typo_rule(c, by_kind[kind])
    typo_rule(c, films, roles={"director"})
    director_year_rule(c, films)
    translation_rule(c, by_kind[Kind.REVIEW])
    film_people_rule(c, people, films)  # once the films are whole
    events = by_kind[Kind.AWARD_EVENT]
    name_rule(c, events)
    event_rule(c, events)
    typo_rule(c, events)
    for _scope, members in sorted(character_scopes(c, by_kind[Kind.CHARACTER], films).items()):
        name_rule(c, members)
        typo_rule(c, members, scoped=True)
        short_name_rule(c, members, characters=True)


def _resolution(c: Clusters, claims: list[Claim], registry: dict[str, Any]) -> Resolution:
    names = {root: _names(c, root) for root in c.roots()}
    assigner = SlugAssigner(registry)
    slug_of: dict[int, str] = {}
    order = sorted(c.roots(), key=lambda r: (c.nodes[r].kind.value, names[r][0], r))
    plain = [r for r in order if c.nodes[r].kind is not Kind.CHARACTER]
    plain_slugs = assigner.assign([_candidate(c, r, names[r][0], "", names[r][0]) for r in plain])
    slug_of.update(zip(plain, plain_slugs, strict=True))
    characters = [r for r in order if c.nodes[r].kind is Kind.CHARACTER]
    scoped = []
    for root in characters:
        film = c.scope.get(root)
        film_root = c.find(film) if film is not None else None
        scope = slug_of[film_root] if film_root is not None else f"doc:{c.nodes[root].doc}"
        base = f"{names[root][0]} {names[film_root][0]}" if film_root is not None else names[root][0]
        scoped.append(_candidate(c, root, base, scope, names[root][0]))
    slug_of.update(zip(characters, assigner.assign(scoped), strict=True))

    entities: dict[int, Entity] = {}
    for root in c.roots():
        label, language, alt = names[root]
        members = [c.nodes[i] for i in c.members[root]]
        spans = {span for node in members for span in node.occurrences}
        entities[root] = Entity(
            kind=c.nodes[root].kind,
            slug=slug_of[root],
            label=label,
            label_language=language,
            alt_labels=alt,
            mention_count=len(spans) or len(members),
            document_count=len({node.doc for node in members}),
        )
    return Resolution(
        entities=tuple(sorted(entities.values(), key=lambda e: e.slug)),
        entity_of={node.mention: entities[c.find(node.index)] for node in c.nodes},
        claims=tuple(claims),
        retired=assigner.retired_pairs(),
        trace=_trace(c, slug_of),
        kept_apart=_kept_apart(c, slug_of),
        registry=assigner.registry(),
    )


def _names(c: Clusters, root: int) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    occurrences = []
    for i in c.members[root]:
        node = c.nodes[i]
        text, language = node.names[0]
        occurrences.append((text, language, max(1, len(node.occurrences))))
        occurrences.extend((title, lang, 1) for title, lang in node.names[1:])
    return label_and_language(occurrences)


def _candidate(c: Clusters, root: int, base: str, scope: str, label: str) -> Candidate:
    kind = c.nodes[root].kind.value
    members: list[Node] = [c.nodes[i] for i in c.members[root]]
    ids = {f"{kind}|id:{node.mention.key}" for node in members if node.mention.key}
    if c.nodes[root].kind is Kind.REVIEW:
        keys = ids or {f"{kind}|{node.doc}|{node.text_key}" for node in members}
        base = min(node.mention.key for node in members) or base
    else:
        prefix = f"{kind}|{scope}|" if scope else f"{kind}|"
        keys = ids | {prefix + key for node in members for key in node.keys}
    label_key = f"{kind}|{scope}|" if scope else f"{kind}|"
    label_key += c.nodes[root].key_of(label)
    return Candidate(kind, base, frozenset(keys), frozenset(node.doc for node in members), label_key)


def _form(c: Clusters, i: int) -> str:
    return f"«{c.text(i)}» ({c.nodes[i].doc})"


def _trace(c: Clusters, slug_of: dict[int, str]) -> tuple[tuple[str, str, str, str], ...]:
    return tuple((slug_of[c.find(s.a)], _form(c, s.b), _form(c, s.a), s.why) for s in c.merges)


def _kept_apart(c: Clusters, slug_of: dict[int, str]) -> tuple[tuple[str, str, str], ...]:
    found: dict[tuple[str, str], str] = {}

    def add(a: int, b: int, why: str) -> None:
        ra, rb = c.find(a), c.find(b)
        if ra == rb:
            return
        for x, y in ((ra, rb), (rb, ra)):
            found.setdefault((slug_of[x], slug_of[y]), f"{_form(c, a)} / {_form(c, b)}: {why}")

    for step in c.misses:
        add(step.a, step.b, step.why)
    by_key: dict[str, dict[Kind, int]] = defaultdict(dict)
    for node in c.nodes:
        by_key[node.text_key].setdefault(node.kind, node.index)
        for role, other in node.neighbours:
            if role == "q:character@castMember":
                add(node.index, other, "a character and the actor who plays them are two entities")
    for kinds in by_key.values():
        ordered = sorted(kinds.items())
        for (kind_a, a), (kind_b, b) in zip(ordered, ordered[1:], strict=False):
            add(a, b, f"same name, but a {kind_a.value} and a {kind_b.value} (different kinds never merge)")
    characters: dict[str, dict[int, int]] = defaultdict(dict)  # name -> root -> first node
    for node in c.nodes:
        if node.kind is Kind.CHARACTER:
            characters[node.text_key].setdefault(c.find(node.index), node.index)
    for by_root in characters.values():
        members = list(by_root.values())[: MAX_NEAR_MISSES + 1]
        for a, b in zip(members, members[1:], strict=False):
            add(a, b, "same name, but characters of different films (or told apart in one)")
    per_slug: dict[str, int] = defaultdict(int)
    out = []
    for (a, b), why in sorted(found.items()):
        if per_slug[a] < MAX_NEAR_MISSES:
            per_slug[a] += 1
            out.append((a, b, why))
    return tuple(out)


def _claim_sort_key(claim: Claim) -> tuple[str, int, int, str, str, str]:
    evidence = claim.evidence
    return (evidence.doc_id, evidence.start, evidence.end, claim.predicate, claim.subject.text, repr(claim.object))
