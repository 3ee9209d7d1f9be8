"""The `kg` command, driven through click's runner on real stores."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main
from kg.config import Settings

from .conftest import ROOT, SEEDS


def test_build_query_stats_validate_export(runner: CliRunner, tmp_path: Path) -> None:
    store = tmp_path / "store"
    result = runner.invoke(main, ["build", str(SEEDS), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert re.search(r"built 5 documents, \d+ entities, \d+ quads", result.output)

    dated = "SELECT ?d { ?f schema:datePublished ?d FILTER(datatype(?d) = xsd:date) }"
    result = runner.invoke(main, ["query", "--store", str(store), dated])
    assert result.exit_code == 0
    assert "1957-10-12" in result.output and "(1 rows)" in result.output

    result = runner.invoke(
        main, ["query", "--store", str(store), "--format", "json", "SELECT ?n { ?f a schema:Movie ; schema:name ?n }"]
    )
    assert json.loads(result.output)["results"]["bindings"][0]["n"]["value"]

    result = runner.invoke(main, ["stats", "--store", str(store)])
    assert result.exit_code == 0 and "SourceDocument" in result.output and "004_2100bc78e332cdb5.txt" in result.output

    result = runner.invoke(main, ["validate", "--store", str(store)])
    assert result.exit_code == 0 and "0 violations" in result.output

    out = tmp_path / "graph.nt"
    result = runner.invoke(main, ["export", "--store", str(store), "--format", "ntriples", "-o", str(out)])
    assert result.exit_code == 0 and out.stat().st_size > 0


def test_errors_are_plain_messages_without_traceback(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["query", "--store", str(tmp_path / "none"), "ASK {}"])
    assert result.exit_code == 2
    assert "no built store here" in result.output and "Traceback" not in result.output

    result = runner.invoke(main, ["build", str(tmp_path / "missing"), "--store", str(tmp_path / "s")])
    assert result.exit_code == 2 and "no such file or folder" in result.output


def test_syntax_error_names_the_position(runner: CliRunner, seed_settings: Settings) -> None:
    result = runner.invoke(main, ["query", "--store", str(seed_settings.store_dir), "SELECT ?x WHERE { ?x"])
    assert result.exit_code == 2
    assert "SPARQL syntax error" in result.output


def test_strict_build_refuses_bad_files_and_writes_nothing(runner: CliRunner, tmp_path: Path, docs_dir: Path) -> None:
    (docs_dir / "good.txt").write_text("Title: A Film\nDirector: Some One\n")
    (docs_dir / "bad.txt").write_bytes(b"\xc3\x28")
    store = tmp_path / "store"
    result = runner.invoke(main, ["build", str(docs_dir), "--store", str(store), "--strict"])
    assert result.exit_code == 2 and "bad.txt: not valid UTF-8" in result.output
    assert not (store / "current").exists()


def test_serve_get_answers_one_request(runner: CliRunner, seed_settings: Settings) -> None:
    result = runner.invoke(main, ["serve", "--store", str(seed_settings.store_dir), "--get", "/healthz"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["status"] == "ok"


def test_every_command_has_help_and_is_in_the_readme(runner: CliRunner) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for name, command in main.commands.items():
        assert command.help, name
        assert f"kg {name}" in readme, f"`kg {name}` is not documented in README.md"
