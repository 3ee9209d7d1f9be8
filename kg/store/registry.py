"""The slug registry and the resolution explanation, kept beside each build so the next build reuses slugs.

`registry.json` maps every slug ever minted to its cluster keys (read by the next build's resolver);
`resolution.json` says, per entity, which surface forms were merged, from which documents and by
which rule, and which near-misses were kept apart (read by `kg explain`).
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..model import Resolution
from ..resolve.normalize import name_key, translit_key
from ..resolve.slugs import DOC_KEYS

__all__ = [
    "REGISTRY",
    "EXPLANATION",
    "build_files",
    "save_files",
    "load_registry",
    "read_registry",
    "revive_retired",
    "forget_documents",
    "with_retired_keys",
    "explain",
    "Explanation",
]

REGISTRY = "registry.json"
EXPLANATION = "resolution.json"
RETIRED_KEYS = "retired_keys"  # in the registry: what each retired slug had, so it can be given back


def build_files(resolution: Resolution, previous: Mapping[str, Any] | None = None) -> dict[str, str]:
    """Return the files a build keeps beside its data: the slug registry and the explanation.

    With `previous` (the registry the build started from), each slug this build retired keeps a note of the keys
    and documents it had (`retired_keys`), so an incremental build can give it back if its entity splits off again.
    """
    registry = with_retired_keys(resolution.registry, previous or {})
    return {
        REGISTRY: json.dumps(registry, indent=1, sort_keys=True, ensure_ascii=False),
        EXPLANATION: json.dumps(_explanation(resolution), indent=1, sort_keys=True, ensure_ascii=False),
    }


def with_retired_keys(registry: dict[str, Any], previous: Mapping[str, Any]) -> dict[str, Any]:
    """Return `registry` with the keys and documents each retired slug had before it was retired.

    >>> before = {"slugs": {"person/a": {"keys": ["k1"], "docs": ["d1"]}, "person/b": {"keys": ["k2"], "docs": []}}}
    >>> after = {"slugs": {"person/a": {"keys": ["k1", "k2"], "docs": ["d1"]}}, "retired": {"person/b": "person/a"}}
    >>> with_retired_keys(after, before)[RETIRED_KEYS]
    {'person/b': {'keys': ['k2'], 'docs': []}}
    """
    noted = dict(previous.get(RETIRED_KEYS, {}))
    slugs = previous.get("slugs", {})
    kept = {}
    for old in registry.get("retired", {}):
        entry = noted.get(old) or slugs.get(old)
        if entry:
            kept[old] = {"keys": list(entry.get("keys", ())), "docs": list(entry.get("docs", ()))}
    return {**registry, RETIRED_KEYS: kept} if kept else registry


def revive_retired(registry: Mapping[str, Any]) -> dict[str, Any]:
    """Return `registry` with each retired slug live again with its own keys, taken back from its survivor.

    An incremental build resolves with this: an entity that a removal splits off again gets its old slug back,
    and one still merged is retired again into the same survivor (which keeps every other key, so it still wins).

    >>> after = {"slugs": {"person/a": {"keys": ["k1", "k2"], "docs": ["d1"]}}, "retired": {"person/b": "person/a"},
    ...          RETIRED_KEYS: {"person/b": {"keys": ["k2"], "docs": []}}}
    >>> revived = revive_retired(after)
    >>> revived["slugs"], revived["retired"]
    ({'person/a': {'keys': ['k1'], 'docs': ['d1']}, 'person/b': {'keys': ['k2'], 'docs': []}}, {})
    """
    noted = registry.get(RETIRED_KEYS, {})
    slugs = {slug: dict(entry) for slug, entry in registry.get("slugs", {}).items()}
    retired = dict(registry.get("retired", {}))
    for old in sorted(noted):
        survivor = retired.get(old)
        if survivor is None or old in slugs or survivor not in slugs:
            continue
        own = set(noted[old].get("keys", ()))
        slugs[survivor]["keys"] = [key for key in slugs[survivor].get("keys", ()) if key not in own]
        slugs[old] = {"keys": sorted(own), "docs": list(noted[old].get("docs", ()))}
        del retired[old]
    return {**registry, "slugs": slugs, "retired": retired}


def forget_documents(registry: Mapping[str, Any], doc_ids: set[str]) -> dict[str, Any]:
    """Return `registry` without the slugs that only the documents `doc_ids` supported (all their recorded
    documents are among them, and the record is complete), so that removing or replacing those documents
    leaves no `owl:sameAs` from their entities to a namesake; a document added again mints the same slugs.

    >>> registry = {"slugs": {"person/ga": {"keys": ["k"], "docs": ["d1"]}, "person/ga-2": {"keys": ["k"],
    ...             "docs": ["d2"]}}, "retired": {"person/x": "person/ga-2"}}
    >>> forget_documents(registry, {"d2"})
    {'slugs': {'person/ga': {'keys': ['k'], 'docs': ['d1']}}, 'retired': {}}
    """
    slugs = {}
    for slug, entry in registry.get("slugs", {}).items():
        docs = entry.get("docs", ())
        if not (docs and len(docs) < DOC_KEYS and set(docs) <= doc_ids):
            slugs[slug] = entry
    retired = {old: new for old, new in registry.get("retired", {}).items() if new in slugs}
    out = {**registry, "slugs": slugs, "retired": retired}
    if RETIRED_KEYS in registry:
        out[RETIRED_KEYS] = {old: entry for old, entry in registry[RETIRED_KEYS].items() if old in retired}
    return out


def save_files(build_dir: Path, resolution: Resolution, previous: Mapping[str, Any] | None = None) -> None:
    """Write the registry and the explanation into `build_dir`, each by an atomic rename."""
    for name, text in build_files(resolution, previous).items():
        temporary = build_dir / f".{name}.{os.getpid()}"
        temporary.write_text(text, "utf-8")
        os.replace(temporary, build_dir / name)


def _explanation(resolution: Resolution) -> dict[str, Any]:
    forms: dict[str, dict[tuple[str, str], set[str]]] = defaultdict(lambda: defaultdict(set))
    for mention, entity in resolution.entity_of.items():
        forms[entity.slug][(mention.text, mention.language)].add(mention.doc_id)
    merges: dict[str, list[list[str]]] = defaultdict(list)
    for slug, form, joined, why in resolution.trace:
        merges[slug].append([form, joined, why])
    apart: dict[str, list[list[str]]] = defaultdict(list)
    for slug, other, why in resolution.kept_apart:
        apart[slug].append([other, why])
    labels = {entity.slug: entity.label for entity in resolution.entities}
    entities = {}
    for entity in resolution.entities:
        entities[entity.slug] = {
            "kind": entity.kind.value,
            "label": entity.label,
            "language": entity.label_language,
            "alt_labels": [list(pair) for pair in entity.alt_labels],
            "mentions": entity.mention_count,
            "documents": entity.document_count,
            "forms": [
                {"text": text, "language": lang, "documents": sorted(docs)}
                for (text, lang), docs in sorted(forms[entity.slug].items())
            ],
            "merges": merges.get(entity.slug, []),
            "kept_apart": [[other, labels.get(other, ""), why] for other, why in apart.get(entity.slug, [])],
        }
    return {"entities": entities, "retired": dict(resolution.retired)}


def load_registry(store_dir: str | Path) -> dict[str, Any]:
    """Return the slug registry of the current build in `store_dir`, or {} when there is none yet."""
    path = _current_file(Path(store_dir), REGISTRY)
    if path is None:
        return {}
    return _read_registry(path)


def read_registry(build_dir: Path) -> dict[str, Any]:
    """Return the slug registry kept in one build's directory (an incremental build reads its source's), or {}."""
    path = build_dir / REGISTRY
    return _read_registry(path) if path.is_file() else {}


def _read_registry(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"{path}: unreadable slug registry ({exc}); move it away to mint fresh slugs") from None
    if not isinstance(data, dict):
        raise StoreError(f"{path}: the slug registry is not a JSON object")
    return data


def _current_file(store_dir: Path, name: str) -> Path | None:
    link = store_dir / "current"
    path = link / name
    return path if link.exists() and path.is_file() else None


@dataclass(frozen=True)
class Explanation:
    """One entity's explanation, as `kg explain` prints it."""

    slug: str
    data: dict[str, Any]

    def lines(self) -> list[str]:
        """Return the explanation as text lines."""
        d = self.data
        out = [f"{self.slug}  [{d['kind']}]  {d['label']!r}@{d['language'] or '-'}",
               f"  {d['mentions']} mentions in {d['documents']} documents"]  # fmt: skip
        out.append("  surface forms:")
        for form in d["forms"]:
            out.append(f"    {form['text']!r}@{form['language'] or '-'}  in {', '.join(form['documents'])}")
        titles = [text for text, _lang in d["alt_labels"] if text not in {f["text"] for f in d["forms"]}]
        if titles:
            out.append("  other names (titles): " + "; ".join(repr(t) for t in titles))
        out.append("  merged because:")
        out.extend(f"    {form} joined {joined}: {why}" for form, joined, why in d["merges"])
        if not d["merges"]:
            out.append("    (nothing to merge: a single mention)")
        if d["kept_apart"]:
            out.append("  kept apart:")
            out.extend(f"    {other} ({label}): {why}" for other, label, why in d["kept_apart"])
        return out


def explain(store_dir: str | Path, name: str) -> list[Explanation]:
    """Return the explanations of the entities called `name` (any spelling, or a slug) in the current build."""
    path = _current_file(Path(store_dir), EXPLANATION)
    if path is None:
        raise StoreError(f"{store_dir}: no resolution record here; run `kg build SOURCES --store {store_dir}`")
    data = json.loads(path.read_text("utf-8"))
    entities: dict[str, dict[str, Any]] = data["entities"]
    wanted_slug = data.get("retired", {}).get(name, name)
    if wanted_slug in entities:
        return [Explanation(wanted_slug, entities[wanted_slug])]
    keys = {name_key(name), translit_key(name)}
    exact, partial = [], []
    for slug, entity in sorted(entities.items()):
        texts = [entity["label"]] + [form["text"] for form in entity["forms"]] + [t for t, _ in entity["alt_labels"]]
        folded = {name_key(t) for t in texts} | {translit_key(t) for t in texts}
        if folded & keys:
            exact.append(Explanation(slug, entity))
        elif any(k and k in f for k in keys for f in folded):
            partial.append(Explanation(slug, entity))
    return exact or partial
