"""Hostile documents: each is read correctly or skipped with a message naming it, and the build goes on.

The files are made in tmp_path by the functions in HOSTILE (nothing large is committed). Run this module as a
script to time the whole pipeline on each hostile file at 1x, 2x and 4x its size (a super-linear stage shows as a
ratio well over 2):  .venv/bin/python -m tests.test_hostile_documents [--scale 4]
"""

from __future__ import annotations

import codecs
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.documents import load_documents
from kg.documents.text import MAX_BYTES, MAX_SENTENCE_CHARS, clean, display_path, split_sentences
from kg.errors import DocumentError
from kg.pipeline import analyse
from kg.store import open_store

from .conftest import BASE, SEEDS

REVIEW = (SEEDS / "003_05a17626e14abc0a.txt").read_text("utf-8")  # a real review, to hide hostile parts in
FRENCH = (
    "Un film magnifique réalisé par Jean Dupré en 1962. L'actrice Élodie Marçal y joue une infirmière à Lyon; "
    "la caméra suit ses pas dans la ville détruite. Musique de François Bélanger. Très émouvant, à voir!\n"
)


@dataclass(frozen=True)
class Hostile:
    """A hostile file: how to write it (at a size factor) and what must happen to it."""

    name: str
    write: Callable[[int], bytes]
    skipped: str = ""  # a regex the skip reason must match; empty: the file must be read
    check: Callable[[str], bool] = lambda text: bool(text)  # what the read text must satisfy


