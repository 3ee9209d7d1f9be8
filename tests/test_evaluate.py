"""`kg eval`: the shared scorer's figures read from the store in-process, and where each difference comes from.

The seed key (tests/data/eval_seeds_gold.json) was written from the five seed texts, with one fact left out on
purpose (the composer 003 names, so the graph's composer is spurious) and one the graph misses (003's
"Eisenstein's IVAN THE TERRIBLE" gives that film a director). The same-named file joins the three spellings of the
lead actress that no single text joins.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.config import Settings
from kg.evaluate import evaluate, load_documents
from kg.pipeline import build

from .conftest import BASE, DEV_REVIEWS, LiveServer

DATA = Path(__file__).resolve().parent / "data"
GOLD = DATA / "eval_seeds_gold.json"
SAME = DATA / "eval_seeds_same.json"
SCORER = DEV_REVIEWS.parent / "eval" / "score.py"

# computed by hand from the key and the seed graph (see the key's notes): field -> (tp, fp, fn)
EXPECTED = {
    "film": (3, 0, 0),  # The Cranes Are Flying (its English, Russian and Spanish titles), IVAN THE TERRIBLE, Stalker
    "director": (1, 0, 1),  # Kalatozov found; Eisenstein, director of IVAN THE TERRIBLE, missed
    "writer": (1, 0, 0),
    "cinematographer": (1, 0, 0),  # Urusevsky and 002's "Uresevsky" are one by spelling
    "composer": (0, 1, 0),  # Shostakovich: left out of the key
    "cast": (3, 0, 0),  # Samoilova (three spellings, one by --same), Batalov, Shvorin
    "producer": (0, 0, 0),
    "studio": (1, 0, 0),
    "country": (1, 0, 0),
    "genre": (4, 0, 0),  # drama, war, romance (its Genre: line), and "a Soviet war drama" as the synopsis writes it
    "year": (1, 0, 0),
    "character": (3, 0, 0),  # Veronika, Boris, Mark
    "award": (5, 0, 0),  # the Palme as each of three texts spells it, Best Director, Best Actress
    "review": (8, 0, 0),  # one per text, four in 004
    "review_author": (4, 0, 0),
    "review_rating": (1, 0, 0),  # 8/10
}


def _counts(figures: dict) -> dict[str, tuple[int, int, int]]:
    return {name: (v["tp"], v["fp"], v["fn"]) for name, v in figures["types"].items()}


def test_eval_seed_figures_are_the_hand_computed_ones(seed_settings: Settings) -> None:
    figures = evaluate(seed_settings.store_dir, GOLD, same_path=SAME).figures()
    assert _counts(figures) == EXPECTED
    assert figures["micro"] == {"precision": 0.974, "recall": 0.974, "f1": 0.974}  # 37 / 38 both ways
    assert (figures["duplicate_films"], figures["duplicate_people"]) == (0, 0)


def test_eval_without_same_counts_the_actress_per_spelling(seed_settings: Settings) -> None:
    # no text joins "Tatyana Samojlova" and "Tatiana Samoilova" (two letters apart), so the key holds two people
    counts = _counts(evaluate(seed_settings.store_dir, GOLD).figures())
    assert counts["cast"] == (4, 0, 0)


def test_eval_split_scores_only_its_documents(seed_settings: Settings) -> None:
    figures = evaluate(seed_settings.store_dir, GOLD, split="tune", same_path=SAME).figures()
    counts = _counts(figures)
    assert counts["film"] == (1, 2, 0)  # the two other films are named only by check documents
    assert counts["composer"] == (0, 1, 0) and counts["genre"] == (0, 4, 0)
    assert counts["review"] == (2, 6, 0)


def test_eval_by_doc_names_the_missed_and_the_spurious_fact(runner: CliRunner, seed_settings: Settings) -> None:
    result = runner.invoke(
        main, ["eval", str(GOLD), "--store", str(seed_settings.store_dir), "--same", str(SAME), "--by-doc"]
    )
    assert result.exit_code == 0, result.output
    sections = result.output.split("== ")
    missed = next(s for s in sections if s.startswith("002_984c2e56fef4b264"))
    assert "missed   director        IVAN THE TERRIBLE | Eisenstein  [not linked" in missed
    spurious = next(s for s in sections if s.startswith("003_05a17626e14abc0a"))
    assert "spurious composer" in spurious and "Dmitri Shostakovich  [by " in spurious
    assert "musical score further enhances" in spurious  # the sentence that produced it
    assert (
        "missed (in each document stating them) by step: not linked 1" in result.output
        and "spurious by extractor: " in result.output
    )
    assert "fact F1 0.974 (P 0.974, R 0.974), duplicates 0" in result.output


def test_eval_findings_carry_step_extractor_and_sentence(seed_settings: Settings) -> None:
    found = evaluate(seed_settings.store_dir, GOLD, same_path=SAME, by_doc=True).documents
    assert set(found) == {"002_984c2e56fef4b264", "003_05a17626e14abc0a"}
    (miss,) = found["002_984c2e56fef4b264"]
    assert (miss.kind, miss.field, miss.film, miss.value, miss.step) == (
        "missed", "director", "IVAN THE TERRIBLE", "Eisenstein", "not linked",
    )  # fmt: skip
    (extra,) = found["003_05a17626e14abc0a"]
    assert (extra.kind, extra.field, extra.value) == ("spurious", "composer", "Dmitri Shostakovich")
    assert extra.extractor and extra.sentence.startswith("Dmitri Shostakovich")
    assert extra.sentence_index >= 0


def test_eval_says_film_missing_and_not_found(seed_settings: Settings, tmp_path: Path) -> None:
    key = json.loads(GOLD.read_text("utf-8"))
    key[4]["films"].append(_film("A Film Nobody Wrote", directors=["Some One"]))
    key[3]["films"][0]["producers"] = ["Quentin Nobody"]
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps(key), "utf-8")
    found = evaluate(seed_settings.store_dir, gold, same_path=SAME, by_doc=True).documents
    steps = {(f.field, f.value): f.step for f in found["004_2100bc78e332cdb5"] + found["003_05a17626e14abc0a"]}
    assert steps[("film", "A Film Nobody Wrote")] == "not found"
    assert steps[("director", "Some One")] == "film missing"
    assert steps[("producer", "Quentin Nobody")] == "not found"


def _film(title: str, **facts: object) -> dict:
    film = {"title": title, "alt_titles": [], "year": None, "primary": False, "cast": [], "awards": []}
    return {**film, **facts}


def test_eval_writes_json_and_honours_min_f1(runner: CliRunner, seed_settings: Settings, tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    args = ["eval", str(GOLD), "--store", str(seed_settings.store_dir), "--same", str(SAME), "--json", str(out)]
    assert runner.invoke(main, args).exit_code == 0
    assert json.loads(out.read_text("utf-8"))["micro"]["f1"] == 0.974
    assert runner.invoke(main, [*args, "--min-f1", "0.97"]).exit_code == 0
    below = runner.invoke(main, [*args, "--min-f1", "0.99"])
    assert below.exit_code == 1 and "below 0.99" in below.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such answer key"),
        ("{not json", "not JSON"),
        ('{"doc": "a.txt"}', "an answer key is a JSON list of documents"),
        ('[{"doc": "a.txt"}]', "entry 0 is not a document"),
    ],
)
def test_eval_bad_answer_key_is_a_clear_error(
    runner: CliRunner, seed_settings: Settings, tmp_path: Path, content: str | None, message: str
) -> None:
    gold = tmp_path / "gold.json"
    if content is not None:
        gold.write_text(content, "utf-8")
    result = runner.invoke(main, ["eval", str(gold), "--store", str(seed_settings.store_dir)])
    assert result.exit_code == 2
    assert f"error: {gold}: {message}" in result.output
    assert "Traceback" not in result.output


def test_eval_missing_store_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["eval", str(GOLD), "--store", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and f"error: {tmp_path / 'nowhere'}: no built store here" in result.output


# the shared scorer (not ours) reads its answer key without closing the file
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
def test_eval_matches_the_shared_scorer_on_dev_tune(dev_reviews: Path, tmp_path: Path) -> None:
    """The tune split built, served over HTTP and scored by ../shared/eval/score.py gives kg eval's figures."""
    if not SCORER.is_file():
        pytest.skip("../shared/eval/score.py is not beside this checkout")
    gold = dev_reviews / "gold.json"
    settings = Settings.load(store_dir=tmp_path / "store", base_iri=BASE)
    build([dev_reviews / d["doc"] for d in load_documents(gold, "tune")], settings)
    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    assert spec is not None and spec.loader is not None
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    with LiveServer(settings.store_dir) as server:
        theirs = scorer.score(server.url + "/sparql", str(gold), "tune")
    ours = evaluate(settings.store_dir, gold, split="tune").figures()
    assert _counts(ours) == _counts(theirs)
    assert abs(ours["micro"]["f1"] - theirs["micro"]["f1"]) <= 0.01
    assert (ours["duplicate_films"], ours["duplicate_people"]) == (
        theirs["duplicate_films"],
        theirs["duplicate_people"],
    )
