"""Names a review only mentions, joined to the people of the film it reviews.

"Monteiro" alone in a review of a film whose cast has one Monteiro means her, wherever the full name
was written; "Vadim Yusof" in that review is its cinematographer "Vadim Yusov" misspelt. The
rules of match.py need the two mentions in one document or linked to one film; a bare mention is linked
to neither, only to its review. Here its film is the one its review reviews, and the candidates are the
people a claim ties to that film (a role, an award for it), found through a per-film index of surnames
and one-letter variants, so nothing is compared with everything.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from rapidfuzz.distance import Levenshtein

from ..model import Kind
from .match import MIN_TYPO_LENGTH, Clusters, is_short
from .normalize import name_key

SLIP_LENGTH = 6  # a one-letter slip joins a bare name only in names this long


def same_document_rule(c: Clusters, idxs: Iterable[int]) -> None:
    """Merge unkeyed mentions of one kind that one document writes the same way (told in two languages)."""
    buckets: dict[tuple[Kind, str, str], list[int]] = defaultdict(list)
    for i in idxs:
        node = c.nodes[i]
        if not node.mention.key and node.text_key:
            buckets[(node.kind, node.doc, name_key(node.mention.text))].append(i)
    for (_kind, doc, _key), members in sorted(buckets.items()):
        for i in members[1:]:
            c.union(members[0], i, f"the same name written the same way in document {doc}")


def _film_links(c: Clusters, i: int) -> set[int]:
    """Return the film roots a claim ties person node `i` to (a role, an award for the film); not mentions."""
    return {c.find(o) for role, o in c.nodes[i].neighbours if c.nodes[o].kind is Kind.FILM and "mentions" not in role}


def _reviewed(c: Clusters, i: int, main_film: dict[str, int]) -> int | None:
    """Return the film root the reviews that mention node `i` review, else its document's main film."""
    films = {
        c.find(f)
        for role, review in c.nodes[i].neighbours
        if role == "~mentions" and c.nodes[review].kind is Kind.REVIEW
        for role2, f in c.nodes[review].neighbours
        if role2 == "reviewOf"
    }
    if len(films) == 1:
        return films.pop()
    return main_film.get(c.nodes[i].doc) if not films else None


def film_people_rule(c: Clusters, people: list[int], films: list[int]) -> None:
    """Join a person a review only mentions to the one person of the reviewed film the name can mean."""
    weight: dict[str, Counter[int]] = defaultdict(Counter)
    for i in films:
        weight[c.nodes[i].doc][c.find(i)] += max(1, len(c.nodes[i].occurrences))
    main_film = {doc: min(counts, key=lambda r: (-counts[r], r)) for doc, counts in weight.items()}
    tied: dict[int, set[int]] = defaultdict(set)  # person root -> films a claim ties it to
    for i in people:
        tied[c.find(i)] |= _film_links(c, i)
    surnames: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))  # film -> surname -> roots
    full: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))  # film -> full name key -> roots
    for i in people:
        node, root = c.nodes[i], c.find(i)
        if len(node.words) >= 2 and not is_short(node):
            for film in tied[root]:
                surnames[film][node.words[-1]].add(root)
                full[film][node.text_key].add(root)
    for root in sorted({c.find(i) for i in people}, key=lambda r: min(c.members[r])):
        if c.find(root) != root:
            continue  # joined to another person earlier in this loop: that person's turn decided it
        members = sorted(c.members[root])
        if tied[root] or not all(c.nodes[j].words for j in members):
            continue
        reviewed = {_reviewed(c, j, main_film) for j in members} - {None}
        if len(reviewed) != 1:
            continue
        film = reviewed.pop()
        node = c.nodes[members[0]]
        if all(is_short(c.nodes[j]) for j in members):
            word, known = node.words[-1], surnames.get(film, {})
            found = set(known.get(word, ())) or _union(known, _near(word, known))
            what = f"«{node.mention.text}» alone"
        else:
            longest = max(members, key=lambda j: (len(c.nodes[j].words), -j))
            key, known = c.nodes[longest].text_key, full.get(film, {})
            found = set() if key in known else _union(known, _near(key, known))
            what = f"«{c.nodes[longest].mention.text}», one letter off,"
        found = {c.find(r) for r in found} - {root}
        title = c.full_text(film)
        if len(found) == 1:
            other = found.pop()
            c.union(other, root, f"{what} can only mean «{c.full_text(other)}», the only such person of «{title}»")
        elif found:
            names = " / ".join(sorted(c.full_text(r) for r in found))
            for other in sorted(found):
                c.miss(other, root, f"{what} is ambiguous among the people of «{title}» ({names})")


def _union(index: dict[str, set[int]], keys: Iterable[str]) -> set[int]:
    return {root for key in keys for root in index[key]}


def _near(key: str, keys: Iterable[str]) -> list[str]:
    """Return the keys one letter from `key` (same first letter, same number of words), for long enough names."""
    if len(key.replace(" ", "")) < max(SLIP_LENGTH, MIN_TYPO_LENGTH) or not key.replace(" ", "").isalpha():
        return []
    words = len(key.split())
    return sorted(
        k
        for k in keys
        if k != key
        and k[:1] == key[:1]
        and len(k.split()) == words
        and Levenshtein.distance(k, key, score_cutoff=1) <= 1
    )
