"""Readers by file extension: each turns one file into (name, raw text) records; add one to READERS.

A reader yields a DocumentError instead of a record for a record it cannot read (a line of a
.jsonl file that is not JSON), so one bad review never costs the rest of its file.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import DocumentError
from .text import MAX_BYTES, decode, display_path

RawRecord = tuple[str, str]  # (record name, decoded text not yet cleaned)
Reader = Callable[[Path, bytes], Iterator[RawRecord | DocumentError]]

TEXT_FIELDS = ("text", "review", "body", "content", "reviewBody")
MAX_BATCH_BYTES = 256 * 1024 * 1024  # a .jsonl/.csv file holds many reviews; each is still held to MAX_BYTES


def read_text(path: Path, raw: bytes) -> Iterator[RawRecord | DocumentError]:
    """A .txt / .md / .html file is one document."""
    yield path.stem, decode(raw, display_path(path))


def read_jsonl(path: Path, raw: bytes) -> Iterator[RawRecord | DocumentError]:
    """Each line of a .jsonl file is one review object with a text field."""
    shown = display_path(path)
    for number, line in enumerate(decode(raw, shown, limit=MAX_BATCH_BYTES).splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{shown}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield DocumentError(where, f"not JSON: {exc.msg} at column {exc.colno}")
            continue
        except (ValueError, RecursionError) as exc:  # a 5,000-digit number, arrays nested 100,000 deep
            yield DocumentError(where, f"not usable JSON: {str(exc)[:80] or type(exc).__name__}")
            continue
        yield _record(f"{path.stem}-{number}", record, where)


def read_csv(path: Path, raw: bytes) -> Iterator[RawRecord | DocumentError]:
    """Each row of a .csv file with a header is one review; the text column is found by name."""
    shown = display_path(path)
    text = decode(raw, shown, limit=MAX_BATCH_BYTES).replace("\x00", "")
    if csv.field_size_limit() < MAX_BYTES:
        csv.field_size_limit(MAX_BYTES)  # the default (128 kB) would reject a long review outright
    rows = csv.DictReader(io.StringIO(text, newline=""))
    number = 1
    try:
        for number, row in enumerate(rows, start=2):
            yield _record(f"{path.stem}-{number}", row, f"{shown}:{number}")
    except csv.Error as exc:  # the csv module cannot resume after a malformed row: report where it stopped
        yield DocumentError(f"{shown}:{number + 1}", f"not CSV ({exc}); the rows after it were not read")


def _record(name: str, record: object, where: str) -> RawRecord | DocumentError:
    if isinstance(record, dict):
        for field in TEXT_FIELDS:
            value = record.get(field)
            if isinstance(value, str) and value.strip():
                if len(value) > MAX_BYTES:
                    return DocumentError(where, f"the text is {len(value):,} characters, over the one-document limit")
                return name, value
    return DocumentError(where, f"no text field (one of: {', '.join(TEXT_FIELDS)})")


READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_text,
    ".html": read_text,
    ".htm": read_text,
    ".jsonl": read_jsonl,
    ".csv": read_csv,
}
MAX_FILE_BYTES: dict[Reader, int] = {read_jsonl: MAX_BATCH_BYTES, read_csv: MAX_BATCH_BYTES}  # others: MAX_BYTES
