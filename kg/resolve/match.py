"""Clusters of mentions: blocking by kind and normalised keys, then rules a careful librarian would apply.

Every merge goes through `Clusters.union`, which refuses merges that evidence forbids (two mentions a
document tells apart, different years, different first names, different directors, different actors)
and records why it merged or refused, for `kg explain`. Candidates only ever meet inside a bucket
(same key, same one-deletion variant, same surname, same director and year), so nothing is quadratic
over the corpus.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from ..model import Kind
from .context import Node
from .normalize import is_initial, name_key, numbers

MIN_TYPO_LENGTH = 5  # shorter names are too close to each other for a one-letter slip to mean anything


@dataclass(frozen=True)
class Step:
    """One merge or one refusal between two mentions (node indices), with the rule and its reason."""

    a: int
    b: int
    why: str


@dataclass
class Clusters:
    """Union-find over nodes, with what each cluster knows that could forbid a merge (kept up to date on union)."""

    nodes: list[Node]
    parent: list[int] = field(default_factory=list)
    members: dict[int, list[int]] = field(default_factory=dict)
    marks: dict[int, dict[str, set[tuple[str, str]]]] = field(default_factory=dict)  # root -> doc -> {(key, id)}
    years: dict[int, set[int]] = field(default_factory=dict)
    given: dict[int, set[str]] = field(default_factory=dict)  # first names (people)
    surnames: dict[int, set[str]] = field(default_factory=dict)
    directors: dict[int, set[str]] = field(default_factory=dict)  # surnames of the directors (films)
    links: dict[int, dict[str, set[int]]] = field(default_factory=dict)  # root -> role -> linked nodes (no reviews)
    fullest: dict[int, tuple[int, int, str]] = field(default_factory=dict)  # the fullest name in the cluster
    merges: list[Step] = field(default_factory=list)
    misses: list[Step] = field(default_factory=list)
    scope: dict[int, int] = field(default_factory=dict)  # character node -> film root it belongs to

    def __post_init__(self) -> None:
        self.parent = list(range(len(self.nodes)))
        for node in self.nodes:
            i, words = node.index, node.words
            self.members[i] = [i]
            self.marks[i] = {node.doc: {(name_key(node.mention.text), node.mention.key)}}
            self.years[i] = set(node.years)
            self.given[i] = {words[0]} if node.kind is Kind.PERSON and len(words) > 1 else set()
            self.surnames[i] = {words[-1]} if node.kind is Kind.PERSON and words else set()
            self.directors[i] = set()
            self.fullest[i] = (len(node.mention.text.split()), len(node.mention.text), node.mention.text)
            links: dict[str, set[int]] = defaultdict(set)
            for role, other in node.neighbours:
                if self.nodes[other].kind is not Kind.REVIEW:
                    links[role].add(other)
                if role == "director" and self.nodes[other].words:
                    self.directors[i].add(self.nodes[other].words[-1])
            self.links[i] = links

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def text(self, i: int) -> str:
        return self.nodes[i].mention.text

    def full_text(self, root: int) -> str:
        """Return the fullest name the cluster of `root` goes by."""
        return self.fullest[self.find(root)][2]

    def union(self, a: int, b: int, why: str) -> bool:
        """Merge the clusters of `a` and `b` unless evidence forbids it; record either outcome."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        reason = self.conflict(ra, rb)
        if reason:
            self.misses.append(Step(a, b, f"{why}, but {reason}"))
            return False
        if len(self.members[ra]) < len(self.members[rb]) or (
            len(self.members[ra]) == len(self.members[rb]) and rb < ra
        ):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))
        for doc, marks in self.marks.pop(rb).items():
            self.marks[ra].setdefault(doc, set()).update(marks)
        for summary in (self.years, self.given, self.surnames, self.directors):
            summary[ra] |= summary.pop(rb)  # type: ignore[operator]
        for role, linked in self.links.pop(rb).items():
            self.links[ra].setdefault(role, set()).update(linked)
        self.fullest[ra] = max(self.fullest[ra], self.fullest.pop(rb))
        self.merges.append(Step(a, b, why))
        return True

    def miss(self, a: int, b: int, why: str) -> None:
        self.misses.append(Step(a, b, why))

    def conflict(self, ra: int, rb: int) -> str:
        """Return why clusters `ra` and `rb` must stay apart, or "" if nothing forbids the merge."""
        kind = self.nodes[ra].kind
        small, large = sorted((self.marks[ra], self.marks[rb]), key=len)
        for doc, marks in small.items():
            other = large.get(doc)
            if not other:
                continue
            ids = {i for _, i in marks if i} | {i for _, i in other if i}
            same_name = {k for k, i in marks} & {k for k, i in other}
            if len(ids) > 1 or any((k, i) not in other for k, i in marks if k in same_name):
                return f"document {doc} tells them apart (two {kind.value}s the extractor keyed differently)"
        years_a, years_b = self.years[ra], self.years[rb]
        tolerance = 1 if kind is Kind.FILM else 0
        if years_a and years_b and min(abs(x - y) for x in years_a for y in years_b) > tolerance:
            return f"their years differ ({_years(years_a)} vs {_years(years_b)})"
        if kind is Kind.PERSON:
            return self._names_conflict(ra, rb)
        if kind is Kind.FILM:
            da, db = self.directors[ra], self.directors[rb]
            if da and db and not da & db:
                return "their directors differ"
        if kind is Kind.CHARACTER:
            aa, ab = self.partners(ra, "q:character@castMember"), self.partners(rb, "q:character@castMember")
            if aa and ab and not aa & ab:
                return "different actors play them"
        return ""

    def _names_conflict(self, ra: int, rb: int) -> str:
        given_a, given_b = self.given[ra], self.given[rb]
        if given_a and given_b and not any(_given_compatible(x, y) for x in given_a for y in given_b):
            return f"their first names differ ({'/'.join(sorted(given_a))} vs {'/'.join(sorted(given_b))})"
        sur_a, sur_b = self.surnames[ra], self.surnames[rb]
        if sur_a and sur_b and not any(_surname_compatible(x, y) for x in sur_a for y in sur_b):
            return "their surnames differ"
        return ""

    def partners(self, root: int, role: str) -> set[int]:
        """Return the roots of the clusters linked to `root` by `role` (compacting the stored links)."""
        links = self.links[self.find(root)]
        linked = links.get(role)
        if not linked:
            return set()
        roots = {self.find(o) for o in linked}
        links[role] = set(roots)
        return roots

    def company(self, ra: int, rb: int, roles: Iterable[str] | None = None) -> str:
        """Describe one thing both clusters are linked to (a film, an award, a recipient), or ""."""
        ra, rb = self.find(ra), self.find(rb)
        wanted_a = [r for r in self.links[ra] if roles is None or r in roles]
        wanted_b = [r for r in self.links[rb] if roles is None or r in roles]
        theirs: dict[int, str] = {}
        for role in wanted_b:
            for other in self.partners(rb, role):
                theirs.setdefault(other, role)
        shared = sorted((role, other) for role in wanted_a for other in self.partners(ra, role) if other in theirs)
        if not shared:
            return ""
        role, other = shared[0]
        return f"both {role.lstrip('~').split('@')[0]} «{self.full_text(other)}»"

    def roots(self) -> list[int]:
        return sorted(self.members)


