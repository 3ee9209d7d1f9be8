"""Blueprint `export`: whole-graph dumps at stable URLs (streamed, gzip on request) and the VoID description.

`/download/filmkg.<ext>` (and `/export.<ext>`) for every format of `kg.formats`; `/.well-known/void` describes the
dataset: its size, class and property partitions, the SPARQL endpoint, the dumps and the source documents.
"""

from __future__ import annotations

import io
import queue
import threading
import zlib
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, abort, render_template, request

from ..formats import RDF_FORMATS, RdfFormatInfo, rdf_format
from ..store.export import dump
from ..vocab import DCTERMS, FK_NS, ONTOLOGY_IRI, RDF, SCHEMA, SD, VOID, XSD
from .db import base_iri, get_store
from .variants import HTML, built_at, cached, etag_for, extensions, select_variant

bp = Blueprint("export", __name__)
DUMP_NAME = "filmkg"
_DONE = object()
W3C_FORMATS = {
    "turtle": "Turtle",
    "ntriples": "N-Triples",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML",
    "nquads": "N-Quads",
    "trig": "TriG",
}


def download_links() -> list[dict[str, str]]:
    """Return the dump URLs, one per format, for the home page and VoID."""
    return [
        {
            "url": f"/download/{DUMP_NAME}.{f.extension}",
            "name": f.name,
            "media_type": f.media_type,
            "graphs": "named graphs" if f.datasets else "merged graph",
        }
        for f in RDF_FORMATS
    ]


class _Pipe(io.RawIOBase):
    """A file the dump thread writes into; each write waits for room in a small queue (so memory stays bounded)."""

    def __init__(self, chunks: queue.Queue[Any], cancelled: threading.Event) -> None:
        super().__init__()
        self.chunks = chunks
        self.cancelled = cancelled

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:  # type: ignore[override]
        put(self.chunks, bytes(data), self.cancelled)
        return len(data)


def put(chunks: queue.Queue[Any], item: object, cancelled: threading.Event) -> None:
    """Queue `item`, giving up when the reader has gone away."""
    while True:
        if cancelled.is_set():
            raise BrokenPipeError("the client stopped reading")
        try:
            chunks.put(item, timeout=0.5)
            return
        except queue.Full:
            continue


def stream_dump(store: ox.Store, fmt: RdfFormatInfo, gzip: bool = False) -> Iterator[bytes]:
    """Yield the store serialised in `fmt` as `dump` writes it, never holding the whole payload."""
    chunks: queue.Queue[Any] = queue.Queue(maxsize=8)
    cancelled = threading.Event()

    def run() -> None:
        try:
            dump(store, fmt, _Pipe(chunks, cancelled))
        except BrokenPipeError:
            return
        except Exception as exc:  # noqa: BLE001 - handed to the reader, which raises it
            item: object = exc
        else:
            item = _DONE
        try:
            put(chunks, item, cancelled)
        except BrokenPipeError:
            return

    thread = threading.Thread(target=run, name=f"dump-{fmt.name}", daemon=True)
    thread.start()
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31) if gzip else None
    try:
        while True:
            item = chunks.get()
            if item is _DONE:
                break
            if isinstance(item, Exception):
                raise item
            data = compressor.compress(item) if compressor else item
            if data:
                yield data
        if compressor:
            yield compressor.flush()
    finally:
        cancelled.set()
        while thread.is_alive():  # unblock a writer waiting for room
            try:
                chunks.get(timeout=0.1)
            except queue.Empty:
                pass


@bp.get(f"/download/{DUMP_NAME}.<ext>")
@bp.get("/export.<ext>")
def download(ext: str) -> Response:
    """The whole dataset in one format, streamed; gzip-compressed when the client accepts it."""
    try:
        fmt = rdf_format(ext)
    except Exception:  # noqa: BLE001 - an unknown extension is an unknown URL
        abort(404, description=f"No dump in format {ext!r}; try one of: {', '.join(f.extension for f in RDF_FORMATS)}")
    if ext != fmt.extension:
        abort(404, description=f"The {fmt.name} dump is at /download/{DUMP_NAME}.{fmt.extension}")
    gzip = request.accept_encodings["gzip"] > 0
    etag = etag_for("dump", fmt.name, "gzip" if gzip else "identity")
    headers = {"Content-Disposition": f'inline; filename="{DUMP_NAME}.{fmt.extension}"'}
    if gzip:
        headers["Content-Encoding"] = "gzip"
    if not _is_modified(etag):
        response = Response(status=304, headers=headers)
    else:
        response = Response(stream_dump(get_store(), fmt, gzip), mimetype=fmt.media_type, headers=headers)
    response.vary.add("Accept-Encoding")
    response.set_etag(etag)
    response.last_modified = built_at()
    return response


def _is_modified(etag: str) -> bool:
    from werkzeug.http import is_resource_modified

    return is_resource_modified(request.environ, etag=etag, last_modified=built_at())


# ------------------------------------------------------------------ VoID


