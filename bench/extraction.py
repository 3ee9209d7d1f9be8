"""Extraction quality and cost on annotated reviews (issue 14): the tune and check splits side by side.

For each split of an answer key, the split's documents are built alone into a fresh store (as the shared scorer
asks) and scored with `kg eval`'s library; then the CPU time of extraction plus resolution per review is measured in
this process, next to the time of only reading the same documents (the reference measured in the same run: the
machine is noisy, so the ratio is the figure to compare between runs).

Usage: .venv/bin/python bench/extraction.py [--gold ../shared/dev-reviews/gold.json] [--splits tune,check]
       [--json out.json] [--repeat 3]
       .venv/bin/python bench/extraction.py --corpus ../shared/corpus-aclimdb   # a folder per film

With `--corpus`, a folder of folders (one per film, as aclImdb groups its reviews) is built instead, and the
benchmark counts the reviews whose film is a placeholder ("film reviewed in ...": the review was not read as naming
its film) and the share of each folder's reviews that point to the folder's most-reviewed film entity.

Targets (issue 14): check micro F1 >= 0.85 with precision >= 0.85, every field with >= 10 gold facts at F1 >= 0.70,
French and Spanish documents each >= 0.75, duplicates 0, extraction + resolution <= 25 ms CPU per review.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.config import Settings  # noqa: E402
from kg.documents import load_documents  # noqa: E402
from kg.evaluate import evaluate  # noqa: E402
from kg.evaluate.gold import doc_name  # noqa: E402
from kg.evaluate.gold import load_documents as gold_documents  # noqa: E402
from kg.evaluate.read import GraphReader  # noqa: E402
from kg.extractors import CorpusReader, extract  # noqa: E402
from kg.pipeline import build  # noqa: E402
from kg.resolve import resolve  # noqa: E402
from kg.store import open_store  # noqa: E402


def split_paths(gold: Path, split: str) -> list[Path]:
    return [gold.parent / entry["doc"] for entry in gold_documents(gold, split)]


def quality(gold: Path, split: str, work: Path, language: str | None = None) -> dict:
    """Build the split's documents (of one language, if given) alone and score them."""
    entries = [e for e in gold_documents(gold, split) if language is None or e.get("language") == language]
    if not entries:
        return {}
    source = work / f"src-{split}-{language or 'all'}"
    for entry in entries:
        target = source / entry["doc"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(gold.parent / entry["doc"], target)
    store = work / f"store-{split}-{language or 'all'}"
    build([source], Settings.load(store_dir=store))
    subset = work / f"gold-{split}-{language or 'all'}.json"
    subset.write_text(json.dumps(entries), encoding="utf-8")
    evaluation = evaluate(store, subset, split)
    figures = evaluation.figures()
    figures["primary_found"] = primary_found(evaluation, entries, store)
    return figures


def primary_found(evaluation, entries: list[dict], store: Path) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(documents whose review's film is their primary gold film, documents with a primary film)."""
    reviewed = GraphReader(open_store(store)).reviewed_by_doc()
    found = total = 0
    for entry in entries:
        name = doc_name(entry["doc"])
        keys = {
            evaluation.gold.titles.find(f["title"]) if f.get("title") else f"untitled:{name}"
            for f in entry["films"]
            if f.get("primary")
        }
        if not keys:
            continue
        total += 1
        matched = {evaluation.score.match.get(film, "").split("#")[0] for film in reviewed.get(name, ())}
        found += bool(keys & matched)
    return found, total


def cpu_per_review(paths: list[Path], repeat: int) -> dict:
    """Best-of-`repeat` CPU seconds: reading alone, and reading + extraction + resolution."""
    documents = list(load_documents(paths))
    resolve(c for d in documents[:3] for c in extract(d))  # warm: models and patterns load once per process

    def read_only() -> None:
        list(load_documents(paths))

    def full() -> None:
        docs = list(load_documents(paths))
        reader = CorpusReader()
        claims = []
        for document in docs:
            found = list(extract(document))
            reader.add(document, found)
            claims += found
        claims += list(reader.claims())
        resolve(claims)

    def best(fn) -> float:  # type: ignore[no-untyped-def]
        times = []
        for _ in range(repeat):
            start = time.process_time()
            fn()
            times.append(time.process_time() - start)
        return min(times)

    reference, total = best(read_only), best(full)
    n = len(documents)
    return {
        "reviews": n,
        "read_ms_per_review": round(1000 * reference / n, 2),
        "extract_resolve_ms_per_review": round(1000 * (total - reference) / n, 2),
        "ratio_to_reading": round(total / reference, 1) if reference else None,
    }


def _micro(m: dict) -> str:
    return f"F1 {m['f1']:.3f} (P {m['precision']:.2f} R {m['recall']:.2f})"


def _f1(m: dict | None) -> str:
    return f"F1 {m['f1']:.3f}" if m else "-"


def corpus_figures(folder: Path, work: Path) -> dict:
    """Build a folder-per-film corpus and count placeholder films and reviews pointing to their folder's film."""
    from collections import Counter, defaultdict

    store = work / "corpus-store"
    start = time.process_time()
    build([folder], Settings.load(store_dir=store), workers=2)
    cpu = time.process_time() - start
    reader = GraphReader(open_store(store))
    rows = reader.query("""SELECT ?r ?f ?name ?label WHERE { ?r a schema:Review ; schema:itemReviewed ?f ;
        prov:wasDerivedFrom ?d . ?d fk:fileName ?name . OPTIONAL { ?f rdfs:label ?label } }""")
    films_of: dict[str, Counter[str]] = defaultdict(Counter)
    placeholders = 0
    for row in rows:
        films_of[Path(row["name"]).parent.name][row["f"]] += 1
        placeholders += row.get("label", "").startswith("film reviewed in")
    reviews = sum(sum(c.values()) for c in films_of.values())
    main_share = sum(c.most_common(1)[0][1] for c in films_of.values() if c)
    return {
        "folders": len(films_of),
        "reviews": reviews,
        "placeholder_reviews": placeholders,
        "reviews_on_folder_film": main_share,
        "parent_cpu_s": round(cpu, 1),
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "dev-reviews" / "gold.json")
    ap.add_argument("--splits", default="tune,check")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--corpus", type=Path, help="a folder of folders, one per film: count placeholder films instead")
    args = ap.parse_args()
    if args.corpus:
        with tempfile.TemporaryDirectory() as tmp:
            found = corpus_figures(args.corpus, Path(tmp))
        n = found["reviews"] or 1
        print(
            f"{found['reviews']} reviews in {found['folders']} folders: {found['placeholder_reviews']} "
            f"({100 * found['placeholder_reviews'] / n:.1f} %) with a placeholder film; "
            f"{found['reviews_on_folder_film']} ({100 * found['reviews_on_folder_film'] / n:.1f} %) on their "
            f"folder's most-reviewed film entity"
        )
        if args.json:
            args.json.write_text(json.dumps(found, indent=1), encoding="utf-8")
        return 0
    if not args.gold.exists():
        print(f"{args.gold}: no answer key here", file=sys.stderr)
        return 2
    out: dict = {"gold": str(args.gold), "splits": {}}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for split in args.splits.split(","):
            figures = quality(args.gold, split, work)
            per_language = {lang: quality(args.gold, split, work, lang) for lang in ("en", "fr", "es")}
            out["splits"][split] = {
                "micro": figures["micro"],
                "duplicates": figures["duplicate_films"] + figures["duplicate_people"],
                "types": figures["types"],
                "languages": {k: v["micro"] for k, v in per_language.items() if v},
                "primary_found": figures["primary_found"],
            }
        every = [p for split in args.splits.split(",") for p in split_paths(args.gold, split)]
        out["cost"] = cpu_per_review(every, args.repeat)
    splits = list(out["splits"])
    print(f"{'':18}" + "".join(f"{s:>26}" for s in splits))
    row = "".join(f"{_micro(v['micro']):>26}" for v in out["splits"].values())
    print(f"{'micro':18}{row}")
    for language in ("en", "fr", "es"):
        cells = [out["splits"][s]["languages"].get(language) for s in splits]
        print(f"{'  ' + language:18}" + "".join(f"{_f1(c):>26}" for c in cells))
    print(f"{'duplicates':18}" + "".join(f"{out['splits'][s]['duplicates']:>26}" for s in splits))
    cells = ["{}/{} documents".format(*out["splits"][s]["primary_found"]) for s in splits]
    print(f"{'primary film':18}" + "".join(f"{c:>26}" for c in cells) + "   (target >= 95 %)")
    fields = sorted({f for s in splits for f in out["splits"][s]["types"]})
    for field in fields:
        cells = []
        for s in splits:
            t = out["splits"][s]["types"].get(field)
            cells.append(f"{t['f1']:.2f} ({t['tp']}/{t['tp'] + t['fn']}, fp {t['fp']})" if t else "-")
        print(f"{'  ' + field:18}" + "".join(f"{c:>26}" for c in cells))
    cost = out["cost"]
    print(
        f"cost: {cost['extract_resolve_ms_per_review']} ms CPU per review for extraction + resolution "
        f"(target <= 25), reading alone {cost['read_ms_per_review']} ms; {cost['ratio_to_reading']}x reading, "
        f"{cost['reviews']} reviews"
    )
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
