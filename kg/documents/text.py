"""Turn raw bytes into clean text and sentences with character offsets.

Everything here must stay linear in the size of its input: documents come from the web, and a
pathological file (one 200k-character line, unclosed tags, 10,000 capitalised words) must cost
no more than an ordinary file of the same size.
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata

from ..errors import DocumentError
from ..model import Sentence

MAX_BYTES = 20 * 1024 * 1024  # one document: a review is a few kB; anything past this is not a review
MAX_SENTENCE_CHARS = 1500  # longer "sentences" (no punctuation for pages) are cut at spaces into pieces

_ASCII = bytes(range(128))
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])  # tab, LF, FF, CR are text
_CONTROL_BYTE = re.compile(b"[" + re.escape(_CONTROL_BYTES) + b"]")
_TEXT_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_NOT_NUL = bytes(range(1, 256))
_HIGH_RUN = re.compile(rb"[\x80-\xff]{2,}")
_MIDWORD_CAPITAL = re.compile(rb"[a-z][\xc0-\xde]")
_UTF8_PAIR = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")
_NOT_CHARSETS = {"undefined", "idna", "punycode"}
_MAGIC = (  # signatures of binary formats people drop into folders by mistake, for a clearer message
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF file"), (b"PK\x03\x04", "a ZIP archive (or .docx/.odt)"), (b"\x1f\x8b", "a gzip file"),
    (b"\x7fELF", "an executable"), (b"\xd0\xcf\x11\xe0", "an old Office document"), (b"BZh", "a bzip2 file"),
    (b"\xfd7zXZ", "an xz file"), (b"7z\xbc\xaf", "a 7-Zip archive"), (b"SQLite format 3\x00", "an SQLite database"),
    (b"RIFF", "a RIFF (WAV/AVI/WebP) file"), (b"\x00\x00\x00\x18ftyp", "an MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "an MP4 video"), (b"\x1aE\xdf\xa3", "a Matroska/WebM video"),
)  # fmt: skip
_BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)  # fmt: skip
_DECLARED = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{1,40})""", re.IGNORECASE)


def decode(raw: bytes, path: str, limit: int = MAX_BYTES) -> str:
    """Decode `raw`, raising DocumentError that names `path` when it is not text.

    Tried in order: a byte-order mark (UTF-8/16/32); UTF-16 without a mark (ASCII text with every
    other byte NUL); UTF-8; the charset an HTML page declares; Windows-1252 (a superset of
    Latin-1) when the bytes are plausible single-byte text — few bytes above 0x7F, each alone among
    ASCII letters as accents are. Anything else (binary data, dense control bytes, another legacy
    encoding such as KOI8-R or Shift-JIS) is an error naming the first offending byte. Trailing NUL
    padding and a few stray NUL bytes in otherwise good text are dropped.

    >>> decode("Un café crème".encode("cp1252"), "x.txt")
    'Un café crème'
    >>> decode("Un café".encode("utf-16-le"), "x.txt")
    'Un café'
    """
    if not raw.strip(b" \t\r\n\x0b\x0c\x00"):
        raise DocumentError(path, "the file is empty")
    if len(raw) > limit:
        raise DocumentError(path, f"the file is {len(raw):,} bytes, over the {limit:,}-byte limit")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _decode_wide(raw[len(bom) :], encoding, path) if encoding != "utf-8" else _utf8(raw[3:], path)
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            raise DocumentError(path, f"looks binary ({kind}), not a text document")
    wide = _utf16_without_bom(raw)
    if wide:
        return _decode_wide(raw, wide, path)
    return _utf8(raw, path)


def _utf8(raw: bytes, path: str) -> str:
    _refuse_binary(raw, path)
    raw = raw.rstrip(b"\x00")  # padding left by an interrupted download or a pre-allocated file
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    declared = _declared_charset(raw)
    if declared:
        try:
            return raw.decode(declared)
        except (UnicodeError, LookupError) as exc:
            where = f" at offset {exc.start}" if isinstance(exc, UnicodeDecodeError) else ""
            raise DocumentError(path, f"declares charset {declared} but its bytes are not {declared}{where}") from None
    if _plausible_single_byte(raw):
        return raw.decode("cp1252")
    bad = raw[utf8_error.start]
    raise DocumentError(
        path,
        f"not valid UTF-8: byte 0x{bad:02x} at offset {utf8_error.start}, and not plausible Latin-1/Windows-1252 text "
        "either; save the file as UTF-8",
    )