def _years(years: set[int]) -> str:
    return "/".join(str(y) for y in sorted(years))


def _given_compatible(x: str, y: str) -> bool:
    if x == y:
        return True
    if is_initial(x) or is_initial(y):
        return x[0] == y[0]
    return min(len(x), len(y)) >= MIN_TYPO_LENGTH and Levenshtein.distance(x, y, score_cutoff=1) <= 1


def _surname_compatible(x: str, y: str) -> bool:
    if x == y:
        return True
    return x[0] == y[0] and min(len(x), len(y)) >= MIN_TYPO_LENGTH and Levenshtein.distance(x, y) <= 1


def is_short(node: Node) -> bool:
    """Tell whether a person mention is a bare surname, or a surname after initials ("A. Tarkovsky")."""
    words = node.words
    return bool(words) and words[-1].isalpha() and all(is_initial(w) for w in words[:-1])


# --- rules -------------------------------------------------------------------------------------------------


def key_rule(c: Clusters, idxs: Iterable[int]) -> None:
    """Merge mentions the extractor gave the same explicit key."""
    buckets: dict[tuple[Kind, str], list[int]] = defaultdict(list)
    for i in idxs:
        if c.nodes[i].mention.key:
            buckets[(c.nodes[i].kind, c.nodes[i].mention.key)].append(i)
    for (_kind, key), members in sorted(buckets.items()):
        for i in members[1:]:
            c.union(members[0], i, f"same identity «{key}» given by the extractor")


