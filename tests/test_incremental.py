"""Issue 9: `kg build --add` and `kg remove` give the graph a full build of the same documents gives."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.config import Settings
from kg.incremental import CACHE
from kg.iri import slugify

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
BASE = "http://localhost:5000/"
READ_TIMES = ("ontology#readAt>", "http://www.w3.org/ns/prov#generatedAtTime>")

# A review of another (made-up) film, in the seeds' style: credits, cast, a rating.
OTHER_FILM = """The Lighthouse Keeper's Daughter (1962)

Directed by Tomas Berglund. Screenplay by Ingrid Halvorsen. Cinematography by Pekka Laine.

Starring Astrid Nyberg as Maren and Olav Strand as the keeper. Berglund's film follows Maren through one winter on a
rock in the northern sea. Astrid Nyberg gives the performance of her career, and Pekka Laine's camera finds light in
every grey wave. The film won the Golden Shell at the San Sebastian festival in 1962.

Rating: 4/5
"""


def _build(runner: CliRunner, store: Path, *sources: Path) -> str:
    command = ["build", *map(str, sources), "--store", str(store), "--base-iri", BASE, "--workers", "1"]
    out = runner.invoke(main, command)
    assert out.exit_code == 0, out.output
    return out.output


def _add(runner: CliRunner, store: Path, *sources: Path) -> str:
    out = runner.invoke(main, ["build", "--add", *map(str, sources), "--store", str(store), "--workers", "1"])
    assert out.exit_code == 0, out.output
    return out.output


def _nquads(runner: CliRunner, store: Path) -> list[str]:
    """The store's N-Quads, sorted, without the lines that hold read or build times."""
    out = runner.invoke(main, ["export", "--store", str(store), "--format", "nquads"])
    assert out.exit_code == 0, out.output
    return sorted(line for line in out.output.splitlines() if line and not any(p in line for p in READ_TIMES))


def _entity_iris(lines: list[str]) -> set[str]:
    return set(re.findall(r"<(" + re.escape(BASE) + r"resource/(?:person|film|organization)/[^>]+)>", "\n".join(lines)))


def _graph(lines: list[str], doc_id: str) -> list[str]:
    return [line for line in lines if line.endswith(f"<{BASE}resource/document/{doc_id}> .")]


def _equal(left: list[str], right: list[str]) -> None:
    differing = sorted(set(left) ^ set(right))
    assert not differing, f"{len(differing)} quads differ, e.g. {differing[:3]}"
    assert left == right


@pytest.fixture()
def other_film(tmp_path: Path) -> Path:
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "lighthouse-review.txt").write_text(OTHER_FILM, "utf-8")
    return folder / "lighthouse-review.txt"


def test_add_equals_full_build_and_remove_equals_build_without(
    runner: CliRunner, tmp_path: Path, seed_settings: Settings, other_film: Path
) -> None:
    seeds_only = _nquads(runner, seed_settings.store_dir)  # the session's seed build: same paths, same base IRI
    store = tmp_path / "store"
    _build(runner, store, SEEDS)
    assert _nquads(runner, store) == seeds_only
    before = (store / "current").resolve()

    out = _add(runner, store, other_film)
    assert "added 1, replaced 0 documents" in out
    assert (store / "current").resolve() != before  # a new build was published
    added = _nquads(runner, store)
    full = tmp_path / "full"
    _build(runner, full, SEEDS, other_film)
    _equal(added, _nquads(runner, full))
    assert len(_graph(added, "lighthouse-review")) > 50  # the new document's graph is there, with its facts
    assert _entity_iris(seeds_only) <= _entity_iris(added)  # every entity keeps its IRI
    assert any("person/tomas-berglund" in line for line in added)

    out = runner.invoke(main, ["remove", "lighthouse-review.txt", "--store", str(store)])  # a file name will do
    assert out.exit_code == 0, out.output
    assert "removed 1 documents" in out.output
    removed = _nquads(runner, store)
    _equal(removed, seeds_only)
    assert not any("tomas-berglund" in line for line in removed)  # no entity left that no document supports


