"""Turn raw bytes into clean text and sentences with character offsets."""

from __future__ import annotations

import codecs
import html
import re

from ..errors import DocumentError
from ..model import Sentence

MAX_BYTES = 20 * 1024 * 1024  # a review is a few kB; anything past this is not a review


def decode(raw: bytes, path: str) -> str:
    """Decode `raw` as UTF-8 (or BOM-marked UTF-16), raising DocumentError that names `path`."""
    if not raw.strip():
        raise DocumentError(path, "the file is empty")
    if len(raw) > MAX_BYTES:
        raise DocumentError(path, f"the file is {len(raw):,} bytes, over the {MAX_BYTES:,}-byte limit for one document")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DocumentError(path, f"broken UTF-16 at byte {exc.start}") from None
    if b"\x00" in raw[:4096]:
        raise DocumentError(path, "looks binary (NUL bytes), not a text document")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = raw[exc.start : exc.start + 1].hex()
        raise DocumentError(
            path, f"not valid UTF-8: byte 0x{bad} at offset {exc.start}; save the file as UTF-8"
        ) from None


_BREAK = re.compile(r"(?:<br\s*/?>\s*)+", re.IGNORECASE)
_BLOCK_END = re.compile(r"</(?:p|div|li|h[1-6]|tr|blockquote)\s*>", re.IGNORECASE)
_DROP = re.compile(r"<(script|style|template|noscript)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_MANY_BREAKS = re.compile(r"\n{3,}")


def clean(text: str) -> str:
    """Unescape HTML, turn <br> and block ends into paragraph breaks, drop tags and scripts.

    >>> clean("Good.<br /><br />Very &amp; good")
    'Good.\\n\\nVery & good'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _DROP.sub(" ", text)
    text = _BREAK.sub("\n\n", text)
    text = _BLOCK_END.sub("\n\n", text)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = _DROP.sub(" ", text)  # escaped scripts become real tags after unescaping: drop those too
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _MANY_BREAKS.sub("\n\n", "\n".join(lines)).strip()


_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "mt", "no", "vol", "etc", "sra", "dra", "mme", "mlle",
    "m", "p", "pp", "ca", "approx", "dir", "prof", "gen", "col", "lt", "sgt", "capt", "rev", "fr", "ed",
}  # fmt: skip
_SENTENCE_END = re.compile(
    r"""(?:[.!?…]+["'”’)\]]*)(?=\s+["'“‘(\[¿¡]?[A-ZÀ-ÖØ-Þ0-9])"""  # end mark, then space and a capital
    r"""|(?<=[a-z]{2}[.!?])(?=[A-Z])"""  # "thereafter.I know": a missing space
    r"""|\n+""",  # a line break always ends a sentence
)


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Split `text` into sentences with their character offsets.

    >>> [s.text for s in split_sentences("Dr. Who came. He left!\\nTitle: X")]
    ['Dr. Who came.', 'He left!', 'Title: X']
    """
    sentences: list[Sentence] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end() if match.group(0).strip() else match.start()
        if match.group(0).startswith((".",)) and _is_abbreviation(text, match.start()):
            continue
        _append(sentences, text, start, end)
        start = match.end()
    _append(sentences, text, start, len(text))
    return tuple(sentences)


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"([A-Za-zÀ-ÿ]+)$", text[max(0, dot - 12) : dot])
    if not word:
        return False
    token = word.group(1)
    return token.lower() in _ABBREVIATIONS or (len(token) == 1 and token.isupper())


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(len(sentences), start, end, text[start:end]))