def name_rule(c: Clusters, idxs: Iterable[int], require_company: bool = False) -> None:
    """Merge mentions whose names share a normalised or transliteration key (titles included).

    With `require_company` (bare surnames), two mentions meet only through something both are linked
    to (a film, an award), so a common surname never compares every mention with every other.
    """
    buckets: dict[str, list[int]] = defaultdict(list)
    for i in idxs:
        for key in c.nodes[i].keys:
            buckets[key].append(i)
    for key in sorted(buckets):
        members = sorted(buckets[key], key=lambda i: (bool(c.nodes[i].mention.key), i))
        if require_company:
            _join_by_company(c, members, key)
            continue
        heads: list[int] = []
        for i in members:
            for head in heads:
                if c.find(head) == c.find(i) or c.union(head, i, _name_reason(c.nodes[head], c.nodes[i], key)):
                    break
            else:
                heads.append(i)


def _join_by_company(c: Clusters, members: list[int], key: str) -> None:
    heads_by_link: dict[int, list[int]] = defaultdict(list)
    for i in members:
        links = sorted({other for role in list(c.links[c.find(i)]) for other in c.partners(i, role)})
        heads = sorted({h for link in links for h in heads_by_link.get(link, ())})
        for head in heads:
            if c.find(head) == c.find(i):
                break
            evidence = c.company(head, i)
            if evidence and c.union(head, i, f"{_name_reason(c.nodes[head], c.nodes[i], key)}, {evidence}"):
                break
        for link in links:
            heads_by_link[link].append(i)
        if len(members) > 1 and not heads:
            c.miss(members[0] if members[0] != i else members[1], i,
                   f"same name «{c.text(i)}», but nothing in the texts ties the two mentions")  # fmt: skip


def _name_reason(a: Node, b: Node, key: str) -> str:
    if a.text_key == b.text_key == key and a.name_keys & b.name_keys:
        return "same name once case, accents and punctuation are ignored"
    for node in (a, b):
        if key in node.title_keys:
            title = next(text for text, _ in node.names if node.key_of(text) == key)
            return f"shares the title «{title}» (both titles are claimed for one film in {node.doc})"
    return f"transliteration variant (both spell «{key}» once j/i/y, ks/x, kh/h… are folded)"


