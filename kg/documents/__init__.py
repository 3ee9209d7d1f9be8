"""STAGE 1: files -> Document. Reading, decoding, cleaning, sentence splitting, language detection."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import DocumentError, NoDocumentsError
from ..iri import short_hash, slugify
from ..model import Document
from .language import detect_language
from .readers import MAX_FILE_BYTES, READERS
from .text import MAX_BYTES, clean, display_path, split_sentences

__all__ = ["find_sources", "load_documents", "make_document"]


CORPUS_NOTES = ("readme", "license", "licence", "changelog", "contributing")  # a folder's notes, not its reviews


def _is_document(path: Path) -> bool:
    hidden = path.name.startswith(".")
    notes = path.stem.lower() in CORPUS_NOTES
    return path.is_file() and path.suffix.lower() in READERS and not hidden and not notes


Progress = Callable[[Iterable[Document], int], Iterable[Document]]  # wraps the document stream (the CLI: a tqdm bar)


def no_progress(documents: Iterable[Document], _total: int) -> Iterable[Document]:
    """The Progress that shows nothing (library calls, tests)."""
    return documents


def find_sources(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders into the sorted list of files a reader accepts.

    In a folder, hidden files and the folder's own notes (README, LICENSE…) are not documents;
    a file named explicitly is always read.
    """
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*")) if _is_document(p))
        elif path.is_file():
            found.append(path)
        else:
            raise NoDocumentsError(f"{display_path(path)}: no such file or folder")
    if not found:
        names = ", ".join(display_path(p) for p in paths)
        raise NoDocumentsError(f"{names}: no documents found (readable kinds: {', '.join(sorted(READERS))})")
    return found


def make_document(doc_id: str, path: str, raw_text: str, sha256: str = "") -> Document:
    """Build a Document from already-decoded text: clean it, split it, detect its language."""
    text = clean(raw_text)
    if not text:
        raise DocumentError(display_path(path), "no text left after removing markup")
    digest = sha256 or hashlib.sha256(raw_text.encode("utf-8", "surrogatepass")).hexdigest()
    return Document(
        doc_id=doc_id,
        path=path,
        text=text,
        language=detect_language(text),
        sha256=digest,
        sentences=split_sentences(text),
    )


def load_documents(
    paths: Iterable[str | Path],
    on_error: Callable[[DocumentError], None] | None = None,
) -> Iterator[Document]:
    """Yield a Document per record in `paths` (files or folders), in a stable order.

    A file (or a record of a .jsonl/.csv file) that cannot be read raises DocumentError naming it,
    unless `on_error` is given, in which case it is reported there and the rest are still read.
    """
    seen: set[str] = set()
    for path in find_sources(paths):
        try:
            for item in _read_file(path, seen):
                if isinstance(item, DocumentError):
                    if on_error is None:
                        raise item
                    on_error(item)
                else:
                    yield item
        except DocumentError as exc:
            if on_error is None:
                raise
            on_error(exc)


def _read_file(path: Path, seen: set[str]) -> Iterator[Document | DocumentError]:
    shown = display_path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise DocumentError(shown, f"unsupported file type {path.suffix or '(none)'!r}")
    limit = MAX_FILE_BYTES.get(reader, MAX_BYTES)
    try:
        size = path.stat().st_size
        if size > limit:
            raise DocumentError(shown, f"the file is {size:,} bytes, over the {limit:,}-byte limit")
        raw = path.read_bytes()
    except OSError as exc:
        raise DocumentError(shown, f"cannot be read ({exc.strerror or exc})") from None
    file_digest = hashlib.sha256(raw).hexdigest()
    records = list(reader(path, raw))
    del raw
    good = sum(1 for record in records if not isinstance(record, DocumentError))
    for record in records:
        if isinstance(record, DocumentError):
            yield record
            continue
        name, raw_text = record
        doc_id = slugify(name)
        if doc_id in seen:  # same file name in two folders: keep both, told apart by content
            doc_id = f"{doc_id}-{short_hash(path, name, length=8)}"
        seen.add(doc_id)
        try:
            yield make_document(doc_id, str(path), raw_text, file_digest if good == 1 else "")
        except DocumentError as exc:
            yield DocumentError(f"{shown}:{name}" if good > 1 else shown, exc.reason)
