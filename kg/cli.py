"""The `kg` command: a thin layer over the library; each command calls one library function."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import click

from . import __version__
from .config import DEFAULT_HOST, DEFAULT_PORT, Settings
from .errors import KgError
from .formats import RDF_FORMATS, RESULTS_FORMATS, rdf_format, results_format
from .model import Document

STORE_OPTION = click.option(
    "--store", "store_dir", type=click.Path(path_type=Path), default=None,
    help="Store directory (default: $KG_STORE_DIR or ./data/store).",
)  # fmt: skip


class KgGroup(click.Group):
    """Show KgError messages plainly, without a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KgError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)


@click.group(cls=KgGroup)
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """filmkg: turn film reviews into an RDF knowledge graph to query, browse and export."""


def _progress(documents: Iterable[Document], total: int) -> Iterable[Document]:
    from tqdm import tqdm

    return tqdm(documents, total=total, unit="doc", desc="reading", disable=total < 20, file=sys.stderr)


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@STORE_OPTION
@click.option("--base-iri", default=None, help="Base IRI entities are minted under (default: the local serve address).")
@click.option("--strict", is_flag=True, help="Fail, leaving the store untouched, if any document cannot be read.")
@click.option("--workers", type=int, default=None, help="Extraction processes (default: the cores, for large corpora).")
@click.option("--add", is_flag=True, help="Add SOURCES to the built store (a changed document replaces its graph).")
def build(
    sources: tuple[Path, ...],
    store_dir: Path | None,
    base_iri: str | None,
    strict: bool,
    workers: int | None,
    add: bool,
) -> None:
    """Build the graph from SOURCES (files or folders), replacing the store atomically.

    With --add, SOURCES are added to the store built before, without reading its documents again.
    --store may also be the URL of a SPARQL 1.1 server (see "Scaling out" in the README).
    """
    from .parallel import default_workers
    from .pipeline import analyse
    from .pipeline import build as run_build
    from .store.remote import remote_url

    url = remote_url(store_dir)
    settings = Settings.load(store_dir=None if url else store_dir, base_iri=base_iri)
    if add:
        if url:
            raise KgError("--add works on a local store; an external store is written by a full build")
        _build_add(sources, settings, strict, workers or default_workers(), base_iri is not None)
        return
    if strict:
        checked = analyse(sources, settings.base_iri)
        if checked.skipped:
            raise KgError("; ".join(str(error) for error in checked.skipped) + " (nothing was written)")
    if url:
        from .remote_build import build_remote
        from .store.remote import Remote

        result = build_remote(sources, settings, Remote.from_url(url), _progress, workers or default_workers())
    else:
        result = run_build(sources, settings, progress=_progress, workers=workers or default_workers())
    for error in result.skipped:
        click.echo(f"skipped {error}", err=True)
    click.echo(
        f"built {result.document_count} documents, {len(result.resolution.entities)} entities, "
        f"{result.quad_count} quads into {url or settings.store_dir}"
        + (f" ({len(result.skipped)} skipped)" if result.skipped else "")
    )


def _build_add(sources: tuple[Path, ...], settings: Settings, strict: bool, workers: int, base_given: bool) -> None:
    """`kg build --add`: extract only the new and changed documents, then publish the store's next build."""
    from .incremental import add_documents
    from .store import read_meta

    read_meta(settings.store_dir)  # no store yet: say so before reading anything
    base = settings.base_iri if base_given else None
    change = add_documents(sources, settings, _progress, workers, strict, _say, base)
    for error in change.skipped:
        click.echo(f"skipped {error}", err=True)
    if not change.published:
        click.echo(f"nothing to add: {len(change.unchanged)} documents unchanged in {settings.store_dir}")
        return
    skipped = f" ({len(change.skipped)} skipped)" if change.skipped else ""
    click.echo(
        f"added {len(change.added)}, replaced {len(change.replaced)} documents ({len(change.unchanged)} unchanged, "
        f"{change.rewritten} other graphs rewritten): {change.documents} documents, {change.entities} entities, "
        f"{change.quads} quads in the store {settings.store_dir}{skipped}"
    )


def _say(message: str) -> None:
    click.echo(message, err=True)


@main.command()
@click.argument("documents", nargs=-1, required=True)
@STORE_OPTION
def remove(documents: tuple[str, ...], store_dir: Path | None) -> None:
    """Remove DOCUMENTS (ids, file names or paths) and every entity no other document supports."""
    from .incremental import remove_documents
    from .store.remote import remote_url

    if remote_url(store_dir):
        raise KgError("kg remove works on a local store; an external store is written by a full build")
    settings = Settings.load(store_dir=store_dir)
    change = remove_documents(documents, settings, _say)
    click.echo(
        f"removed {len(change.removed)} documents ({change.rewritten} other graphs rewritten): {change.documents} "
        f"documents, {change.entities} entities, {change.quads} quads in the store {settings.store_dir}"
    )