def test_changed_document_replaces_its_graph_only(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    shutil.copytree(SEEDS, folder)
    store = tmp_path / "store"
    _build(runner, store, folder)
    first = _nquads(runner, store)
    changed = sorted(folder.glob("*.txt"))[1]
    doc_id = slugify(changed.stem)
    changed.write_text(changed.read_text("utf-8") + "\n\nThe music is by Halvard Mikkelsen.\n", "utf-8")

    out = _add(runner, store, folder)  # the whole folder again: only the changed document is read anew
    assert "0 new, 1 changed, 4 unchanged documents" in out
    assert "added 0, replaced 1 documents (4 unchanged, 0 other graphs rewritten)" in out
    second = _nquads(runner, store)
    full = tmp_path / "full"
    _build(runner, full, folder)
    _equal(second, _nquads(runner, full))
    assert any("halvard-mikkelsen" in line for line in _graph(second, doc_id))
    assert _graph(second, doc_id) != _graph(first, doc_id)
    others = [slugify(path.stem) for path in sorted(folder.glob("*.txt")) if path != changed]
    assert len(others) == 4
    for other in others:  # every other document's graph is exactly what it was
        assert _graph(first, other) == _graph(second, other)
        assert len(_graph(first, other)) > 50

    again = runner.invoke(main, ["build", "--add", str(folder), "--store", str(store)])
    assert again.exit_code == 0, again.output
    assert "nothing to add: 5 documents unchanged" in again.output


def _generate(docs: int, folder: Path) -> None:
    """Write bench/corpus.py's seeded corpus of `docs` reviews into `folder`."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from corpus import write_corpus  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ROOT / "bench"))
    write_corpus(docs, 1, folder)


def test_add_generated_reviews_with_translations(runner: CliRunner, tmp_path: Path) -> None:
    """Corpus extractors (translations) rerun over cached summaries: the same graph as one build of everything."""
    generated = tmp_path / "generated"
    _generate(30, generated)
    files = sorted(generated.glob("*.txt"))
    first, later = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    later.mkdir()
    for n, path in enumerate(files):
        path.rename((first if n < 24 else later) / path.name)
    store, full = tmp_path / "store", tmp_path / "full"
    _build(runner, store, first)
    _add(runner, store, later)
    _build(runner, full, first, later)
    added, rebuilt = _nquads(runner, store), _nquads(runner, full)
    _equal(_without_merge_history(added, rebuilt), rebuilt)
    assert any("translationOf" in line for line in added)


def _without_merge_history(added: list[str], rebuilt: list[str]) -> list[str]:
    """Drop what only an incremental build can know: two entities of the first build that added documents merged
    keep the retired IRI as owl:sameAs of the survivor, which a build from scratch never minted. Nothing else of
    the retired IRI may remain, and the survivor must be the rebuilt graph's entity."""
    same_as = "<http://www.w3.org/2002/07/owl#sameAs>"
    rebuilt_set = set(rebuilt)
    history = [line for line in added if same_as in line and line not in rebuilt_set]
    for line in history:
        retired, _, survivor = line.split(" ")[:3]  # the merged entity's old IRI owl:sameAs the survivor
        assert any(other.startswith(survivor + " ") for other in rebuilt), line
        assert all(retired not in other for other in added if other not in history), line
    return [line for line in added if line not in history]


def test_add_dev_reviews(runner: CliRunner, tmp_path: Path, dev_reviews: Path) -> None:
    picked = sorted((dev_reviews / "en").glob("*.txt"))[:2] + sorted((dev_reviews / "fr").glob("*.txt"))[:1]
    store, full = tmp_path / "store", tmp_path / "full"
    _build(runner, store, SEEDS)
    _add(runner, store, *picked)
    _build(runner, full, SEEDS, *picked)
    _equal(_nquads(runner, store), _nquads(runner, full))


def test_add_unreadable_file_leaves_the_build_and_names_the_file(
    runner: CliRunner, tmp_path: Path, other_film: Path
) -> None:
    store = tmp_path / "store"
    _build(runner, store, SEEDS)
    before = (store / "current").resolve()
    bad = tmp_path / "broken-review.txt"
    bad.write_bytes(b"\xff\xfe\x00garbage\x00\x01\x02")
    out = runner.invoke(main, ["build", "--add", str(bad), "--store", str(store)])
    assert out.exit_code == 2
    assert "broken-review.txt" in out.output and "the store is unchanged" in out.output
    assert (store / "current").resolve() == before
    out = runner.invoke(main, ["build", "--add", "--strict", str(bad), str(other_film), "--store", str(store)])
    assert out.exit_code == 2 and "broken-review.txt" in out.output
    assert (store / "current").resolve() == before
    out = runner.invoke(main, ["build", "--add", str(bad), str(other_film), "--store", str(store)])
    assert out.exit_code == 0, out.output
    assert "skipped" in out.output and "broken-review.txt" in out.output and "added 1," in out.output


def test_remove_unknown_document_is_a_clear_error(runner: CliRunner, seed_settings: Settings) -> None:
    before = (seed_settings.store_dir / "current").resolve()
    out = runner.invoke(main, ["remove", "no-such-review", "--store", str(seed_settings.store_dir)])
    assert out.exit_code == 2
    assert "no document 'no-such-review'" in out.output
    assert (seed_settings.store_dir / "current").resolve() == before


def test_add_to_store_without_cache_asks_for_one_full_build(
    runner: CliRunner, tmp_path: Path, other_film: Path
) -> None:
    store = tmp_path / "store"
    _build(runner, store, SEEDS)
    (store / "current" / CACHE).unlink()  # as a store built before incremental builds
    out = runner.invoke(main, ["build", "--add", str(other_film), "--store", str(store)])
    assert out.exit_code == 2
    assert "no extraction cache" in out.output and "full `kg build" in out.output
    out = runner.invoke(main, ["build", "--add", str(other_film), "--store", str(tmp_path / "nothing")])
    assert out.exit_code == 2 and "no built store" in out.output


def test_add_taken_id_from_another_file_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    store = tmp_path / "store"
    _build(runner, store, SEEDS)
    impostor = tmp_path / "elsewhere" / sorted(SEEDS.glob("*.txt"))[0].name
    impostor.parent.mkdir()
    impostor.write_text(OTHER_FILM, "utf-8")
    out = runner.invoke(main, ["build", "--add", str(impostor), "--store", str(store)])
    assert out.exit_code == 2
    assert "is taken by another document" in out.output


def test_remove_names_a_document_by_id_stem_file_name_or_path(tmp_path: Path) -> None:
    from array import array

    from kg.graph import Cited
    from kg.incremental import DocRecord, _names_document

    path = tmp_path / "reviews" / "001_Long Review.txt"
    path.parent.mkdir()
    path.write_text("text", "utf-8")
    item = DocRecord("001-long-review", str(path), str(path.resolve()), "0" * 64, [], Cited("x", array("q")), {})
    for name in ("001-long-review", "001_Long Review", "001_Long Review.txt", str(path)):
        assert _names_document(name, item), name
    for name in ("001", "long-review", "002-long-review", str(tmp_path / "001_Long Review.txt")):
        assert not _names_document(name, item), name


def test_merge_made_by_an_added_document_is_undone_by_removing_it(runner: CliRunner, tmp_path: Path) -> None:
    """Review 1000 of the generated corpus writes an actor's name both ways ("Zesado", "Zesadou"), which merges the
    two entities three earlier reviews kept apart. The merged-away IRI stays as owl:sameAs (the registry's history,
    on purpose); removing the review splits them again, each with its own old IRI: the build without it."""
    generated = tmp_path / "generated"
    _generate(1001, generated)
    first, later = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    later.mkdir()
    for prefix in ("000131", "000162", "000899"):
        shutil.copy(next(generated.glob(f"{prefix}_*.txt")), first)
    added_file = next(generated.glob("001000_*.txt"))
    shutil.copy(added_file, later)
    store, full = tmp_path / "store", tmp_path / "full"
    _build(runner, store, first)
    before = _nquads(runner, store)
    _add(runner, store, later)
    added = _nquads(runner, store)
    same_as = [line for line in added if "owl#sameAs" in line]
    assert same_as, "premise lost: the added review no longer merges two entities (bench/corpus.py changed?)"
    _build(runner, full, first, later)
    _equal(sorted(set(added) - set(same_as)), _nquads(runner, full))
    retired = re.findall(r"^<([^>]+)>", same_as[0])[0]
    assert f"<{retired}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>" in "\n".join(before)
    out = runner.invoke(main, ["remove", added_file.name, "--store", str(store)])
    assert out.exit_code == 0, out.output
    _equal(_nquads(runner, store), before)