def typo_rule(c: Clusters, idxs: Iterable[int], roles: Iterable[str] | None = None, scoped: bool = False) -> None:
    """Merge names one letter apart when the texts also tie them (same film, role or recipient)."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for i in idxs:
        for key in c.nodes[i].keys:
            if len(key) >= MIN_TYPO_LENGTH:
                by_key[key].append(i)
    variants: dict[str, set[str]] = defaultdict(set)
    for key in by_key:
        variants[key].add(key)
        for pos in range(len(key)):
            variants[key[:pos] + key[pos + 1 :]].add(key)
    pairs: set[tuple[str, str]] = set()
    for keys in variants.values():
        if len(keys) > 1:
            ordered = sorted(keys)
            pairs.update((x, y) for n, x in enumerate(ordered) for y in ordered[n + 1 :] if _slip(x, y))
    role_list = list(roles) if roles is not None else None
    for x, y in sorted(pairs):
        for i in sorted({min(c.members[c.find(i)]) for i in by_key[x]}):
            for j in sorted({min(c.members[c.find(j)]) for j in by_key[y]}):
                ri, rj = c.find(i), c.find(j)
                if ri == rj:
                    continue
                evidence = "in the same film" if scoped else c.company(ri, rj, role_list)
                if evidence:
                    c.union(i, j, f"one-letter slip «{c.text(i)}» / «{c.text(j)}», {evidence}")
                else:
                    c.miss(i, j, f"«{c.text(i)}» / «{c.text(j)}» are one letter apart, but no film, role or "
                           "recipient ties them")  # fmt: skip


def _slip(x: str, y: str) -> bool:
    return (
        x[0] == y[0]
        and len(x.split()) == len(y.split())
        and numbers(x) == numbers(y)
        and Levenshtein.distance(x, y, score_cutoff=1) <= 1
    )


def short_name_rule(c: Clusters, idxs: list[int], characters: bool = False) -> None:
    """Attach a bare surname (or first name of a character) to the one full name it can mean in context."""
    index: dict[str, set[int]] = defaultdict(set)
    short = []
    for i in idxs:
        words = c.nodes[i].words
        if (len(words) == 1 and words[0].isalpha()) if characters else is_short(c.nodes[i]):
            short.append(i)
        elif len(words) > 1:
            for word in words if characters else words[-1:]:
                index[word].add(i)
    for word, linked in index.items():  # one node per cluster is enough: the rule asks which cluster
        index[word] = {c.find(j) for j in linked}
    for i in short:
        word = c.nodes[i].words[-1]
        mine = c.find(i)
        candidates = sorted({c.find(j) for j in index.get(word, ())} - {mine})
        if not candidates:
            continue
        place = "this film" if characters else "the same document"
        if characters:
            near = candidates
        else:
            near = [r for r in candidates if c.nodes[i].doc in c.marks[r]]
        if not near:
            near = [r for r in candidates if c.company(mine, r)]
            place = "the same company"
        if len(near) == 1:
            full = c.full_text(near[0])
            c.union(near[0], i, f"«{c.text(i)}» alone can only mean «{full}», the only such name in {place}")
        elif len(near) > 1:
            names = " / ".join(sorted({c.full_text(r) for r in near}))
            for r in near:
                c.miss(r, i, f"«{c.text(i)}» alone is ambiguous in {place} ({names})")
        else:
            for r in candidates[:3]:
                why = f"«{c.text(i)}» alone: nothing in document {c.nodes[i].doc} ties it to «{c.full_text(r)}»"
                c.miss(r, i, why)


def director_year_rule(c: Clusters, films: list[int]) -> None:
    """Merge films with the same director and year (a title and its translation), unless a document names both."""
    buckets: dict[tuple[int, int], set[int]] = defaultdict(set)
    for root in {c.find(i) for i in films}:
        for director in c.partners(root, "director"):
            for year in c.years[root]:
                buckets[(director, year)].add(root)
    for (director, year), roots in sorted(buckets.items()):
        ordered = sorted(roots)
        for other in ordered[1:]:
            head = c.find(ordered[0])
            why = f"same director «{c.full_text(director)}» and year {year}"
            shared = sorted(set(c.marks[head]) & set(c.marks[c.find(other)]))
            if shared:
                c.miss(head, other, f"{why}, but document {shared[0]} names both as different films")
            else:
                c.union(head, other, why)


def translation_rule(c: Clusters, reviews: list[int]) -> None:
    """A review and its translation review the same film, whatever title each gives it."""
    for i in reviews:
        for role, j in c.nodes[i].neighbours:
            if role != "translationOf":
                continue
            mine, theirs = c.partners(c.find(i), "reviewOf"), c.partners(c.find(j), "reviewOf")
            if len(mine) == 1 and len(theirs) == 1 and mine != theirs:
                a, b = next(iter(theirs)), next(iter(mine))
                c.union(a, b, f"the review in {c.nodes[i].doc} is a translation of the review in {c.nodes[j].doc}")


def event_rule(c: Clusters, events: list[int]) -> None:
    """Merge award events where the same award went to the same recipient, named in any language."""
    buckets: dict[tuple[int, int], set[int]] = defaultdict(set)
    for root in {c.find(i) for i in events}:
        awards = {c.find(o) for i in c.members[root] for r, o in c.nodes[i].neighbours if r.startswith("q:event@")}
        for award in awards:
            for recipient in c.partners(root, "q:event"):
                buckets[(award, recipient)].add(root)
    for (award, recipient), roots in sorted(buckets.items()):
        ordered = sorted(roots)
        for other in ordered[1:]:
            a, b = c.find(ordered[0]), c.find(other)
            shared = _words(c, a) & _words(c, b)
            if a == b:
                continue
            if shared:
                c.union(a, b, f"«{c.text(award)}» to «{c.text(recipient)}» at both, and both names say «{min(shared)}»")
            else:
                c.miss(a, b, "same award and recipient, but the names share no word")


def _words(c: Clusters, root: int) -> set[str]:
    return {w for i in c.members[root] for w in c.nodes[i].words if len(w) >= 4 and w.isalpha()}


def character_scopes(c: Clusters, characters: list[int], films: list[int]) -> dict[tuple[str, str], list[int]]:
    """Group characters by the film they belong to (their cast claim's film, else their document's main film)."""
    main_film: dict[str, Counter[int]] = defaultdict(Counter)
    for i in films:
        main_film[c.nodes[i].doc][c.find(i)] += max(1, len(c.nodes[i].occurrences))
    scopes: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in characters:
        counts = Counter(c.find(o) for _, o in c.nodes[i].neighbours if c.nodes[o].kind is Kind.FILM)
        counts = counts or main_film.get(c.nodes[i].doc, Counter())
        if counts:
            film = min(counts, key=lambda r: (-counts[r], r))
            c.scope[i] = film
            scopes[("film", f"{film:09d}")].append(i)
        else:
            scopes[("doc", c.nodes[i].doc)].append(i)
    return scopes
