"""Issue 9: a build into a real Oxigraph server keeps its slug registry and derives the aggregates, as embedded."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.config import Settings
from kg.remote_build import build_remote
from kg.store import open_store
from kg.store.aggregates import aggregates_graph
from kg.store.remote import NTRIPLES, Remote, state_dir

from .conftest import BASE, SEEDS, OxigraphServer

READ_TIMES = ("https://filmkg.org/ontology#readAt", "http://www.w3.org/ns/prov#generatedAtTime")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph server of this module's own, on a free loopback port, its data in a temporary folder."""
    running = OxigraphServer(tmp_path_factory.mktemp("oxigraph-build-server")).start()
    try:
        yield running.url
    finally:
        running.stop()


@pytest.fixture()
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh state folder for this test's builds (never the user's ~/.local/state)."""
    folder = tmp_path / "state"
    monkeypatch.setenv("KG_STATE_DIR", str(folder))
    return folder


def _dataset(remote: Remote) -> list[str]:
    """Every quad on the server (default graph and each named graph, read back through the Graph Store Protocol)."""
    lines = []
    for graph in [None, *sorted(remote.named_graphs())]:
        data = remote.request("GET", remote.graph_url(graph), accept=NTRIPLES)
        node = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
        triples = ox.parse(data, ox.RdfFormat.N_TRIPLES)
        lines += [str(ox.Quad(t.subject, t.predicate, t.object, node)) for t in triples if _kept(t.predicate)]
    return sorted(lines)


def _kept(predicate: ox.NamedNode) -> bool:
    """Whether a quad is compared: not a read or build time, which differ between any two builds."""
    return predicate.value not in READ_TIMES


def _embedded(store: ox.Store) -> list[str]:
    return sorted(str(q) for q in store if _kept(q.predicate))


def test_seeds_built_into_the_server_equal_the_embedded_build_aggregates_included(
    runner: CliRunner, server: str, state: Path, seed_settings: Settings
) -> None:
    seed_store = open_store(seed_settings.store_dir)  # the embedded build, whatever backend other modules serve
    out = runner.invoke(main, ["build", str(SEEDS), "--store", server, "--base-iri", BASE, "--workers", "2"])
    assert out.exit_code == 0, out.output
    remote = Remote.from_url(server, {})
    aggregates = aggregates_graph(BASE)
    derived = sum(1 for _ in seed_store.quads_for_pattern(None, None, None, aggregates))
    assert derived > 0  # the seeds hold rated reviews: the comparison below covers the aggregates
    assert aggregates.value in remote.named_graphs()
    assert remote.count() == len(seed_store)
    assert _dataset(remote) == _embedded(seed_store)  # every quad, the aggregates graph and its default copies too
    assert (state_dir(remote) / "current" / "registry.json").is_file()


def test_a_remote_rebuild_replaces_the_aggregates(runner: CliRunner, server: str, state: Path, tmp_path: Path) -> None:
    """Rebuilding with fewer documents leaves no aggregate of the larger build, in its graph or the default graph."""
    assert runner.invoke(main, ["build", str(SEEDS), "--store", server, "--base-iri", BASE]).exit_code == 0
    remote = Remote.from_url(server, {})
    before = remote.solutions("SELECT ?a WHERE { ?f <http://schema.org/aggregateRating> ?a }")
    assert len(list(before)) > 0
    one = tmp_path / "one"
    one.mkdir()
    (one / "plain.txt").write_text("A Quiet Harbour\nTitle: A Quiet Harbour\nDirector: Ines Marlow\n", "utf-8")
    out = runner.invoke(main, ["build", str(one), "--store", server, "--base-iri", BASE, "--workers", "1"])
    assert out.exit_code == 0, out.output
    left = remote.solutions("SELECT ?s WHERE { { ?s a <http://schema.org/AggregateRating> } UNION { GRAPH ?g { ?s a "
                            "<http://schema.org/AggregateRating> } } }")  # fmt: skip
    assert list(left) == []
    assert aggregates_graph(BASE).value not in remote.named_graphs()


ANOTHER_FILM = """The Salt Orchard
Title: The Salt Orchard
Director: Ines Marlow
Release Date: 12 May 2004
Country: Portugal

