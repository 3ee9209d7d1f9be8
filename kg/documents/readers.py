"""Readers by file extension: each turns one file into (name, raw text) records; add one to READERS."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import DocumentError
from .text import decode

RawRecord = tuple[str, str]  # (record name, decoded text not yet cleaned)
Reader = Callable[[Path, bytes], Iterator[RawRecord]]

TEXT_FIELDS = ("text", "review", "body", "content", "reviewBody")


def read_text(path: Path, raw: bytes) -> Iterator[RawRecord]:
    """A .txt / .md / .html file is one document."""
    yield path.stem, decode(raw, str(path))


def read_jsonl(path: Path, raw: bytes) -> Iterator[RawRecord]:
    """Each line of a .jsonl file is one review object with a text field."""
    for number, line in enumerate(decode(raw, str(path)).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DocumentError(f"{path}:{number}", f"not JSON: {exc.msg}") from None
        yield f"{path.stem}-{number}", _text_field(record, f"{path}:{number}")


def read_csv(path: Path, raw: bytes) -> Iterator[RawRecord]:
    """Each row of a .csv file with a header is one review; the text column is found by name."""
    rows = csv.DictReader(io.StringIO(decode(raw, str(path))))
    for number, row in enumerate(rows, start=2):
        yield f"{path.stem}-{number}", _text_field(row, f"{path}:{number}")


def _text_field(record: object, where: str) -> str:
    if isinstance(record, dict):
        for name in TEXT_FIELDS:
            value = record.get(name)
            if isinstance(value, str) and value.strip():
                return value
    raise DocumentError(where, f"no text field (one of: {', '.join(TEXT_FIELDS)})")


READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_text,
    ".html": read_text,
    ".htm": read_text,
    ".jsonl": read_jsonl,
    ".csv": read_csv,
}
