"""Score a built graph against an answer key, the way ../shared/eval/score.py scores a SPARQL endpoint.

`evaluate(store_dir, gold_path)` reads the store in-process (read-only, no server) and returns an `Evaluation`: the
per-field counts, P/R/F1 and micro F1 of the shared scorer, and on request, per document, each missed gold fact (with
the step at which it was lost) and each spurious fact (with its extractor and sentence). `gold` reads the key,
`read` the graph, `score` counts, `explain` places each difference, `report` prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .explain import Finding, by_document
from .gold import Gold, load_documents, load_gold
from .read import GraphReader
from .score import Score, score

__all__ = ["Evaluation", "Finding", "evaluate", "load_documents", "load_gold"]


@dataclass
class Evaluation:
    """What `kg eval` reports: the scorer's figures, and (with by_doc) the findings of each document."""

    score: Score
    gold: Gold
    documents: dict[str, list[Finding]] = field(default_factory=dict)

    def figures(self) -> dict[str, Any]:
        """The figures as the shared scorer's --json writes them, plus the findings per document when asked for."""
        out = self.score.figures()
        if self.documents:
            out["documents"] = {doc: [f.as_dict() for f in findings] for doc, findings in self.documents.items()}
        return out


def evaluate(
    store_dir: str | Path,
    gold_path: str | Path,
    split: str | None = None,
    same_path: str | Path | None = None,
    by_doc: bool = False,
) -> Evaluation:
    """Score the current build of `store_dir` against the answer key `gold_path` (its `split`: tune, check or all).

    Raises AnswerKeyError naming the key (or the --same file) if it is missing or malformed, and StoreError naming the
    store if there is no build.
    """
    from ..store import open_store

    gold = load_gold(Path(gold_path), split, Path(same_path) if same_path else None)
    reader = GraphReader(open_store(store_dir))
    result = score(gold, reader)
    return Evaluation(result, gold, by_document(result, gold, reader) if by_doc else {})
