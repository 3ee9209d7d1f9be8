"""The cast linker: named people the review praises or places in the film become its cast, others do not."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main
from kg.documents import make_document
from kg.extractors.cast_linker import candidates, extract_linked_cast, load_model
from kg.training import GoldSource, train_cast_linker

REVIEW = (
    "Dark Harbor (1950) is a gripping thriller. Ann Vale is superb as the widow who runs the inn, and Tom Brook "
    "gives a fine performance as her brother. Vale steals every scene she is in.\n\n"
    "The story takes place in Port Ellis, a grey town where everybody knows everybody."
)


def _cast_of(text: str) -> dict[str, str]:
    document = make_document("d", "d.txt", text)
    return {claim.object.text: claim.subject.text for claim in extract_linked_cast(document)}  # type: ignore[union-attr]


def test_the_shipped_model_loads_once_and_scores() -> None:
    model = load_model()
    assert model is not None and model.weights and 0 < model.threshold < 1
    assert load_model() is model


def test_praised_performers_join_the_reviewed_film_and_a_place_does_not() -> None:
    cast = _cast_of(REVIEW)
    assert cast.get("Ann Vale") == "Dark Harbor"
    assert cast.get("Tom Brook") == "Dark Harbor"
    assert "Port Ellis" not in cast


def test_a_person_put_in_another_film_is_that_films_cast() -> None:
    text = REVIEW + ' Years later, Tom Brook in "Cold Town" (1958) was just as good.'
    document = make_document("d", "d.txt", text)
    films = {(c.object.text, c.subject.text) for c in extract_linked_cast(document)}  # type: ignore[union-attr]
    assert ("Tom Brook", "Cold Town") in films


def test_a_surname_alone_counts_among_a_persons_mentions() -> None:
    document = make_document("d", "d.txt", REVIEW)
    vale = next(c for c in candidates(document) if c.name == "Ann Vale")
    assert any(place.surname_only for place in vale.places)
    assert "surname_alone" in vale.feats


def _answer_key(folder: Path) -> Path:
    texts = {
        "a.txt": "Night Train (1961) is a fine thriller. Ann Vale is superb and Tom Brook gives a great performance. "
        "It was shot in Port Ellis.",
        "b.txt": "Cold Town (1958) is a slow drama. Jo Lark is moving as the widow and Bo Finn is a delight. "
        "It takes place in Glen Orme.",
    }
    gold = []
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
        cast = [a for a in ("Ann Vale", "Tom Brook", "Jo Lark", "Bo Finn") if a in text]
        title = text.split(" (")[0]
        gold.append({"doc": name, "split": "train", "films": [{"title": title, "primary": True,
                     "cast": [{"actor": a, "character": None} for a in cast]}]})  # fmt: skip
    path = folder / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    return path


def test_training_is_reproducible_and_writes_a_loadable_model(tmp_path: Path) -> None:
    gold = _answer_key(tmp_path)
    source = GoldSource(gold, tmp_path)
    first, second = tmp_path / "one.json", tmp_path / "two.json"
    report = train_cast_linker([source], first)
    train_cast_linker([source], second)
    assert first.read_bytes() == second.read_bytes()
    assert report["candidates"] >= 4 and report["cast"] == 4
    model = load_model(first)
    assert model is not None and model.weights


def test_kg_train_names_a_missing_answer_key(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["train", "cast-linker", str(tmp_path / "nowhere.json"), "-o", str(tmp_path / "m")]
    )
    assert result.exit_code == 2
    assert "nowhere.json" in result.output


def test_features_hold_no_name_only_its_shape() -> None:
    document = make_document("d", "d.txt", REVIEW)
    words = {"ann", "vale", "tom", "brook", "dark", "harbor", "port", "ellis"}
    for candidate in candidates(document):
        contextual = [f for f in candidate.feats if not f.startswith(("F3:", "F2:", "L3:", "FP2:"))]
        assert not [f for f in contextual if f.split(":")[-1] in words], candidate.name
    pair = make_document("p", "p.txt", "Dark Harbor (1950) is dull. Ann Vale and Tom Brook are superb in it.")
    vale = next(c for c in candidates(pair) if c.name == "Ann Vale")
    assert "R2:^cap" in vale.feats and not any("brook" in f for f in vale.feats)  # the next name, as a shape
