"""Issue 9: extraction over several processes gives exactly the graph a one-worker build gives."""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg import parallel
from kg.cli import main
from kg.documents import no_progress
from kg.graph import to_quads
from kg.parallel import extract_all, read_parallel
from kg.pipeline import _read

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
    documents, one, _ = _read([corpus], no_progress, None)
    quads_one = sorted(str(q) for q in to_quads(one, documents, BASE, read_at=read_at))
    documents, two, _ = read_parallel([corpus], no_progress, None, workers=2)
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


class _CountingPool(ProcessPoolExecutor):
    """A real process pool that counts how many times a build started one."""

    started = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _CountingPool.started += 1
        super().__init__(*args, **kwargs)


@pytest.fixture()
def counting_pool(monkeypatch: pytest.MonkeyPatch) -> type[_CountingPool]:
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", _CountingPool)
    _CountingPool.started = 0
    return _CountingPool


def test_default_workers_start_no_pool_for_a_small_build(corpus: Path, counting_pool: type[_CountingPool]) -> None:
    from kg.documents import load_documents

    default = parallel.default_workers()
    assert isinstance(default, parallel.AutoWorkers) and default == parallel.cores()
    documents = list(load_documents([corpus]))
    assert sum(len(d.text) for d in documents) < parallel.POOL_MIN_CHARS  # a small build, by the measured threshold
    order = [d.doc_id for d, _claims, _summaries in extract_all(documents, parallel.AutoWorkers(2), chunk=3)]
    assert order == [d.doc_id for d in documents] and counting_pool.started == 0
    list(extract_all(documents, 2, chunk=3))  # a count given explicitly is obeyed, however small the build
    assert counting_pool.started == 1


def test_default_workers_start_the_pool_past_the_threshold_with_the_same_nquads(
    runner: CliRunner, tmp_path: Path, counting_pool: type[_CountingPool], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kg build` without --workers: in-process below the threshold, a pool above it; the same N-Quads either way."""
    dumps = []
    for threshold in (parallel.POOL_MIN_CHARS, 1):
        monkeypatch.setattr(parallel, "POOL_MIN_CHARS", threshold)
        store = tmp_path / f"store-{threshold}"
        out = runner.invoke(main, ["build", str(SEEDS), "--store", str(store), "--base-iri", BASE])
        assert out.exit_code == 0, out.output
        dumps.append(_sorted_nquads(runner, store))
        assert counting_pool.started == (1 if threshold == 1 and parallel.cores() > 1 else 0)
    assert len(dumps[0]) > 500 and dumps[0] == dumps[1]
