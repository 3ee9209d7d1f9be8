"""Print an evaluation as the shared scorer prints it, and the per-document findings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from . import Evaluation
from .explain import Finding

QUOTE = 160  # characters of a sentence shown


def figure_lines(evaluation: Evaluation) -> Iterator[str]:
    """Per-field P/R/F1 with counts, the duplicates, and the micro F1."""
    out = evaluation.figures()
    for name, v in out["types"].items():
        yield (
            f"{name:16} P={v['precision']:.2f} R={v['recall']:.2f} F1={v['f1']:.2f}"
            f"  (tp {v['tp']}, fp {v['fp']}, fn {v['fn']})"
        )
    yield f"duplicates: films {out['duplicate_films']}, people {out['duplicate_people']}"
    m = out["micro"]
    dups = out["duplicate_films"] + out["duplicate_people"]
    yield f"fact F1 {m['f1']:.3f} (P {m['precision']:.3f}, R {m['recall']:.3f}), duplicates {dups}"


def document_lines(evaluation: Evaluation) -> Iterator[str]:
    """Each document's missed and spurious facts: field, film, value, and why or whence."""
    for doc, findings in evaluation.documents.items():
        missed = sum(1 for f in findings if f.kind == "missed")
        yield f"== {doc}: {missed} missed, {len(findings) - missed} spurious"
        for finding in sorted(findings, key=lambda f: (f.kind, f.field, f.film, f.value)):
            yield from _finding_lines(finding)
        yield ""


def summary_lines(evaluation: Evaluation) -> Iterator[str]:
    """How many misses each step lost, and how many spurious facts each extractor made."""
    findings = [f for fs in evaluation.documents.values() for f in fs]
    steps = Counter(f.step for f in findings if f.kind == "missed")
    makers = Counter(f.extractor or "no assertion" for f in findings if f.kind == "spurious")
    yield "missed (in each document stating them) by step: " + (
        ", ".join(f"{step} {n}" for step, n in steps.most_common()) or "none"
    )
    yield "spurious by extractor: " + (", ".join(f"{name} {n}" for name, n in makers.most_common()) or "none")


def _finding_lines(f: Finding) -> Iterator[str]:
    head = f"  {f.kind:8} {f.field:15} {f.film or '-'} | {f.value}"
    if f.kind == "missed":
        yield f"{head}  [{f.step}{': ' + f.detail if f.detail else ''}]"
        return
    yield f"{head}  [by {f.extractor or '?'}]" if f.sentence or f.extractor else f"{head}  [no assertion cites it]"
    if f.sentence:
        sentence = " ".join(f.sentence.split())
        yield f'{"":12}sentence {f.sentence_index}: "{sentence[:QUOTE]}{"…" if len(sentence) > QUOTE else ""}"'
