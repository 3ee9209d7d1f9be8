"""Issue 9: extraction over several processes gives exactly the graph a one-worker build gives."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.graph import to_quads
from kg.parallel import extract_all, read_parallel
from kg.pipeline import _no_progress, _read

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
BASE = "http://localhost:5000/"
READ_TIMES = ("ontology#readAt>", "http://www.w3.org/ns/prov#generatedAtTime>")


def _sorted_nquads(runner: CliRunner, store: Path) -> list[str]:
    """The store's N-Quads, sorted, without the lines that hold read or build times."""
    out = runner.invoke(main, ["export", "--store", str(store), "--format", "nquads"])
    assert out.exit_code == 0, out.output
    return sorted(line for line in out.output.splitlines() if line and not any(p in line for p in READ_TIMES))


def test_seeds_built_with_one_and_two_workers_give_the_same_nquads(runner: CliRunner, tmp_path: Path) -> None:
    dumps = []
    for workers in ("1", "2"):
        store = tmp_path / f"store-{workers}"
        out = runner.invoke(
            main, ["build", str(SEEDS), "--store", str(store), "--base-iri", BASE, "--workers", workers]
        )
        assert out.exit_code == 0, out.output
        assert "built 5 documents" in out.output
        dumps.append(_sorted_nquads(runner, store))
    assert len(dumps[0]) > 500
    assert dumps[0] == dumps[1]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 generated reviews in several languages, with translations (the corpus extractor's input)."""
    folder = tmp_path_factory.mktemp("corpus")
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from corpus import write_corpus  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ROOT / "bench"))
    write_corpus(40, 1, folder)
    return folder


def test_generated_corpus_same_claims_order_and_quads(corpus: Path) -> None:
    """Many chunks in flight: claims come back in document order, so resolution mints the same IRIs."""
    read_at = datetime(2000, 1, 1, tzinfo=UTC)
    documents, one, _ = _read([corpus], _no_progress, None)
    quads_one = sorted(str(q) for q in to_quads(one, documents, BASE, read_at=read_at))
    documents, two, _ = read_parallel([corpus], _no_progress, None, workers=2)
    quads_two = sorted(str(q) for q in to_quads(two, documents, BASE, read_at=read_at))
    assert [c.evidence.doc_id for c in one.claims] == [c.evidence.doc_id for c in two.claims]
    assert [e.slug for e in one.entities] == [e.slug for e in two.entities]
    assert len(quads_one) > 1000
    assert quads_one == quads_two


def test_extract_all_keeps_order_with_small_chunks(corpus: Path) -> None:
    from kg.documents import load_documents

    order = [d.doc_id for d, _claims, _summaries in extract_all(load_documents([corpus]), workers=2, chunk=3)]
    assert order == [d.doc_id for d in load_documents([corpus])]
    assert len(order) >= 40
