"""The label index: every entity's names as folded words in a small SQLite file beside the build.

The search box finds entities by any of their labels (rdfs:label, skos:prefLabel, skos:altLabel, fk:title,
schema:name), whatever the case and accents. Reading every label out of the store takes seconds at a million
triples, so it is done once per build: at build time (`write_label_index`), or, for a build made without it, by
the first server process that needs it (under a lock, so the others wait and share the file). Lookups are B-tree
range scans on the folded word (a query word matches any word it starts), so they grow with the log of the
index and the number of hits, not with the store; the file is opened read-only by every server process and shared
through the page cache.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from unidecode import unidecode

from ..vocab import FK_NS, RDF, RDFS, SCHEMA, SKOS

LABELS_FILE = "labels.sqlite"
VERSION = "1"
DEFAULT = ox.DefaultGraph()
TYPE = ox.NamedNode(str(RDF.type))
LABEL_PREDICATES = tuple(
    ox.NamedNode(str(p)) for p in (SKOS.prefLabel, RDFS.label, FK_NS + "title", SCHEMA.name, SKOS.altLabel)
)  # best first, as pages rank them
MENTION_COUNT = ox.NamedNode(FK_NS + "mentionCount")
# Shown on their owners' pages, never on their own: not searchable.
HIDDEN = frozenset(
    FK_NS + c
    for c in ("Assertion", "Performance", "AwardRecord", "AwardWin", "AwardNomination", "Rating", "AggregateRating")
)
_WORD = re.compile(r"[a-z0-9]+")
_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE entries (id INTEGER PRIMARY KEY, iri TEXT NOT NULL, labels TEXT NOT NULL, mentions INTEGER NOT NULL,
                      sort_label TEXT NOT NULL);
CREATE TABLE types (type TEXT NOT NULL, sort_label TEXT NOT NULL, entry INTEGER NOT NULL,
                    PRIMARY KEY (type, sort_label, entry)) WITHOUT ROWID;
CREATE TABLE words (word TEXT NOT NULL, entry INTEGER NOT NULL, PRIMARY KEY (word, entry)) WITHOUT ROWID;
"""


def fold(text: str) -> list[str]:
    """Return the words of `text` in lower-case ASCII.

    >>> fold("El ladrón de bicicletas")
    ['el', 'ladron', 'de', 'bicicletas']
    >>> fold("SOLONÏTSYN")
    ['solonitsyn']
    """
    return _WORD.findall(unidecode(text).casefold())


@dataclass
class Entry:
    """One searchable entity: its labels (value, language) best first, its classes and how often it is mentioned."""

    iri: str
    labels: list[tuple[str, str]] = field(default_factory=list)
    types: set[str] = field(default_factory=set)
    mentions: int = 0


def read_entries(store: ox.Store, prefix: str) -> list[Entry]:
    """Return the labelled entities under `prefix` (n-ary nodes and assertions left out), from the merged graph.

    Only the label predicates are scanned; types and mention counts are looked up per entity, so the cost grows
    with the number of entities, not with the store (assertions and selectors are never read).
    """
    entries: dict[str, Entry] = {}
    for predicate in LABEL_PREDICATES:
        for quad in store.quads_for_pattern(None, predicate, None, DEFAULT):
            subject, obj = quad.subject, quad.object
            if isinstance(subject, ox.NamedNode) and subject.value.startswith(prefix) and isinstance(obj, ox.Literal):
                entry = entries.setdefault(subject.value, Entry(subject.value))
                label = (obj.value, obj.language or "")
                if label not in entry.labels:
                    entry.labels.append(label)
    found = []
    for iri, entry in entries.items():
        node = ox.NamedNode(iri)
        entry.types = {q.object.value for q in store.quads_for_pattern(node, TYPE, None, DEFAULT)}
        if entry.types & HIDDEN:
            continue
        for quad in store.quads_for_pattern(node, MENTION_COUNT, None, DEFAULT):
            if quad.object.value.isdigit():
                entry.mentions = int(quad.object.value)
        found.append(entry)
    return found


