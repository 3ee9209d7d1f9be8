"""An extractor that fails on one document skips that document, named with the extractor, and builds the rest."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg import extractors, parallel
from kg.cli import main
from kg.documents import load_documents
from kg.errors import DocumentError
from kg.model import Claim, Document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
BASE = "http://localhost:5000/"
READ_TIMES = ("ontology#readAt>", "http://www.w3.org/ns/prov#generatedAtTime>")
TRIGGER = "Zorblax"
BROKEN = "zz-broken.v1"


def _broken(document: Document) -> Iterator[Claim]:
    if TRIGGER in document.text:
        raise ValueError("cannot cope with this one")
    yield from ()


@pytest.fixture()
def broken_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(extractors._REGISTRY, BROKEN, extractors.Extractor(BROKEN, frozenset(), _broken))


@pytest.fixture()
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    shutil.copytree(SEEDS, folder)
    (folder / "zz_bad.txt").write_text(f"A review of {TRIGGER}, directed by Ann Bell. 7/10\n", encoding="utf-8")
    return folder


def _nquads(runner: CliRunner, store: Path) -> list[str]:
    out = runner.invoke(main, ["export", "--store", str(store), "--format", "nquads"])
    assert out.exit_code == 0, out.output
    return sorted(line for line in out.output.splitlines() if line and not any(p in line for p in READ_TIMES))


@pytest.mark.usefixtures("broken_extractor")
def test_the_build_skips_the_document_and_names_file_and_extractor(sources: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    built = runner.invoke(main, ["build", str(sources), "--store", str(tmp_path / "s"), "--base-iri", BASE])
    assert built.exit_code == 0, built.output
    assert f"zz_bad.txt: extractor {BROKEN} failed: ValueError: cannot cope with this one" in built.output
    assert "(1 skipped)" in built.output
    (sources / "zz_bad.txt").unlink()
    alone = runner.invoke(main, ["build", str(sources), "--store", str(tmp_path / "seeds"), "--base-iri", BASE])
    assert alone.exit_code == 0, alone.output
    assert _nquads(runner, tmp_path / "s") == _nquads(runner, tmp_path / "seeds")  # the good documents, untouched


@pytest.mark.usefixtures("broken_extractor")
def test_strict_stops_before_writing(sources: Path, tmp_path: Path) -> None:
    built = CliRunner().invoke(main, ["build", str(sources), "--store", str(tmp_path / "s"), "--strict"])
    assert built.exit_code != 0 and "zz_bad.txt" in built.output and BROKEN in built.output
    assert not (tmp_path / "s" / "current").exists()


class _ThreadPool(ThreadPoolExecutor):
    """The pool's code path in this process, so the monkeypatched extractor is the one the workers run."""

    def __init__(self, workers: int, mp_context: Any = None) -> None:
        super().__init__(workers)


@pytest.mark.usefixtures("broken_extractor")
def test_the_pool_path_reports_the_failure_and_keeps_the_order(sources: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", _ThreadPool)
    documents = sorted(load_documents([sources]), key=lambda d: d.path, reverse=True)  # the bad one first
    failed: list[DocumentError] = []
    kept = [d.doc_id for d, _claims, _summaries in parallel.extract_all(documents, 2, 2, failed.append)]
    assert kept == [d.doc_id for d in documents if TRIGGER not in d.text] and len(kept) == 5
    assert [(Path(e.path).name, BROKEN in e.reason) for e in failed] == [("zz_bad.txt", True)]
    with pytest.raises(DocumentError, match=BROKEN):  # without a handler the failure is raised, not lost
        list(parallel.extract_all(documents, 1))