def _void_counts() -> dict[str, Any]:
    store = get_store()
    base = base_iri()

    def scalar(query: str) -> int:
        return int(next(iter(store.query(query)))[0].value)

    space = f"{base}resource/"
    counts: dict[str, Any] = {
        "triples": scalar("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"),
        "entities": scalar(f'SELECT (COUNT(DISTINCT ?s) AS ?n) {{ ?s a ?c FILTER(STRSTARTS(STR(?s), "{space}")) }}'),
        "subjects": scalar("SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s ?p ?o }"),
        "objects": scalar("SELECT (COUNT(DISTINCT ?o) AS ?n) { ?s ?p ?o }"),
        "classes": [
            (r[0].value, int(r[1].value))
            for r in store.query("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) { ?s a ?c } GROUP BY ?c ORDER BY ?c")
        ],
        "properties": [
            (r[0].value, int(r[1].value))
            for r in store.query("SELECT ?p (COUNT(*) AS ?n) { ?s ?p ?o } GROUP BY ?p ORDER BY ?p")
        ],
        "documents": [
            (r[0].value, r[1].value, int(r[2].value))
            for r in store.query(
                "SELECT ?d ?name (COUNT(*) AS ?n) WHERE { GRAPH ?d { ?d <" + FK_NS + "fileName> ?name . ?s ?p ?o } }"
                " GROUP BY ?d ?name ORDER BY ?name"
            )
        ],
        "examples": [
            r[0].value
            for r in store.query(
                f'SELECT (MIN(?s) AS ?e) {{ ?s a ?c FILTER(STRSTARTS(STR(?s), "{space}")'
                f' && STRSTARTS(STR(?c), "{FK_NS}")) }}'
                " GROUP BY ?c ORDER BY ?c LIMIT 5"
            )
            if r[0] is not None
        ],
    }
    return counts


def void_triples() -> tuple[list[ox.Triple], dict[str, Any]]:
    """Return the VoID description of the served dataset (and the counts it is made of)."""
    counts = cached("void_counts", _void_counts)
    base = base_iri()
    root = request.url_root
    n = ox.NamedNode
    this = f"{base}.well-known/void"
    dataset = n(this + "#dataset")
    triples: list[ox.Triple] = []

    def add(subject: ox.NamedNode, predicate: Any, obj: ox.NamedNode | ox.Literal) -> None:
        triples.append(ox.Triple(subject, n(str(predicate)), obj))

    def integer(value: int) -> ox.Literal:
        return ox.Literal(str(value), datatype=n(str(XSD.integer)))

    add(dataset, RDF.type, n(str(VOID.Dataset)))
    add(dataset, DCTERMS["title"], ox.Literal("filmkg", language="en"))
    add(
        dataset,
        DCTERMS.description,
        ox.Literal(
            "A knowledge graph of films, their people, awards and reviews, read from review texts; "
            "every fact keeps the document and sentence it came from.",
            language="en",
        ),
    )
    add(dataset, DCTERMS.modified, ox.Literal(built_at().isoformat(), datatype=n(str(XSD.dateTime))))
    add(dataset, VOID.uriSpace, ox.Literal(f"{base}resource/"))
    add(dataset, VOID.sparqlEndpoint, n(root + "sparql"))
    add(dataset, VOID.rootResource, n(root))
    for vocabulary in (ONTOLOGY_IRI, str(SCHEMA)):
        add(dataset, VOID.vocabulary, n(vocabulary))
    for example in counts["examples"]:
        add(dataset, VOID.exampleResource, n(example))
    add(dataset, VOID.triples, integer(counts["triples"]))
    add(dataset, VOID.entities, integer(counts["entities"]))
    add(dataset, VOID.distinctSubjects, integer(counts["subjects"]))
    add(dataset, VOID.distinctObjects, integer(counts["objects"]))
    add(dataset, VOID.classes, integer(len(counts["classes"])))
    add(dataset, VOID.properties, integer(len(counts["properties"])))
    for link in download_links():
        dump_node = n(root + link["url"].lstrip("/"))
        add(dataset, VOID.dataDump, dump_node)
        add(dump_node, DCTERMS["format"], ox.Literal(link["media_type"]))
        add(dataset, VOID.feature, n("http://www.w3.org/ns/formats/" + W3C_FORMATS[link["name"]]))
    for index, (cls, entities) in enumerate(counts["classes"]):
        part = n(f"{this}#class-{index}")
        add(dataset, VOID.classPartition, part)
        add(part, VOID["class"], n(cls))
        add(part, VOID.entities, integer(entities))
    for index, (prop, count) in enumerate(counts["properties"]):
        part = n(f"{this}#property-{index}")
        add(dataset, VOID.propertyPartition, part)
        add(part, VOID.property, n(prop))
        add(part, VOID.triples, integer(count))
    for index, (doc, name, count) in enumerate(counts["documents"]):
        part = n(f"{this}#document-{index}")
        add(dataset, DCTERMS.source, n(doc))
        add(dataset, VOID.subset, part)
        add(part, RDF.type, n(str(VOID.Dataset)))
        add(part, SD.name, n(doc))
        add(part, DCTERMS.source, n(doc))
        add(part, DCTERMS["title"], ox.Literal(name))
        add(part, VOID.triples, integer(count))
    return triples, counts


@bp.get("/.well-known/void")
@bp.get("/.well-known/void.<ext>")
def void(ext: str | None = None) -> Response:
    """The VoID description: Turtle (and other RDF) for machines, a page for people."""
    if ext is not None and ext not in extensions():
        abort(404)
    path = "/.well-known/void"
    variant = select_variant(path, ext, "void", request.url_root)
    if isinstance(variant, Response):
        return variant
    key = variant.key
    from .pages import ontology
    from .render import serialize

    triples, counts = void_triples()
    turtle = serialize(triples, rdf_format("turtle"), ontology())
    if key == HTML:
        body = render_template(
            "void.html",
            counts=counts,
            turtle=turtle.decode("utf-8"),
            downloads=download_links(),
            variants=[(f"{path}.{e}", e) for e in sorted(extensions()) if e != HTML],
        )
        response = Response(body, mimetype="text/html")
    else:
        fmt = rdf_format(key)
        response = Response(
            turtle if fmt.name == "turtle" else serialize(triples, fmt, ontology()), mimetype=fmt.media_type
        )
    return variant.finish(response)