def _decode_wide(raw: bytes, encoding: str, path: str) -> str:
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DocumentError(path, f"broken {encoding.upper()} at byte {exc.start}") from None
    controls = len(_TEXT_CONTROL.findall(text))
    if controls * 100 > len(text):
        raise DocumentError(path, f"looks binary ({controls:,} control characters as {encoding.upper()})")
    return text


def _utf16_without_bom(raw: bytes) -> str | None:
    """Return "utf-16-le"/"utf-16-be" when `raw` looks like mostly-ASCII UTF-16 (every other byte NUL)."""
    sample = raw[:4096]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul = len(even.translate(None, _NOT_NUL))
    odd_nul = len(odd.translate(None, _NOT_NUL))
    half = len(sample) // 2
    if odd_nul > 0.4 * half and even_nul < 0.05 * half:
        return "utf-16-le"
    if even_nul > 0.4 * half and odd_nul < 0.05 * half:
        return "utf-16-be"
    return None


def _refuse_binary(raw: bytes, path: str) -> None:
    body = raw.rstrip(b"\x00")
    controls = len(body) - len(body.translate(None, _CONTROL_BYTES))
    if controls * 100 > len(body):  # text has almost none (a stray NUL is dropped later); binary data has many
        first = _CONTROL_BYTE.search(body)
        offset = first.start() if first else 0
        what = "NUL" if body[offset] == 0 else f"control byte 0x{body[offset]:02x}"
        plural = "s" if controls > 1 else ""
        raise DocumentError(
            path, f"looks binary ({controls:,} control byte{plural}, the first a {what} at offset {offset}), not text"
        )


def _declared_charset(raw: bytes) -> str | None:
    """Return the Python codec an HTML page declares in a <meta> tag, if it is a known non-UTF-8 one."""
    match = _DECLARED.search(raw[:4096])
    if not match:
        return None
    try:
        info = codecs.lookup(match.group(1).decode("ascii"))
    except LookupError:
        return None
    if not info._is_text_encoding or info.name in _NOT_CHARSETS or info.name.startswith(("utf", "unicode")):
        return None  # a wrong UTF-8 label is common (fall through to the single-byte check); rot13 is no charset
    return "cp1252" if info.name in {"latin-1", "iso8859-1", "ascii"} else info.name  # as browsers do


