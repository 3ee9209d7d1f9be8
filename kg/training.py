"""Train the statistical components from answer keys (the schema of the eval README), reproducibly.

`train_cast_linker` reads annotated reviews, asks the cast linker for its candidates exactly as a build
does, labels each candidate from the answer key (is the person in some film's cast?) and fits a logistic
model by full-batch gradient descent with L2 (NumPy only, fixed order and seed: the same inputs give the
same file). The model file holds only feature weights: no text of any review.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np

from .documents import load_documents
from .errors import KgError


@dataclass(frozen=True)
class GoldSource:
    """An answer key, the folder its `doc` paths are relative to, and the splits to read from it."""

    gold: Path
    root: Path
    splits: frozenset[str] = frozenset()  # empty: every document


def parse_source(spec: str) -> GoldSource:
    """Read "path/gold.json" or "path/gold.json:tune,train" (documents beside the gold file)."""
    path, _, splits = spec.partition(":") if not Path(spec).exists() else (spec, "", "")
    gold = Path(path)
    if not gold.is_file():
        raise KgError(f"{gold}: no such answer key")
    return GoldSource(gold, gold.parent, frozenset(s for s in splits.split(",") if s))


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9 ]+", " ", text)).strip()


def _same_name(a: str, b: str) -> bool:
    na, nb = _norm(a), _norm(b)
    return bool(na and nb) and (na == nb or SequenceMatcher(None, na, nb).ratio() >= 0.92)


def _cast_names(entry: dict) -> list[str]:
    """Every form the answer key gives a cast member of the document's primary films (aliases included)."""
    names = [
        c["actor"] for f in entry.get("films", []) if f.get("primary") for c in f.get("cast", []) if c.get("actor")
    ]
    aliases = entry.get("aliases") or {}
    for canonical, variants in aliases.items():
        if any(_same_name(canonical, n) for n in names):
            names.extend(variants)
    return names


Row = tuple[int, frozenset[str], int]  # (document number, features, label)


def labelled_candidates(sources: Iterable[GoldSource]) -> list[Row]:
    """Return (document number, features, is cast) for every cast-linker candidate of every annotated document."""
    from .extractors.cast_linker import candidates

    rows: list[Row] = []
    number = 0
    for source in sources:
        entries = json.loads(source.gold.read_text(encoding="utf-8"))
        for entry in entries:
            if source.splits and entry.get("split") not in source.splits:
                continue
            cast = _cast_names(entry)
            for document in load_documents([source.root / entry["doc"]]):
                number += 1
                for candidate in candidates(document):
                    rows.append((number, candidate.feats, int(any(_same_name(candidate.name, n) for n in cast))))
    return rows


def fit_logistic(
    rows: list[Row], l2: float = 1.0, steps: int = 400, min_count: int = 2
) -> tuple[dict[str, float], float]:
    """Fit weights over the features seen at least `min_count` times; return (weights, bias)."""
    counts = Counter(f for _, feats, _ in rows for f in feats)
    vocab = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: i for i, f in enumerate(vocab)}
    x = np.zeros((len(rows), len(vocab)), dtype=np.float64)
    for r, (_, feats, _) in enumerate(rows):
        for f in feats:
            if f in index:
                x[r, index[f]] = 1.0
    y = np.array([label for _, _, label in rows], dtype=np.float64)
    w = np.zeros(len(vocab))
    b = 0.0
    rate = 0.5
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        grad = x.T @ (p - y) / len(rows) + l2 * w / len(rows)
        w -= rate * grad
        b -= rate * float(np.mean(p - y))
    weights = {f: round(float(v), 4) for f, v in zip(vocab, w, strict=True) if abs(v) >= 1e-3}
    return weights, round(b, 4)


def _predict(weights: dict[str, float], bias: float) -> Callable[[frozenset[str]], float]:
    def probability(feats: frozenset[str]) -> float:
        z = bias + sum(weights.get(f, 0.0) for f in feats)
        return float(1.0 / (1.0 + np.exp(-z)))

    return probability


def cross_validate(rows: list[Row], folds: int = 5, **fit: float) -> dict[float, tuple]:
    """Return {threshold: (precision, recall, f1)} over `folds` folds of whole documents (a document's candidates
    share words, so splitting them between training and testing would flatter the model)."""
    scored: list[tuple[float, int]] = []
    for k in range(folds):
        train = [r for r in rows if r[0] % folds != k]
        test = [r for r in rows if r[0] % folds == k]
        weights, bias = fit_logistic(train, **fit)  # type: ignore[arg-type]
        p = _predict(weights, bias)
        scored += [(p(feats), label) for _, feats, label in test]
    out = {}
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7):
        tp = sum(1 for s, y in scored if s >= threshold and y)
        fp = sum(1 for s, y in scored if s >= threshold and not y)
        fn = sum(1 for s, y in scored if s < threshold and y)
        prec = tp / (tp + fp) if tp + fp else 1.0
        rec = tp / (tp + fn) if tp + fn else 1.0
        out[threshold] = (round(prec, 3), round(rec, 3), round(2 * prec * rec / (prec + rec), 3) if prec + rec else 0.0)
    return out


def train_cast_linker(sources: list[GoldSource], output: Path, threshold: float = 0.5, l2: float = 1.0) -> dict:
    """Train the cast linker on `sources` and write its model file; return the cross-validated figures."""
    rows = labelled_candidates(sources)
    if not rows:
        raise KgError("no annotated candidates: check the answer keys and their documents")
    report = {"candidates": len(rows), "cast": sum(y for _, _, y in rows), "cv": cross_validate(rows, l2=l2)}
    weights, bias = fit_logistic(rows, l2=l2)
    output.parent.mkdir(parents=True, exist_ok=True)
    model = {
        "component": "cast.linked.v1",
        "threshold": threshold,
        "bias": bias,
        "weights": dict(sorted(weights.items())),
    }
    output.write_text(json.dumps(model, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    return report
