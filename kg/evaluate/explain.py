"""Say, per document, where each miss was lost and which sentence and extractor made each spurious fact.

A missed gold fact is placed in the pipeline by what the document's own graph holds: its film was never matched
("film missing"), its value is no name or literal of the document's graph ("not found": no mention was made), or it
is one but no fact of that field links it to the film ("not linked", with the facts that do point at it). A spurious
fact is followed to its fk:Assertion: the source document, the extractor and the quoted sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

from .gold import Gold
from .read import GraphReader, Source, local_name
from .score import Extra, Miss, Score

FILM_MISSING, NOT_FOUND, NOT_LINKED = "film missing", "not found", "not linked"
NO_SOURCE = "(no source)"


@dataclass(frozen=True)
class Finding:
    """One line of a by-document report: a missed or a spurious fact, and why."""

    doc: str
    kind: str  # "missed" | "spurious"
    field: str
    film: str
    value: str
    step: str = ""  # missed: FILM_MISSING, NOT_FOUND or NOT_LINKED
    detail: str = ""  # missed and not linked: the facts that point at the value instead
    extractor: str = ""  # spurious: the component that made it
    sentence_index: int = -1
    sentence: str = ""

    def as_dict(self) -> dict[str, object]:
        """The finding as JSON, without its empty parts."""
        return {k: v for k, v in asdict(self).items() if v not in ("", -1) or k in ("film", "value")}


def by_document(score: Score, gold: Gold, reader: GraphReader) -> dict[str, list[Finding]]:
    """Return document name -> its findings: the key's documents first, in its order, then any other."""
    found: dict[str, list[Finding]] = {doc: [] for doc in gold.docs}
    for miss in score.misses:
        for doc in sorted(miss.docs):
            same = gold.titles.same if miss.field == "film" else gold.names.same
            found.setdefault(doc, []).append(_missed(miss, doc, reader, same))
    for extra in score.extras:
        for finding in _spurious(extra, reader):
            found.setdefault(finding.doc, []).append(finding)
    return {doc: findings for doc, findings in found.items() if findings}


def _missed(miss: Miss, doc: str, reader: GraphReader, same: Callable[[str, str], bool]) -> Finding:
    film = miss.film.name if miss.film and miss.field != "film" else ""
    if miss.field != "film" and miss.film is not None and not miss.kg_films:
        return Finding(doc, "missed", miss.field, film, miss.value, FILM_MISSING)
    if not miss.names:
        return Finding(doc, "missed", miss.field, film, miss.value, NOT_FOUND)
    mentions = reader.mentions(doc)
    held = [m for m in mentions if any(same(n, m) or (miss.field == "year" and m.startswith(n)) for n in miss.names)]
    if not held:
        return Finding(doc, "missed", miss.field, film, miss.value, NOT_FOUND)
    links = reader.links(doc)
    seen = []
    for label in sorted(held):
        for link in links.get(label, ()):
            shown = f"{link.predicate} of {link.subject}"
            if shown not in seen:
                seen.append(shown)
    detail = "; ".join(seen[:3]) + ("; …" if len(seen) > 3 else "") if seen else "no fact points at it"
    return Finding(doc, "missed", miss.field, film, miss.value, NOT_LINKED, detail)


def _spurious(extra: Extra, reader: GraphReader) -> list[Finding]:
    sources = reader.sources(extra.subject, extra.node)
    if extra.predicates:
        sources = [s for s in sources if s.predicate in extra.predicates] or sources
    elif extra.field == "character":
        sources = [s for s in sources if local_name(s.predicate) == "castMember"] or sources
    elif extra.field == "film":
        cited = reader.sources(extra.subject)  # its titles, else any fact of it, else the review that names it
        sources = [s for s in cited if local_name(s.predicate) == "title"] or cited or reader.citing(extra.subject)
    by_doc: dict[str, Source] = {}
    for source in sorted(sources, key=lambda s: extra.prefer.lower() not in s.sentence.lower()):
        by_doc.setdefault(source.doc, source)
    if not by_doc:
        return [Finding(NO_SOURCE, "spurious", extra.field, extra.film, extra.value)]
    return [
        Finding(doc, "spurious", extra.field, extra.film, extra.value, extractor=s.extractor,
                sentence_index=s.sentence_index, sentence=s.sentence)
        for doc, s in sorted(by_doc.items())
    ]  # fmt: skip