@main.command()
@click.argument("sparql")
@STORE_OPTION
@click.option("--format", "fmt", default="table", help="table, or " + ", ".join(
    [f.name for f in RESULTS_FORMATS] + [f.name for f in RDF_FORMATS]))  # fmt: skip
def query(sparql: str, store_dir: Path | None, fmt: str) -> None:
    """Run a SPARQL query (prefixes rdf, rdfs, schema, fk, skos, prov… are predeclared)."""
    import pyoxigraph as ox

    from .store import open_store
    from .store.sparql import run_query

    settings = Settings.load(store_dir=store_dir)
    if sparql == "-":
        sparql = sys.stdin.read()
    result = run_query(open_store(settings.store_dir), sparql)
    out = sys.stdout.buffer
    if isinstance(result, ox.QueryBoolean):
        click.echo("true" if bool(result) else "false")
    elif isinstance(result, ox.QuerySolutions):
        if fmt == "table":
            _print_table(result)
        else:
            result.serialize(out, results_format(fmt).oxigraph)
    else:
        ox.serialize(result, out, rdf_format("turtle" if fmt == "table" else fmt).oxigraph)
    out.flush()


def _print_table(solutions) -> None:  # type: ignore[no-untyped-def]
    names = [v.value for v in solutions.variables]
    rows = [["" if row[n] is None else _short(row[n]) for n in names] for row in solutions]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    widths = [min(w, 60) for w in widths]
    click.echo("  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)))
    click.echo("  ".join("-" * w for w in widths))
    for row in rows:
        click.echo("  ".join(c[:w].ljust(w) for c, w in zip(row, widths, strict=True)))
    click.echo(f"({len(rows)} rows)")


def _short(term) -> str:  # type: ignore[no-untyped-def]
    return str(getattr(term, "value", term))


@main.command()
@STORE_OPTION
@click.option("--format", "fmt", default="turtle", help=", ".join(f.name for f in RDF_FORMATS))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="File to write (default: stdout).")
def export(store_dir: Path | None, fmt: str, output: Path | None) -> None:
    """Export the whole graph in an RDF format."""
    from .store import open_store
    from .store.export import dump

    settings = Settings.load(store_dir=store_dir)
    info = rdf_format(fmt)
    store = open_store(settings.store_dir)
    if output is None:
        dump(store, info, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    else:
        with output.open("wb") as handle:
            dump(store, info, handle)
        click.echo(f"wrote {output} ({info.name})", err=True)


@main.command()
@STORE_OPTION
def validate(store_dir: Path | None) -> None:
    """Check the graph against the SHACL shapes; exit 1 on violations."""
    from .graph.shapes import validate as run_validate
    from .store import open_store

    settings = Settings.load(store_dir=store_dir)
    report = run_validate(open_store(settings.store_dir))
    if report.conforms:
        click.echo("conforms: 0 violations")
        return
    click.echo(report.text)
    click.echo(f"{report.violations} violations")
    sys.exit(1)


@main.command()
@STORE_OPTION
def stats(store_dir: Path | None) -> None:
    """Show counts per class and per source document."""
    from .store import open_store, read_meta
    from .store.stats import store_stats

    settings = Settings.load(store_dir=store_dir)
    meta = read_meta(settings.store_dir)
    result = store_stats(open_store(settings.store_dir))
    click.echo(f"store {settings.store_dir}  built {meta.built_at}  base {meta.base_iri}")
    click.echo(f"{result.quads} quads, {result.triples} distinct triples")
    click.echo("\nclass counts:")
    for cls, count in result.classes:
        click.echo(f"  {cls.rsplit('#', 1)[-1]:<20} {count}")
    click.echo("\ndocuments (quads in each named graph):")
    for _iri, name, count in result.documents:
        click.echo(f"  {name:<50} {count}")


@main.command()
@click.argument("component", type=click.Choice(["cast-linker"]))
@click.argument("answer_keys", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Model file to write (default: the one the extractor loads).",
)
@click.option("--threshold", type=float, default=0.5, show_default=True, help="Score above which a person is cast.")
def train(component: str, answer_keys: tuple[str, ...], output: Path | None, threshold: float) -> None:
    """Train COMPONENT from ANSWER_KEYS (gold.json, or gold.json:tune,train for some splits; texts beside it)."""
    from .extractors.cast_linker import MODEL_PATH
    from .training import parse_source, train_cast_linker

    target = output or MODEL_PATH
    report = train_cast_linker([parse_source(spec) for spec in answer_keys], target, threshold=threshold)
    click.echo(f"{report['candidates']} candidates ({report['cast']} cast) -> {target}")
    for cut, (precision, recall, f1) in report["cv"].items():
        click.echo(f"  5-fold by document, threshold {cut}: P {precision} R {recall} F1 {f1}")


@main.command()
@click.argument("name")
@STORE_OPTION
def explain(name: str, store_dir: Path | None) -> None:
    """Show how entities called NAME were resolved: forms merged, from which documents, why; near-misses."""
    from .store.registry import explain as run_explain

    settings = Settings.load(store_dir=store_dir)
    found = run_explain(settings.store_dir, name)
    if not found:
        raise KgError(f"no entity called {name!r} in {settings.store_dir}")
    for n, explanation in enumerate(found):
        if n:
            click.echo("")
        click.echo("\n".join(explanation.lines()))


@main.command(name="eval")
@click.argument("gold", type=click.Path(path_type=Path))
@STORE_OPTION
@click.option("--split", type=click.Choice(["tune", "check", "all"]), default="all", help="Score this split only.")
@click.option("--by-doc", is_flag=True, help="Per document: missed facts (where lost), spurious ones (whence).")
@click.option("--same", "same_path", type=click.Path(path_type=Path), help="JSON of names one across documents.")
@click.option("--json", "json_out", type=click.Path(path_type=Path), help="Write the figures to this file.")
@click.option("--min-f1", type=float, default=None, help="Exit 1 if the micro F1 is below this.")
def evaluate(
    gold: Path,
    store_dir: Path | None,
    split: str,
    by_doc: bool,
    same_path: Path | None,
    json_out: Path | None,
    min_f1: float | None,
) -> None:
    """Score the built graph against the answer key GOLD (../shared/eval/README.md's schema), as score.py does."""
    import json

    from .evaluate import evaluate as run_evaluate
    from .evaluate.report import document_lines, figure_lines, summary_lines
    from .store.remote import remote_url

    if remote_url(store_dir):
        raise KgError("kg eval reads a local store; score a SPARQL server with ../shared/eval/score.py")
    settings = Settings.load(store_dir=store_dir)
    result = run_evaluate(settings.store_dir, gold, split, same_path, by_doc)
    if by_doc:
        for line in [*document_lines(result), *summary_lines(result)]:
            click.echo(line)
    for line in figure_lines(result):
        click.echo(line)
    if json_out is not None:
        json_out.write_text(json.dumps(result.figures(), indent=1, ensure_ascii=False) + "\n", "utf-8")
    if min_f1 is not None and result.figures()["micro"]["f1"] < min_f1:
        click.echo(f"fact F1 below {min_f1}", err=True)
        sys.exit(1)


@main.command()
@STORE_OPTION
@click.option("--host", default=DEFAULT_HOST, show_default=True)
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int, help="gunicorn worker processes.")
@click.option("--query-timeout", type=float, default=None, help="Seconds a SPARQL query may run (default 30).")
@click.option("--max-rows", type=int, default=None, help="Most result rows returned (default 10000).")
@click.option("--update-token", default=None, help="Accept SPARQL Update with this bearer token ($KG_UPDATE_TOKEN).")
@click.option("--dev", is_flag=True, help="Use Flask's development server instead of gunicorn.")
@click.option("--get", "get_path", default=None, help="Answer one GET request for this path, print it and exit.")
@click.option("--snapshot", is_flag=True, help="With --store URL: serve a local copy taken at start, not the server.")
def serve(
    store_dir: Path | None,
    host: str,
    port: int,
    workers: int,
    query_timeout: float | None,
    max_rows: int | None,
    update_token: str | None,
    dev: bool,
    get_path: str | None,
    snapshot: bool,
) -> None:
    """Serve the SPARQL endpoint, linked-data pages and exports.

    With --store URL (a SPARQL 1.1 server), every answer is read live from the server; with --snapshot too,
    a read-only local copy of the server's graphs is taken at start and served instead.
    """
    from .store.remote import remote_url
    from .web import create_app

    url = remote_url(store_dir)
    if url and snapshot:
        from .store.remote import Remote, cache_dir
        from .store.remote import snapshot as take_snapshot

        if update_token or Settings.load().update_token:
            raise KgError("SPARQL Update is not served from a copy of an external store; send it to the server")
        store_dir = cache_dir(url)
        take_snapshot(Remote.from_url(url), store_dir, Settings.load().base_iri)
    elif snapshot:
        raise KgError("--snapshot copies an external store: give --store http://…")
    overrides = {"store_dir": store_dir, "query_timeout": query_timeout, "max_rows": max_rows}
    if update_token:
        overrides["update_token"] = update_token
    settings = Settings.load(**overrides)
    app = create_app(settings)
    if get_path is not None:
        response = app.test_client().get(get_path)
        click.echo(f"{response.status}  {response.content_type}", err=True)
        sys.stdout.buffer.write(response.get_data())
        sys.exit(0 if response.status_code < 400 else 1)
    served = url if url and not snapshot else settings.store_dir
    click.echo(f"filmkg serving {served} at http://{host}:{port}/  (SPARQL: http://{host}:{port}/sparql)")
    if dev:
        app.run(host=host, port=port)
        return
    from .web.wsgi import run_gunicorn

    run_gunicorn(app, host, port, workers)