def _words(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    letters = "abcdefghijklmnoprstuvwy"
    return [rng.choice("ABCDEFGHIJKLMNOPRSTUVW") + "".join(rng.choices(letters, k=rng.randint(3, 9))) for _ in
            range(count)]  # fmt: skip


def _binary(scale: int) -> bytes:
    return random.Random(2).randbytes(64 * 1024 * scale)


def _huge(scale: int) -> bytes:
    line = b"An endless review that repeats itself, again and again, for fifty megabytes.\n"
    return line * (50 * 1024 * 1024 // len(line) + 1)


def _hostile_html(scale: int) -> bytes:
    attack = (
        "<p onclick=\"alert(1)\" onmouseover=alert(2)>Cast: <b onload='alert(3)'>Ann Lee</b></p>"
        '<img src=x onerror="alert(4)"><svg onload=alert(5)><circle/></svg>'
        '<a href="javascript:alert(6)" style="x:expression(alert(7))">link</a>'
        "<script>alert(8)</script><SCRIPT SRC=//evil.example/x.js></SCRIPT>"
        "<!-- <script>alert(9)</script> --><iframe srcdoc='<script>alert(10)</script>'></iframe>"
        "&lt;script&gt;alert(11)&lt;/script&gt; &lt;img src=x onerror=alert(12)&gt;"
        '<a title="a > b" onfocus=alert(13)>quoted</a><style>body{background:url("javascript:alert(14)")}</style>'
    )
    body = REVIEW.replace("\n", "<br>\n") + attack * scale
    head = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Review</title></head><body>'
    return (head + body + "<script>alert(15)").encode("utf-8")  # the last script is never closed


def _safe(text: str) -> bool:
    lowered = text.lower()
    return "alert" not in lowered and "<" not in text and "javascript:" not in lowered and "Ann Lee" in text


def _emoji_and_rtl(scale: int) -> str:
    lines = [
        "Title: 🎬🎥🍿", "Director: 👩‍🎤 🧑🏽‍🚀", "Starring: محمد خان, אבי כהן, 李小龍 and ‮dlrow olleh‬",
        "The film by 🎞️🎞️ stars 😀 Smile and שרה לוי.", "Year: 2001", "",
    ]  # fmt: skip
    return ("\n".join(lines) + REVIEW) * scale


def _capitalised(scale: int) -> bytes:
    return (" ".join(_words(10_000 * scale, seed=3)) + ".\n").encode("utf-8")


def _one_line(scale: int) -> bytes:
    prose = REVIEW.replace("\n", " ")
    return ((prose * (200_000 * scale // len(prose) + 1))[: 200_000 * scale]).encode("utf-8")


def _no_punctuation(scale: int) -> bytes:
    return " ".join(w.lower() for w in _words(30_000 * scale, seed=4)).encode("utf-8")


def _jsonl(scale: int) -> bytes:
    lines = [
        json.dumps({"text": REVIEW}),
        '{"text": "cut off',  # not JSON
        "[" * 100_000 + "]" * 100_000,  # nested deeper than any parser's recursion
        '{"text": ' + "9" * 5000 + "}",  # a number Python refuses to convert
        json.dumps({"title": "no text field"}),
        json.dumps({"review": "Lone surrogate \ud800 and bidi \u202eoverride\u202c in a review of Ann Lee."}),
        json.dumps({"text": "x" * (MAX_BYTES + 1)}) if scale > 1 else json.dumps({"text": FRENCH}),
    ]
    return "\n".join(lines * scale).encode("utf-8", "surrogatepass")


def _csv(scale: int) -> bytes:
    long_review = REVIEW.replace("\n", " ").replace('"', '""') * (200_000 // len(REVIEW) + 1)
    return f'id,text\n1,"{long_review}"\n2,"Short\x00 review with a NUL."\n'.encode() * scale


HOSTILE: tuple[Hostile, ...] = (
    Hostile("empty.txt", lambda s: b"", skipped=r"the file is empty"),
    Hostile("blank.txt", lambda s: b" \n\t\r\n" * s, skipped=r"the file is empty"),
    Hostile("image.txt", lambda s: b"\x89PNG\r\n\x1a\n" + _binary(s), skipped=r"looks binary \(a PNG image\)"),
    Hostile("random.txt", _binary, skipped=r"looks binary \([\d,]+ control bytes, the first a .* at offset \d+\)"),
    Hostile("nul-dense.txt", lambda s: b"text\x00" * 1000 * s, skipped=r"looks binary \(.*NUL at offset 4\)"),
    Hostile("huge.txt", _huge, skipped=r"the file is 52,428,8\d\d bytes, over the 20,971,520-byte limit"),
    Hostile("latin1.txt", lambda s: (FRENCH * s).encode("latin-1"), check=lambda t: "Élodie Marçal" in t),
    Hostile(
        "cp1252.html",
        lambda s: ('<meta charset="windows-1252"><p>“Superb” – 5€. ' + FRENCH * s).encode("cp1252"),
        check=lambda t: t.startswith("“Superb” – 5€.") and "Bélanger" in t,
    ),  # fmt: skip
    Hostile(
        "koi8.txt",
        lambda s: ("Фильм о любви и войне. " * 10 * s).encode("koi8-r"),
        skipped=r"not valid UTF-8: byte 0x\w\w at offset 0, and not plausible Latin-1",
    ),  # fmt: skip
    Hostile("utf16-bom.txt", lambda s: (FRENCH * s).encode("utf-16"), check=lambda t: "Élodie" in t),
    Hostile("utf16le.txt", lambda s: (FRENCH * s).encode("utf-16-le"), check=lambda t: "Élodie" in t),
    Hostile("utf16be.txt", lambda s: (FRENCH * s).encode("utf-16-be"), check=lambda t: "Élodie" in t),
    Hostile("utf32.txt", lambda s: codecs.BOM_UTF32_LE + (FRENCH * s).encode("utf-32-le"), check=lambda t: "ç" in t),
    Hostile(
        "nul-sprinkled.txt",
        lambda s: (REVIEW[:900] + "\x00" + REVIEW[900:] + "\x00" * 4096).encode() * s,
        check=lambda t: "\x00" not in t and len(t) > 1000,
    ),  # fmt: skip
    Hostile("hostile.html", _hostile_html, check=_safe),
    Hostile("only-script.html", lambda s: b"<script>" * 20_000 * s, skipped=r"no text left after removing markup"),
    Hostile(
        "emoji-rtl.txt", lambda s: _emoji_and_rtl(s).encode(), check=lambda t: "محمد خان" in t and "\u202e" not in t
    ),
    Hostile("🎬🎥.txt", lambda s: _emoji_and_rtl(s).encode()),
    Hostile("evil\u202etxt.md", lambda s: REVIEW.encode() * s),  # a right-to-left override in the file name
    Hostile("blank\u202etxt.md", lambda s: b"", skipped=r"the file is empty"),
    Hostile("capitalised.txt", _capitalised),
    Hostile("one-line.txt", _one_line, check=lambda t: "\n" not in t and len(t) > 150_000),
    Hostile("no-punctuation.txt", _no_punctuation),
    Hostile("dots.txt", lambda s: b"Wait" + b"." * 200_000 * s + b" Then it ends."),
    Hostile(
        "unclosed-tags.html",
        lambda s: b"<a " * 60_000 * s + b"text<a" + b"b" * 200_000 * s,
        check=lambda t: t.startswith("<a <a") and t.endswith("bbb"),
    ),  # never closed: not tags, just text
    Hostile("reviews.jsonl", _jsonl),
    Hostile("reviews.csv", _csv),
)


def _write_all(folder: Path, scale: int = 1) -> dict[str, Path]:
    paths = {}
    for case in HOSTILE:
        path = folder / case.name
        path.write_bytes(case.write(scale))
        paths[case.name] = path
    return paths


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    _write_all(folder)
    return folder


@pytest.mark.parametrize("case", HOSTILE, ids=lambda c: c.name)
def test_each_hostile_file_is_read_or_skipped_with_its_reason(case: Hostile, hostile_dir: Path) -> None:
    path = hostile_dir / case.name
    errors: list[DocumentError] = []
    documents = list(load_documents([path], on_error=errors.append))
    if case.skipped:
        assert documents == []
        assert len(errors) == 1
        assert errors[0].path.startswith(str(hostile_dir))
        assert re.search(case.skipped, errors[0].reason), errors[0].reason
        with pytest.raises(DocumentError, match=re.escape(display_path(case.name)) + ": " + case.skipped):
            list(load_documents([path]))
        return
    if path.suffix in {".jsonl", ".csv"}:
        return  # checked record by record below
    assert errors == []
    [document] = documents
    assert case.check(document.text), document.text[:300]
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in document.sentences)
    assert all(document.text[s.start : s.end] == s.text for s in document.sentences)


def test_jsonl_bad_records_are_skipped_one_by_one(hostile_dir: Path) -> None:
    errors: list[DocumentError] = []
    documents = list(load_documents([hostile_dir / "reviews.jsonl"], on_error=errors.append))
    assert [d.doc_id for d in documents] == ["reviews-1", "reviews-6", "reviews-7"]
    assert "\ud800" not in documents[1].text and "\u202e" not in documents[1].text
    assert documents[2].language == "fr"
    where = [(e.path.rsplit(":", 1)[-1], e.reason) for e in errors]
    assert [w[0] for w in where] == ["2", "3", "4", "5"]
    assert where[0][1].startswith("not JSON: Unterminated string")
    assert where[1][1].startswith("not usable JSON")
    assert where[2][1].startswith("not usable JSON")
    assert where[3][1].startswith("no text field")


def test_csv_long_field_and_nul_bytes_are_read(hostile_dir: Path) -> None:
    documents = list(load_documents([hostile_dir / "reviews.csv"]))
    assert [len(d.text) > 150_000 for d in documents] == [True, False]
    assert documents[1].text == "Short review with a NUL."


def test_an_oversized_record_in_a_large_jsonl_file_is_skipped_alone(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_bytes(_jsonl(2))  # 2 copies, the last record of each over the one-document limit: > 40 MB in all
    errors: list[DocumentError] = []
    documents = list(load_documents([path], on_error=errors.append))
    assert len(documents) == 4
    assert sum("over the one-document limit" in e.reason for e in errors) == 2


@pytest.fixture(scope="module")
def hostile_build(hostile_dir: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """`kg build` over the folder of hostile files, once: its CLI result and the store it wrote."""
    from click.testing import CliRunner

    store_dir = tmp_path_factory.mktemp("hostile-store")
    result = CliRunner().invoke(main, ["build", str(hostile_dir), "--store", str(store_dir), "--base-iri", BASE])
    return result, store_dir


@pytest.mark.slow
def test_the_build_reads_the_rest_and_reports_every_skipped_file(hostile_build) -> None:  # type: ignore[no-untyped-def]
    result, _store_dir = hostile_build
    assert result.exit_code == 0, result.output
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    expected = [c for c in HOSTILE if c.skipped]
    for case in expected:
        pattern = re.escape(display_path(case.name)) + ": " + case.skipped
        assert any(re.search(pattern, line) for line in skipped), case.name
    records_skipped = 4  # reviews.jsonl lines 2-5
    assert len(skipped) == len(expected) + records_skipped
    documents = len(HOSTILE) - len(expected) - 2 + 3 + 2  # single files, plus the .jsonl and .csv records
    assert f"built {documents} documents" in result.stdout
    assert f"({len(expected) + records_skipped} skipped)" in result.stdout
    assert "\u202e" not in result.stderr  # a file name cannot turn the report's text around
    assert "blank\\u202etxt.md: the file is empty" in result.stderr


@pytest.mark.slow
def test_the_graph_of_hostile_documents_serialises_in_every_format(hostile_build) -> None:  # type: ignore[no-untyped-def]
    _result, store_dir = hostile_build
    store = open_store(store_dir)
    for fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        data = ox.serialize(store, format=fmt)
        assert len(list(ox.parse(data, format=fmt))) == len(store)
    graph = ox.serialize(store.quads_for_pattern(None, None, None, ox.DefaultGraph()), format=ox.RdfFormat.RDF_XML)
    assert len(list(ox.parse(graph, format=ox.RdfFormat.RDF_XML))) > 0
    literals = [q.object.value for q in store if isinstance(q.object, ox.Literal)]
    assert not any(re.search("[\x00-\x08\ud800-\udfff\ufffe\uffff]", text) for text in literals)
    assert not any("<script" in text.lower() for text in literals)
    quotes = [
        q.object.value for q in store.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/ns/oa#exact"), None)
    ]
    assert quotes and max(len(quote) for quote in quotes) <= MAX_SENTENCE_CHARS  # provenance quotes stay short


@pytest.mark.parametrize(
    "text",
    ["." * 200_000, "<a" + "b" * 200_000, "<script " * 30_000, "<!-- " * 40_000, '<a title="x ' * 20_000,
     "a! " * 100_000, "." + ")" * 200_000, "<?x " * 50_000],
    ids=["dots", "long-tag-name", "unclosed-scripts", "unclosed-comments", "unclosed-quotes", "exclamations",
         "parens", "processing-instructions"],
)  # fmt: skip
def test_cleaning_and_splitting_stay_linear_on_pathological_text(text: str) -> None:
    """Each of these took minutes to hours before (a quadratic regex); now milliseconds (no timing asserted)."""
    sentences = split_sentences(clean(text))
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)


def test_an_overlong_run_is_cut_at_spaces_into_bounded_sentences() -> None:
    text = " ".join(["word"] * 2000)
    sentences = split_sentences(text)
    assert len(sentences) > 1
    assert all(len(s.text) <= MAX_SENTENCE_CHARS and not s.text.endswith(" ") for s in sentences)
    assert " ".join(s.text for s in sentences) == text


def _time_pipeline(path: Path) -> tuple[float, int, str]:
    import time

    started = time.perf_counter()
    try:
        result = analyse([path], BASE)
    except Exception as exc:  # noqa: BLE001 - the table reports whatever happens
        return time.perf_counter() - started, 0, f"{type(exc).__name__}: {str(exc)[:60]}"
    skipped = "; ".join(e.reason[:40] for e in result.skipped)
    return time.perf_counter() - started, len(result.quads), skipped or "read"


def _main() -> None:
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description="Time the pipeline on each hostile file at growing sizes.")
    parser.add_argument("--scale", type=int, default=4, help="largest size factor (1, 2, 4… up to it)")
    parser.add_argument("--only", default="", help="regex of file names to time")
    args = parser.parse_args()
    scales = [s for s in (1, 2, 4, 8, 16) if s <= args.scale]
    print(f"{'file':<22}" + "".join(f"{'x' + str(s):>10}" for s in scales) + "   ratio/doubling  outcome at x1")
    with tempfile.TemporaryDirectory() as folder:
        for case in HOSTILE:
            if args.only and not re.search(args.only, case.name):
                continue
            times, outcome = [], ""
            for scale in scales:
                path = Path(folder) / f"{scale}-{case.name}"
                path.write_bytes(case.write(scale))
                seconds, _quads, what = _time_pipeline(path)
                path.unlink()
                times.append(seconds)
                outcome = outcome or what
            ratios = [b / a for a, b in zip(times, times[1:], strict=False) if a > 0.02]
            worst = f"{max(ratios):.1f}" if ratios else "-"
            print(f"{case.name:<22}" + "".join(f"{t:>9.2f}s" for t in times) + f"   {worst:>14}  {outcome[:60]}")


if __name__ == "__main__":
    _main()
