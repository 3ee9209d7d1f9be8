"""STAGE 3: claims -> Resolution. Pure and deterministic: no IO, sorted output, stable slugs.

Mentions are grouped by kind and normalised name (or by the explicit key an extractor gave);
each group becomes one Entity whose slug comes from its canonical label.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from ..iri import slugify
from ..model import Claim, Entity, Kind, Mention, Resolution
from .normalize import name_key

__all__ = ["resolve", "mentions_of", "canonical_label", "name_key"]


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


def canonical_label(forms: Counter[str]) -> str:
    """Pick the label an entity is shown by: the most frequent form, then the longest, then A-Z.

    >>> canonical_label(Counter({"Kalatozov": 3, "Mikhail Kalatozov": 3}))
    'Mikhail Kalatozov'
    """
    return sorted(forms.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))[0][0]


def _group_key(mention: Mention) -> tuple[str, str]:
    return mention.kind.value, mention.key or name_key(mention.text)


def resolve(claims: Iterable[Claim]) -> Resolution:
    """Cluster the claims' mentions into entities and return them with the claims."""
    claim_list = sorted(set(claims), key=_claim_sort_key)
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for mention in mentions_of(claim_list):
        groups[_group_key(mention)].append(mention)
    entity_of: dict[Mention, Entity] = {}
    entities: dict[str, Entity] = {}
    for key in sorted(groups):
        members = groups[key]
        entity = _make_entity(members, taken=entities)
        entities[entity.slug] = entity
        for mention in members:
            entity_of[mention] = entity
    return Resolution(
        entities=tuple(entities[slug] for slug in sorted(entities)),
        entity_of=entity_of,
        claims=tuple(claim_list),
    )


def _make_entity(members: list[Mention], taken: dict[str, Entity]) -> Entity:
    kind: Kind = members[0].kind
    forms = Counter(m.text for m in members)
    label = canonical_label(forms)
    label_language = Counter(m.language for m in members if m.text == label).most_common(1)[0][0]
    base = f"{kind.value}/{slugify(members[0].key or label)}"
    slug, suffix = base, 2
    while slug in taken:  # two different things with the same name: keep both, numbered
        slug, suffix = f"{base}-{suffix}", suffix + 1
    alt = sorted({(m.text, m.language) for m in members if m.text != label})
    return Entity(
        kind=kind,
        slug=slug,
        label=label,
        label_language=label_language,
        alt_labels=tuple(alt),
        mention_count=len(members),
        document_count=len({m.doc_id for m in members}),
    )


def _claim_sort_key(claim: Claim) -> tuple[str, int, int, str, str, str]:
    evidence = claim.evidence
    return (evidence.doc_id, evidence.start, evidence.end, claim.predicate, claim.subject.text, repr(claim.object))
