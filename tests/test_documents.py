"""Reading files into Documents: decoding, cleaning, sentences, language, stable ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.documents import find_sources, load_documents
from kg.documents.text import clean, split_sentences
from kg.errors import DocumentError, NoDocumentsError

from .conftest import SEEDS


def test_seeds_load_with_languages_and_stable_ids() -> None:
    documents = list(load_documents([SEEDS]))
    assert [d.doc_id for d in documents] == [
        "000-ad8ed0dc9fe6e309", "001-9d32fff694860531", "002-984c2e56fef4b264",
        "003-05a17626e14abc0a", "004-2100bc78e332cdb5",
    ]  # fmt: skip
    assert [d.language for d in documents] == ["en", "es", "en", "en", "en"]
    assert all(len(d.sha256) == 64 for d in documents)


def test_br_tags_become_paragraph_breaks_and_entities_are_unescaped() -> None:
    assert clean("One.<br /><br />Two &amp; three &#39;x&#39;") == "One.\n\nTwo & three 'x'"


def test_scripts_are_dropped_even_when_escaped() -> None:
    text = clean("Nice film <script>alert(1)</script> and &lt;script&gt;alert(2)&lt;/script&gt; end")
    assert "alert" not in text
    assert text.startswith("Nice film")


def test_sentence_offsets_point_into_the_text() -> None:
    text = "Dr. No was fine. It was directed by Terence Young!\nTitle: Dr. No"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["Dr. No was fine.", "It was directed by Terence Young!", "Title: Dr. No"]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_missing_space_after_a_full_stop_still_splits() -> None:
    sentences = split_sentences("He was drafted shortly thereafter.I know very little.")
    assert [s.text for s in sentences] == ["He was drafted shortly thereafter.", "I know very little."]


def test_latin1_file_is_read_as_windows_1252(docs_dir: Path) -> None:
    path = docs_dir / "latin.txt"
    path.write_bytes("Un café crème, « très “beau” »".encode("cp1252"))
    [document] = load_documents([path])
    assert document.text == "Un café crème, « très “beau” »"


def test_undecodable_file_is_named_in_the_error(docs_dir: Path) -> None:
    bad = docs_dir / "cyrillic.txt"
    bad.write_bytes("Фильм о любви и войне".encode("koi8-r"))  # a legacy encoding we cannot tell apart
    with pytest.raises(DocumentError, match=r"cyrillic\.txt: not valid UTF-8: byte 0xe6 at offset 0"):
        list(load_documents([bad]))


def test_empty_and_binary_files_are_named(docs_dir: Path) -> None:
    (docs_dir / "empty.txt").write_text("  \n")
    (docs_dir / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    errors: list[DocumentError] = []
    assert list(load_documents([docs_dir], on_error=errors.append)) == []
    messages = sorted(str(e) for e in errors)
    assert "blob.txt: looks binary" in messages[0]
    assert "empty.txt: the file is empty" in messages[1]


def test_utf16_with_bom_is_read(docs_dir: Path) -> None:
    path = docs_dir / "wide.txt"
    path.write_bytes("Una película muy bonita y triste sobre la guerra.".encode("utf-16"))
    [document] = load_documents([path])
    assert document.language == "es"
    assert document.text.startswith("Una película")


def test_folder_without_documents_is_an_error(docs_dir: Path) -> None:
    (docs_dir / "notes.bin").write_bytes(b"x")
    with pytest.raises(NoDocumentsError, match="no documents found"):
        find_sources([docs_dir])


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(NoDocumentsError, match="no such file or folder"):
        find_sources([tmp_path / "nope"])


def test_jsonl_records_are_documents(docs_dir: Path) -> None:
    path = docs_dir / "reviews.jsonl"
    path.write_text('{"text": "A fine film about a river."}\n\n{"review": "Une belle histoire d\'amour."}\n')
    documents = list(load_documents([path]))
    assert [d.doc_id for d in documents] == ["reviews-1", "reviews-3"]
    assert [d.language for d in documents] == ["en", "fr"]


def test_a_folders_readme_and_hidden_files_are_not_documents(docs_dir: Path) -> None:
    (docs_dir / "README.md").write_text("# About these reviews")
    (docs_dir / ".draft.txt").write_text("A draft.")
    (docs_dir / "review.txt").write_text("A fine film about a river.")
    assert [p.name for p in find_sources([docs_dir])] == ["review.txt"]
    assert [p.name for p in find_sources([docs_dir / "README.md"])] == ["README.md"]  # named explicitly: read