def _plausible_single_byte(raw: bytes) -> bool:
    """Tell whether non-UTF-8 `raw` reads as Windows-1252 prose (French, Spanish, German… saved as Latin-1)."""
    high = len(raw.translate(None, _ASCII))
    if high * 4 > len(raw):
        return False  # Cyrillic, Greek, CJK in a legacy encoding, or random bytes
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return False  # 0x81, 0x8d, 0x8f, 0x90 and 0x9d are unused in Windows-1252
    runs = len(_HIGH_RUN.findall(raw))
    if runs > max(2, high // 10):
        return False  # accents stand alone among ASCII letters; other scripts come in runs
    # "cafÃ(": a capital after a small letter, or a UTF-8 lead byte with its continuation, is broken UTF-8
    suspicious = len(_MIDWORD_CAPITAL.findall(raw)) + len(_UTF8_PAIR.findall(raw))
    return suspicious * 4 <= high


_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def display_path(path: object) -> str:
    r"""Return `path` as text safe to print: control, bidi-override and surrogate characters escaped.

    A file named with a right-to-left override could otherwise disguise itself in the build report.

    >>> display_path("evil\u202etxt.exe")
    'evil\\u202etxt.exe'
    """
    return _UNSHOWABLE.sub(lambda m: m.group(0).encode("unicode_escape", "surrogatepass").decode("ascii"), str(path))


_BREAK = re.compile(r"(?:<br\s*/?>\s*)+", re.IGNORECASE)
_BLOCK_END = re.compile(r"</(?:p|div|li|h[1-6]|tr|blockquote|section|article)\s*>", re.IGNORECASE)
# Unclosed blocks run to the end of the text, as browsers read them; the \Z branch keeps this linear.
_DROP = re.compile(
    r"<(script|style|template|noscript|iframe|object|embed|svg|math|textarea)\b.*?(?:</\1\s*>|\Z)",
    re.IGNORECASE | re.DOTALL,
)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<![A-Za-z][^<>]*>|<\?[^<>]*\?>", re.DOTALL)
_TAG = re.compile(r"""</?[a-zA-Z](?:[^<>"']|"[^"<]*"|'[^'<]*')*>|</?[a-zA-Z][^<>]*>""")  # no nested quantifiers
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f"  # C0 and C1 controls (tab and line feed are kept)
    "\u200b\u2060\ufeff"  # zero-width space, word joiner, stray byte-order marks
    "\u202a-\u202e\u2066-\u2069"  # bidi embeddings, overrides and isolates: they can disguise text
    "\ud800-\udfff"  # lone surrogates (JSON "\\ud800") cannot be written as UTF-8
    "\ufdd0-\ufdef\ufffe\uffff]"  # noncharacters, which XML (RDF/XML exports) refuses
)
_LINE_BREAK = re.compile("\r\n?|[\x85\u2028\u2029]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_MANY_BREAKS = re.compile(r"\n{3,}")


def clean(text: str) -> str:
    """Unescape HTML, turn <br> and block ends into paragraph breaks, drop tags, scripts and comments.

    Markup that only appears after unescaping (a review quoting `&lt;script&gt;`) is dropped
    too, so what remains is prose; invisible and direction-changing characters are removed.

    >>> clean("Good.<br /><br />Very &amp; good")
    'Good.\\n\\nVery & good'
    >>> clean('<p onclick="alert(1)">Fine <!-- hidden --></p><script>alert(2)')
    'Fine'
    """
    text = _LINE_BREAK.sub("\n", text)
    text = _strip_markup(text)
    text = html.unescape(text)
    text = _strip_markup(text)  # escaped markup becomes real tags after unescaping: drop those too
    text = unicodedata.normalize("NFC", _CONTROL.sub("", text))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _MANY_BREAKS.sub("\n\n", "\n".join(lines)).strip()


def _strip_markup(text: str) -> str:
    if "<" not in text:
        return text
    text = _COMMENT.sub(" ", text)
    text = _DROP.sub(" ", text)
    text = _BREAK.sub("\n\n", text)
    text = _BLOCK_END.sub("\n\n", text)
    return _TAG.sub(" ", text)


_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "mt", "no", "vol", "etc", "sra", "dra", "mme", "mlle",
    "m", "p", "pp", "ca", "approx", "dir", "prof", "gen", "col", "lt", "sgt", "capt", "rev", "fr", "ed",
}  # fmt: skip
_SENTENCE_END = re.compile(
    r"""(?<![.!?…])(?:[.!?…]+["'”’)\]]*)(?=\s+["'“‘(\[¿¡]?[A-ZÀ-ÖØ-Þ0-9])"""  # end marks, space, a capital
    r"""|(?<=[a-z]{2}[.!?])(?=[A-Z])"""  # "thereafter.I know": a missing space
    r"""|\n+""",  # a line break always ends a sentence
)
_WORD = re.compile(r"([A-Za-zÀ-ÿ]+)$")


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Split `text` into sentences with their character offsets.

    A run of more than MAX_SENTENCE_CHARS without an end mark is cut at spaces into pieces, so
    no extractor ever sees one unbounded "sentence" and provenance quotes stay short.

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
    word = _WORD.search(text[max(0, dot - 12) : dot])
    if not word:
        return False
    token = word.group(1)
    return token.lower() in _ABBREVIATIONS or (len(token) == 1 and token.isupper())


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while True:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start <= MAX_SENTENCE_CHARS:
            break
        cut = _cut_point(text, start, start + MAX_SENTENCE_CHARS)
        _append(sentences, text, start, cut)
        start = cut
    if end > start:
        sentences.append(Sentence(len(sentences), start, end, text[start:end]))


def _cut_point(text: str, start: int, limit: int) -> int:
    """Return where to cut an overlong run: after the last punctuation or space in its second half."""
    half = start + MAX_SENTENCE_CHARS // 2
    for marks in (";,:", " "):
        cut = max(text.rfind(mark, half, limit) for mark in marks)
        if cut > half:
            return cut + 1
    return limit
