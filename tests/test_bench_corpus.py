"""The benchmark corpus generator (bench/corpus.py) is deterministic and its documents build."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

from kg.pipeline import analyse
from kg.store import memory_store

CORPUS_PY = Path(__file__).resolve().parent.parent / "bench" / "corpus.py"
BASE = "http://localhost:5000/"


@pytest.fixture(scope="module")
def corpus():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_corpus", CORPUS_PY)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def test_corpus_same_seed_same_documents(corpus) -> None:  # type: ignore[no-untyped-def]
    assert corpus.generate(40, seed=3) == corpus.generate(40, seed=3)


def test_corpus_other_seed_other_documents(corpus) -> None:  # type: ignore[no-untyped-def]
    first, second = corpus.generate(40, seed=3), corpus.generate(40, seed=4)
    assert [text for _name, text in first] != [text for _name, text in second]


def test_corpus_writes_files_that_build(corpus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus.write_corpus(40, 5, tmp_path)
    assert len(list(tmp_path.glob("*.txt"))) == 40
    result = analyse([tmp_path], BASE)
    assert len(result.documents) == 40 and not result.skipped
    languages = Counter(document.language for document in result.documents)
    assert languages["en"] > languages["es"] > 0 and languages["fr"] > 0
    store = memory_store(result.quads)
    films = store.query(
        "PREFIX schema: <http://schema.org/> SELECT (COUNT(DISTINCT ?film) AS ?n) { ?film schema:director ?d }"
    )
    assert int(next(iter(films))[0].value) > 0