def write_index(entries: Iterable[Entry], path: Path, prefix: str) -> int:
    """Write `entries` as a label index at `path` (atomically: a reader sees the old file or the whole new one)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    temporary.unlink(missing_ok=True)
    count = 0
    connection = sqlite3.connect(temporary)
    try:
        connection.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        words: list[tuple[str, int]] = []
        types: list[tuple[str, str, int]] = []
        rows = []
        for number, entry in enumerate(entries, start=1):
            sort_label = entry.labels[0][0].lower() if entry.labels else entry.iri
            rows.append((number, entry.iri, json.dumps(entry.labels, ensure_ascii=False), entry.mentions, sort_label))
            types.extend((cls, sort_label, number) for cls in entry.types)
            words.extend((word, number) for word in {w for value, _lang in entry.labels for w in fold(value)})
            count = number
        connection.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?)", rows)
        connection.executemany("INSERT OR IGNORE INTO types VALUES (?, ?, ?)", types)
        connection.executemany("INSERT OR IGNORE INTO words VALUES (?, ?)", words)
        connection.executemany("INSERT INTO meta VALUES (?, ?)", [("version", VERSION), ("prefix", prefix)])
        connection.commit()
    finally:
        connection.close()
    os.replace(temporary, path)
    return count


def write_label_index(store: ox.Store, build_dir: str | Path, base_iri: str) -> Path:
    """Write the label index of a build (call it at build time, with the build's writable store, before publishing).

    Returns the file written: `labels.sqlite` in `build_dir`, beside `oxigraph/` and `meta.json`.
    """
    path = Path(build_dir) / LABELS_FILE
    prefix = base_iri + "resource/"
    write_index(read_entries(store, prefix), path, prefix)
    return path


def ensure_label_index(build_dir: str | Path, store: ox.Store, base_iri: str) -> Path:
    """Return the label index of a build, writing it first if the build was made without one.

    Processes that find it missing take turns under a lock in the build folder, so it is computed once; when the
    folder is not writable, the index goes to a private temporary file instead.
    """
    path = Path(build_dir) / LABELS_FILE
    if _usable(path):
        return path
    try:
        with _locked(Path(build_dir) / ".labels.lock"):
            if not _usable(path):
                write_label_index(store, build_dir, base_iri)
        return path
    except OSError:  # a read-only store folder: index privately
        private = Path(tempfile.mkdtemp(prefix="kg-labels-")) / LABELS_FILE
        prefix = base_iri + "resource/"
        write_index(read_entries(store, prefix), private, prefix)
        return private


def _usable(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            row = connection.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == VERSION


@contextlib.contextmanager
def _locked(lock: Path) -> Iterator[None]:
    import fcntl

    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class LabelIndex:
    """Read-only access to a label index file; safe to share between threads (one connection per thread)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self._local.connection = connection
        return connection

    def matching(self, query: str) -> list[Entry]:
        """Return the entities having, for every word of `query`, a label word that starts with it."""
        words = sorted(set(fold(query)), key=len, reverse=True)
        if not words:
            return []
        connection = self._connection()
        matches: set[int] | None = None
        for word in words:  # longest first: the rarest, so the intersection shrinks fastest
            found = {
                row[0]
                for row in connection.execute(
                    "SELECT entry FROM words WHERE word >= ? AND word < ?", (word, word + "\x7f")
                )
            }
            matches = found if matches is None else matches & found
            if not matches:
                return []
        return self._entries(sorted(matches or ()))

    def _entries(self, ids: list[int]) -> list[Entry]:
        connection = self._connection()
        result: list[Entry] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            by_id: dict[int, Entry] = {}
            for number, iri, labels, mentions in connection.execute(
                f"SELECT id, iri, labels, mentions FROM entries WHERE id IN ({marks})", chunk
            ):
                by_id[number] = Entry(iri, [tuple(pair) for pair in json.loads(labels)], set(), mentions)
            for cls, number in connection.execute(
                f"SELECT type, entry FROM types WHERE entry IN ({marks})", chunk
            ):  # fmt: skip
                by_id[number].types.add(cls)
            result.extend(by_id[number] for number in chunk if number in by_id)
        return result

    def first_of_class(self, cls: str, count: int) -> list[str]:
        """Return the IRIs of the first `count` entities of class `cls`, by label."""
        rows = self._connection().execute(
            "SELECT e.iri FROM types t JOIN entries e ON e.id = t.entry WHERE t.type = ? "
            "ORDER BY t.sort_label, e.iri LIMIT ?",
            (cls, count),
        )
        return [row[0] for row in rows]

    def classes(self) -> list[str]:
        """Return every class some indexed entity has."""
        return [row[0] for row in self._connection().execute("SELECT DISTINCT type FROM types")]

    def __len__(self) -> int:
        return int(self._connection().execute("SELECT COUNT(*) FROM entries").fetchone()[0])


__all__ = ["LABELS_FILE", "Entry", "LabelIndex", "ensure_label_index", "fold", "write_index", "write_label_index"]
