"""The corpus extractor known_names.v1: bare names of a film's known characters and people, within the film only."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from kg.documents import find_sources, load_documents, make_document
from kg.extractors import extract
from kg.extractors.known_names import NAME, find_known_names, summarise
from kg.model import Claim, Document, Kind, Resolution
from kg.pipeline import analyse
from kg.resolve import resolve

from .conftest import BASE, SEEDS

FIRST = (  # the review that gives the film its cast and crew
    '"The Silver Road" (1971) is a quiet drama directed by Ivan Sorokin, with cinematographer Lev Aronov. '
    "Ekaterina (Anna Petrova) waits for her brother Pavel (Oleg Marchenko) on a farm near the river, with her "
    "friend Hope (Mary Lane). Ekaterina writes letters every night."
)
SECOND = (  # another review of the same film: only bare names, a slip, a sentence opener, a namesake
    "The Silver Road (1971) is a slow film, but a rewarding one. Ekaterna keeps the farm going alone, and Petrova "
    "carries every scene without a word too many. When the letters stop, Pavel is feared lost. Hope is all she has "
    "left, and the neighbours lose hope too. Later a boy named Pavel turns up at the gate, and Katerina Hope sings. "
    "Sorokin frames the river like a painting, and Aronof lights it like one."
)
OTHER = (  # another film whose people share the names
    '"The Iron Bridge" (1980) follows a railway engineer across a frozen country. Pavel, the engineer, argues with '
    "Petrova, his stern supervisor, and Ekaterina, the stationmaster, keeps the peace."
)


def _documents(*texts: str) -> list[Document]:
    return [make_document(f"d{n}", f"d{n}.txt", text) for n, text in enumerate(texts)]


def _found(documents: list[Document]) -> list[Claim]:
    summaries = []
    for document in documents:
        summaries.append(summarise(document, list(extract(document))))  # as a build does: claims, then summary
    return list(find_known_names(summaries))


def _named(claims: list[Claim], doc_id: str) -> set[tuple[Kind, str]]:
    return {(c.object.kind, c.object.text) for c in claims if c.evidence.doc_id == doc_id}  # type: ignore[union-attr]


def _write(folder: Path, *texts: str) -> Path:
    for n, text in enumerate(texts):
        (folder / f"d{n}.txt").write_text(text, "utf-8")
    return folder


def test_known_names_finds_variants_slips_and_surnames_in_another_review_of_the_film() -> None:
    documents = _documents(FIRST, SECOND)
    claims = _found(documents)
    assert _named(claims, "d1") == {
        (Kind.CHARACTER, "Ekaterna"),  # one letter from Ekaterina
        (Kind.PERSON, "Petrova"),  # the only Petrova of the film
        (Kind.CHARACTER, "Pavel"),
        (Kind.PERSON, "Sorokin"),
        (Kind.PERSON, "Aronof"),  # one letter from the cinematographer's surname
    }
    second = documents[1]
    for claim in claims:
        assert claim.predicate == "mentions" and claim.subject.kind is Kind.REVIEW
        assert claim.evidence.extractor == NAME and 0 < claim.evidence.confidence < 1
        document = next(d for d in documents if d.doc_id == claim.evidence.doc_id)
        sentence = document.sentences[claim.evidence.sentence]
        assert claim.evidence.quote == sentence.text  # cited like every claim: its whole sentence
        assert document.text[claim.evidence.start : claim.evidence.end] == claim.object.text  # type: ignore[union-attr]
    exact = {c.object.text: c.evidence.confidence for c in claims if c.evidence.doc_id == second.doc_id}  # type: ignore[union-attr]
    assert exact["Pavel"] > exact["Petrova"] > exact["Ekaterna"]  # the same name, a surname, a slip


def test_known_names_skip_sentence_openers_namesakes_and_unknown_runs() -> None:
    documents = _documents(FIRST, SECOND)
    claims = _found(documents)
    second = documents[1]
    spans = {c.evidence.start for c in claims if c.evidence.doc_id == second.doc_id}
    assert second.text.index("Hope is all") not in spans  # opens a sentence, and the text writes "hope" too
    assert second.text.index("Pavel turns up") not in spans  # "a boy named Pavel" is someone else
    assert second.text.index("Pavel is feared") in spans
    assert all(c.object.text != "Hope" for c in claims)  # type: ignore[union-attr]  # "Katerina Hope": another name


def test_known_names_never_cross_into_another_film() -> None:
    claims = _found(_documents(FIRST, SECOND, OTHER))
    assert _named(claims, "d2") == set()  # the other film knows none of these names


def test_known_names_leave_ambiguous_names_alone() -> None:
    text = (
        '"Two Sisters" (1990) was directed by Maria Koval. Lena (Olga Petrova) and Nina (Anna Petrova) share a flat; '
        "Koval (Ivan Koval), their neighbour, watches. Later Petrova laughs and Koval shrugs, while Lena sleeps."
    )
    claims = _found(_documents(text))
    names = {c.object.text for c in claims}  # type: ignore[union-attr]
    assert "Petrova" not in names  # two Petrovas in the film
    assert "Koval" not in names  # a character and the director share the word
    assert "Lena" in names


def test_known_names_never_name_a_film_or_an_award_category() -> None:
    text = (
        '"Marta" (2003) is a quiet drama directed by Jan Novak. Marta (Eva Cerna) runs a bakery with Tomas (Petr '
        "Cerny). Later Novak won Best Director at the festival, Tomas won nothing, and Marta itself won Best Film."
    )
    claims = _found(_documents(text))
    assert {(c.object.kind, c.object.text) for c in claims} == {(Kind.CHARACTER, "Tomas")}  # type: ignore[union-attr]


def test_known_names_resolve_into_the_film_entities(docs_dir: Path) -> None:
    resolution = analyse([_write(docs_dir, FIRST, SECOND, OTHER)], BASE).resolution
    by_label = {e.label: e for e in resolution.entities}
    names = {e.label: {text for text, _ in e.alt_labels} for e in resolution.entities}
    assert names["Ekaterina"] == {"Ekaterna"} and ("Ekaterna", "en") in by_label["Ekaterina"].alt_labels
    assert names["Anna Petrova"] == {"Petrova"}  # a bare surname in another document than the full name
    assert names["Lev Aronov"] == {"Aronof"} and names["Ivan Sorokin"] == {"Sorokin"}
    other = {m: e for m, e in resolution.entity_of.items() if m.doc_id == "d2"}
    assert not {e.slug for e in other.values()} & {by_label[n].slug for n in ("Ekaterina", "Anna Petrova", "Pavel")}
    why = [w for slug, _a, _b, w in resolution.trace if slug == by_label["Anna Petrova"].slug]
    assert any("the only such person of «The Silver Road»" in w for w in why)


def _without_known_names(claims: list[Claim]) -> list[Claim]:
    return [c for c in claims if c.evidence.extractor != NAME]


def _corpus_claims(folder: Path) -> list[Claim]:
    claims: list[Claim] = []
    summaries = []
    for document in load_documents(find_sources([folder])):
        extracted = list(extract(document))
        claims += extracted
        summaries.append(summarise(document, extracted))
    return claims + list(find_known_names(summaries))


def _every_mention_joins_an_entity_found_otherwise(claims: list[Claim]) -> tuple[Resolution, Resolution]:
    before, after = resolve(_without_known_names(claims)), resolve(claims)
    assert Counter(e.kind for e in after.entities) == Counter(e.kind for e in before.entities)
    ours = {c.object for c in claims if c.evidence.extractor == NAME}
    theirs = set(before.entity_of)  # what the other extractors found (a mention equal to one of ours included)
    found_otherwise = {after.entity_of[m].slug for m in theirs}
    alone = sorted(f"{m.text} ({m.doc_id})" for m in ours if after.entity_of[m].slug not in found_otherwise)  # type: ignore[union-attr]
    assert not alone, f"known_names made entities of its own: {alone}"
    return before, after


def test_known_names_on_the_seeds_add_forms_never_entities() -> None:
    claims = _corpus_claims(SEEDS)
    assert any(c.evidence.extractor == NAME for c in claims)
    _every_mention_joins_an_entity_found_otherwise(claims)


def test_known_names_on_dev_reviews_add_forms_never_entities(dev_reviews: Path) -> None:
    claims = _corpus_claims(dev_reviews)
    assert sum(c.evidence.extractor == NAME for c in claims) > 50
    before, after = _every_mention_joins_an_entity_found_otherwise(claims)
    slugs = {e.slug for e in before.entities}
    assert {e.slug for e in after.entities} == slugs  # no IRI appears or disappears