Ines Marlow's The Salt Orchard follows two sisters who run a failing orchard by the sea. Paulo Reis plays the elder
sister's husband, and the photography by Teresa Lindqvist is the best thing in it. Rating: 3/5
"""


def _resource_iris(remote: Remote) -> set[str]:
    rows = remote.solutions(f"SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), '{BASE}resource/')) }}")
    return {row["s"].value for row in rows if isinstance(row["s"], ox.NamedNode)}


def test_a_document_added_to_a_remote_build_leaves_every_existing_iri_unchanged(
    server: str, state: Path, docs_dir: Path
) -> None:
    """The check tests/test_resolve.py makes on the embedded store, for a build into the server."""
    for seed in SEEDS.iterdir():
        shutil.copy(seed, docs_dir / seed.name)
    settings = Settings.load(store_dir=None, base_iri=BASE)
    remote = Remote.from_url(server)
    before = build_remote([docs_dir], settings, remote, workers=1).resolution
    iris_before = _resource_iris(remote)
    registry = state_dir(remote) / "current" / "registry.json"
    assert registry.is_file()
    (docs_dir / "000_another_film.txt").write_text(ANOTHER_FILM, "utf-8")  # read first: it would take slugs first
    after = build_remote([docs_dir], settings, remote, workers=2).resolution
    old = {m: e.slug for m, e in before.entity_of.items()}
    assert old and {m: after.entity_of[m].slug for m in old} == old
    assert {e.slug for e in before.entities} < {e.slug for e in after.entities}
    assert not after.retired
    iris_after = _resource_iris(remote)
    assert iris_before < iris_after  # on the server: every IRI still there, and the new film's too
    assert any(iri.startswith(BASE + "resource/film/the-salt-orchard") for iri in iris_after - iris_before)


def test_the_registry_is_what_keeps_the_iris(server: str, state: Path, tmp_path: Path) -> None:
    """The next build reads the registry the state folder keeps (only under the same base IRI): a slug that an
    earlier build minted differently (here: renamed in the registry) is the one the server gets."""
    from kg.remote_build import previous_registry

    settings = Settings.load(store_dir=None, base_iri=BASE)
    remote = Remote.from_url(server)
    first = build_remote([SEEDS], settings, remote, workers=1).resolution
    folder = state_dir(remote)
    assert previous_registry(folder, BASE) == first.registry
    assert previous_registry(folder, "http://example.org/other/") == {}
    assert state_dir(remote, {"KG_STATE_DIR": str(tmp_path / "elsewhere")}) != folder
    film = next(e.slug for e in first.entities if e.kind.value == "film")
    path = folder / "current" / "registry.json"
    registry = json.loads(path.read_text("utf-8"))
    registry["slugs"]["film/minted-earlier"] = registry["slugs"].pop(film)
    path.write_text(json.dumps(registry), "utf-8")
    second = build_remote([SEEDS], settings, remote, workers=1).resolution
    assert "film/minted-earlier" in {e.slug for e in second.entities}
    iris = _resource_iris(remote)
    assert BASE + "resource/film/minted-earlier" in iris and BASE + "resource/" + film not in iris


def test_a_build_without_the_registry_of_a_built_server_warns(
    server: str, state: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings.load(store_dir=None, base_iri=BASE)
    build_remote([SEEDS], settings, Remote.from_url(server), workers=1)
    monkeypatch.setenv("KG_STATE_DIR", str(tmp_path / "another-machine"))
    with caplog.at_level(logging.WARNING, logger="kg.remote_build"):
        build_remote([SEEDS], settings, Remote.from_url(server), workers=1)
    assert any("no slug registry" in r.getMessage() and "KG_STATE_DIR" in r.getMessage() for r in caplog.records)


def test_explain_reads_a_remote_build_state(runner: CliRunner, server: str, state: Path) -> None:
    """`kg explain --store STATE_FOLDER` explains the entities of the last build into the server."""
    settings = Settings.load(store_dir=None, base_iri=BASE)
    remote = Remote.from_url(server)
    film = next(
        e for e in build_remote([SEEDS], settings, remote, workers=1).resolution.entities if e.kind.value == "film"
    )
    out = runner.invoke(main, ["explain", "--store", str(state_dir(remote)), film.slug])
    assert out.exit_code == 0, out.output
    assert out.output.startswith(film.slug)
