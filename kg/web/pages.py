"""Blueprint `pages`: every entity IRI dereferences (HTML for people, RDF for machines), plus home, search, browse
and the ontology.

`/resource/<kind>/<slug>` answers for `{base}resource/<kind>/<slug>` whatever base the graph was built with;
`….ttl`, `….jsonld`, `….nt`, `….rdf`, `….html` name one variant; otherwise the Accept header picks one.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox
from flask import Blueprint, Flask, Response, abort, current_app, g, redirect, render_template, request

from ..formats import rdf_format
from ..iri import slug_of
from ..store.labels import ensure_label_index, write_label_index
from ..store.remote import cache_dir
from ..store.remote_read import RemoteView, remote_label_index
from ..store.stats import Stats, store_stats
from ..vocab import FK_NS, ONTOLOGY_IRI
from . import views
from .db import base_iri, build_id, get_store, remote_store
from .describe import (
    LABEL_PREDICATES,
    TYPE,
    Description,
    describe,
    memory_copy,
    retired_target,
    sources_about,
    subject_exists,
)
from .ontology import Ontology, load_ontology
from .render import schema_org, serialize
from .search import Search
from .variants import HTML, cached, extensions, languages, select_variant, variant_links

T = TypeVar("T")
bp = Blueprint("pages", __name__)
SOURCE_DOCUMENT = FK_NS + "SourceDocument"
FILM = FK_NS + "Film"
PERSON = FK_NS + "Person"
HOME_LIST = 8  # entities per class on the home page
HOME_DOCUMENTS = 25  # documents listed on the home page (all of them: /browse/SourceDocument)


def ontology() -> Ontology:
    """Return the ontology as read from the store, once per process."""
    return cached("ontology", lambda: load_ontology(get_store()))


def label_index() -> Search:
    """Return the search index of the served build (written at build time, else once per build on first use)."""
    return cached("label_index", _open_label_index)


def _open_label_index() -> Search:
    remote = remote_store()
    if remote is not None:  # an external server: indexed from its labels, again whenever its data changes
        folder = Path(cache_dir(remote.remote.query_url))
        return Search(remote_label_index(remote, folder, build_id(), base_iri()))
    store, base = get_store(), base_iri()
    if current_app.extensions["filmkg"].get("memory_store") is not None:  # tests: index into a temporary folder
        folder = tempfile.mkdtemp(prefix="kg-labels-")
        atexit.register(shutil.rmtree, folder, True)
        return Search(write_label_index(store, folder, base))
    return Search(ensure_label_index(build_id(), store, base))


def page_store() -> ox.Store:
    """Return the merged graph in memory for pages (made before the server forked, else once per process and build).

    From an external server: what this request reads of it, fetched in batched rounds (see `settled`).
    """
    holder = current_app.extensions["filmkg"]
    if holder.get("memory_store") is not None:
        return get_store()
    remote = remote_store()
    if remote is not None:
        if "kg_view" not in g:
            g.kg_view = RemoteView(remote, companions=(TYPE, *LABEL_PREDICATES))
        return g.kg_view  # type: ignore[no-any-return]

    def load() -> ox.Store:
        preloaded = current_app.extensions.get("filmkg_preloaded") or {}
        if preloaded.get("build") == build_id():
            return preloaded["store"]
        return memory_copy(get_store())

    return cached("page_store", load)


def settled(compute: Callable[[], T]) -> T:
    """Return `compute()`, which reads `page_store()`; from an external server, with everything it reads fetched
    in a few batched rounds (`RemoteView.settle`) rather than one request per triple pattern."""
    store = page_store()
    if isinstance(store, RemoteView):
        return store.settle(lambda _view: compute())
    return compute()


def preload(app: Flask) -> None:
    """Prepare what every server process needs before they fork, so they share it: the label index of the
    current build (written if the build has none) and the in-memory copy of its merged graph.

    The on-disk store is read in a separate (spawned) process: RocksDB must not be opened in a process that
    forks afterwards (its background threads do not survive the fork, and a later write, as an update makes,
    waits for them forever). The copy comes back as N-Triples and is loaded into pyoxigraph's in-memory store,
    which is fork-safe.
    """
    import multiprocessing

    with app.app_context():
        if current_app.extensions["filmkg"].get("memory_store") is not None:
            return
        if remote_store() is not None:  # an external server: only the search index, from its labels
            label_index()
            return
        settings = current_app.config["KG_SETTINGS"]
        build, base = _published_build(settings.store_dir), base_iri()
    with tempfile.TemporaryDirectory(prefix="kg-preload-") as folder:
        dump = os.path.join(folder, "merged.nt")
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            pool.apply(_read_build, (build, base, dump))
        copy = ox.Store()
        copy.bulk_load(path=dump, format=ox.RdfFormat.N_TRIPLES)
    app.extensions["filmkg_preloaded"] = {"build": build, "store": copy}


def _published_build(store_dir: str | os.PathLike[str]) -> str:
    from ..store import CURRENT

    path = os.path.realpath(os.path.join(store_dir, CURRENT))
    if not os.path.isdir(path):
        from ..errors import StoreError

        raise StoreError(f"{store_dir}: no built store here")
    return path


def _read_build(build: str, base: str, dump: str) -> None:
    """In a spawned process: write the build's label index if it has none, and dump its merged graph to `dump`."""
    reader = ox.Store.read_only(os.path.join(build, "oxigraph"))
    ensure_label_index(build, reader, base)
    reader.dump(dump, ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())


def stats() -> Stats:
    """Return the store's counts, once per process."""
    return cached("stats", lambda: store_stats(get_store()))


def page_size() -> int:
    """Return how many rows a long list shows per page."""
    return int(current_app.config["KG_SETTINGS"].page_size)


def linker(description: Description | None = None) -> views.Linker:
    """Return a Linker for this request's languages."""
    return views.Linker(base_iri(), ontology(), languages(), views.label_lookup(page_store()), description)


def _split(rest: str, exists: Any) -> tuple[str, str | None]:
    """Split `rest` into the resource and the extension, unless the whole of it names a resource."""
    if exists(rest):
        return rest, None
    stem, dot, suffix = rest.rpartition(".")
    if dot and suffix in extensions():
        return stem, suffix
    return rest, None


# ------------------------------------------------------------------ entities


@bp.get("/resource/<path:rest>")
def resource(rest: str) -> Response:
    """Dereference an entity IRI: 301 for retired IRIs, 404 for unknown ones, else the negotiated variant."""
    store, base = page_store(), base_iri()
    try:  # a path no IRI can hold (a backslash, NUL, a bare %) names nothing we know
        ox.NamedNode(f"{base}resource/{rest}")
    except ValueError:
        abort(404, description="That path is not a resource IRI.")
    if isinstance(store, RemoteView):  # one round for what the checks below and `describe` read first
        nodes = {ox.NamedNode(f"{base}resource/{rest}")}
        stem, dot, _suffix = rest.rpartition(".")
        if dot and stem:
            with contextlib.suppress(ValueError):
                nodes.add(ox.NamedNode(f"{base}resource/{stem}"))
        store.fetch([key for node in nodes for key in ((node, None, None), (None, None, node))])
    slug, extension = _split(rest, lambda s: subject_exists(store, f"{base}resource/{s}"))
    iri = f"{base}resource/{slug}"
    target = retired_target(store, iri)
    if target is not None:
        return redirect(f"/resource/{slug_of(base, target)}" + (f".{extension}" if extension else ""), code=301)
    if not subject_exists(store, iri):
        abort(404, description=f"Nothing is known about {iri}.")
    path = f"/resource/{slug}"
    variant = select_variant(path, extension, iri, request.query_string.decode("latin-1"))
    if isinstance(variant, Response):
        return variant
    key = variant.key
    description = settled(lambda: describe(store, iri, provenance=key != HTML))
    if key == HTML:
        fact = request.args.get("sources")
        render = (lambda: _sources_html(description, path, fact)) if fact else (lambda: _entity_html(description, path))
        response = Response(settled(render), mimetype="text/html")
    else:
        fmt = rdf_format(key)
        response = Response(serialize(description.triples, fmt, ontology()), mimetype=fmt.media_type)
    return variant.finish(response)


def _entity_html(description: Description, path: str) -> str:
    onto = ontology()
    link = linker(description)
    entity_types = set(description.types.get(description.iri, []))
    title = link.node(description.iri)
    context: dict[str, Any] = {
        "entity": description,
        "title": title,
        "types": views.types(description, link, onto),
        "names": views.names(description),
        "facts": views.facts(description, link, onto, page_size()),
        "refs": views.paginate(views.referenced_by(description, link, onto), "refs", page_size()),
        "variants": variant_links(path),
        "iri": description.iri,
        "jsonld": schema_org(description, onto, languages()),
        "film": None,
        "person": None,
    }
    if FILM in entity_types:
        film = views.film_sections(description, link, onto)
        film["credits"] = views.paginate(film["credits"], "credits", page_size())
        film["reviews"] = views.paginate(film["reviews"], "reviews", page_size())
        film["awards"] = views.paginate(film["awards"], "awards", page_size())
        context["film"] = film
    if PERSON in entity_types:
        person = views.person_sections(description, link, onto)
        person["films"] = views.paginate(person["films"], "films", page_size())
        person["awards"] = views.paginate(person["awards"], "awards", page_size())
        context["person"] = person
    if SOURCE_DOCUMENT in entity_types:
        return _document_html(description, context)
    return render_template("entity.html", **context)


def _sources_html(description: Description, path: str, fact: str) -> str:
    """One fact of the entity and every source that states it, a page at a time (entity pages show the first few)."""
    found = description.fact(fact)
    if found is None:
        abort(404, description=f"{description.iri} has no fact {fact} with sources.")
    (subject, predicate, obj), sources = found
    link = linker(description)
    return render_template(
        "sources.html",
        title=link.node(description.iri),
        path=path,
        subject=link.term(_parse_term(subject)),
        predicate=link.predicate(predicate[1:-1]),
        object=link.term(_parse_term(obj)),
        sources=views.paginate(sources, "page", page_size()),
        variants=variant_links(path),
    )


def _document_html(description: Description, context: dict[str, Any]) -> str:
    by_fact = sources_about(page_store(), document=ox.NamedNode(description.iri))
    link = linker(description)
    rows = []
    all_sources = []
    for (subject, predicate, obj), sources in by_fact.items():
        all_sources.extend(sources)
        for source in sources:
            rows.append(
                {
                    "subject": link.node(subject[1:-1]),
                    "predicate": link.predicate(predicate[1:-1]),
                    "object": link.term(_parse_term(obj)),
                    "source": source,
                }
            )
    rows.sort(key=lambda r: (r["source"].sentence_index, r["predicate"].text, r["object"].text))
    text = description.value(FK_NS + "text")
    context.update(
        {
            "runs": views.highlight(text.value if text is not None else "", all_sources),
            "rows": views.paginate(rows, "facts", page_size()),
            "language": (description.value(FK_NS + "language") or ox.Literal("")).value,
            "file_name": (description.value(FK_NS + "fileName") or ox.Literal("")).value,
        }
    )
    return render_template("document.html", **context)


def _parse_term(text: str) -> ox.Term:
    """Read back one N-Triples term (the keys of `Description.sources`)."""
    triple = next(iter(ox.parse(f"<x:s> <x:p> {text} .".encode(), format=ox.RdfFormat.N_TRIPLES)))
    return triple.object


# ------------------------------------------------------------------ home, search, browse


@bp.get("/")
def home() -> str:
    """What the dataset holds, a search box, browse lists per class, links to the query page and downloads."""
    return settled(_home)


def _home() -> str:
    counts = stats()
    onto = ontology()
    index = label_index()
    langs = languages()
    link = linker()
    samples = cached("home_samples", lambda: _home_samples(index, counts))
    classes = []
    for cls, count in counts.classes:
        members = [link.node(iri) for iri in samples.get(cls, [])]
        classes.append({"cls": link.node(cls), "local": cls[len(FK_NS) :], "count": count, "sample": members})
    classes.sort(key=lambda c: (not c["sample"], c["cls"].text.lower()))
    listed = counts.documents[:HOME_DOCUMENTS]
    documents = [{"doc": link.node(iri), "file": name, "quads": n} for iri, name, n in listed]
    from .export import download_links

    return render_template(
        "home.html",
        stats=counts,
        classes=classes,
        documents=documents,
        downloads=download_links(),
        languages=langs,
        ontology=onto,
    )


def _home_samples(index: Search, counts: Stats) -> dict[str, list[str]]:
    """Return the first entities of each class by label, read from the label index once per process."""
    return {
        cls: index.index.first_of_class(cls, HOME_LIST)
        for cls, _count in counts.classes
        if cls.startswith(FK_NS) and cls != SOURCE_DOCUMENT
    }


@bp.get("/search")
def search() -> str:
    """Find entities by any of their labels, whatever the case and accents."""
    query = request.args.get("q", "").strip()
    return settled(lambda: _search(query))


def _search(query: str) -> str:
    link = linker()
    hits = []
    for hit in label_index().search(query, languages()) if query else []:
        hits.append(
            {
                "entity": link.node(hit.entry.iri),
                "matched": hit.matched,
                "types": [link.node(t) for t in sorted(hit.entry.types) if t.startswith(FK_NS)],
            }
        )
    return render_template("search.html", query=query, hits=views.paginate(hits, "page", page_size()))


@bp.get("/browse/<name>")
def browse(name: str) -> str:
    """List the instances of one ontology class, a page at a time."""
    cls = FK_NS + name
    if cls not in ontology().terms:
        abort(404, description=f"The ontology has no class {name}.")
    size = page_size()
    total = dict(stats().classes).get(cls, 0)
    pages = max(1, -(-total // size))
    try:
        number = min(max(1, int(request.args.get("page", "1"))), pages)
    except ValueError:
        number = 1
    rows = get_store().query(
        f"SELECT DISTINCT ?s WHERE {{ ?s a <{cls}> }} ORDER BY ?s LIMIT {size} OFFSET {(number - 1) * size}"
    )
    iris = [row[0].value for row in rows if isinstance(row[0], ox.NamedNode)]

    def render() -> str:
        link = linker()
        page = views.Page([link.node(iri) for iri in iris], number, pages, total, "page")
        return render_template("browse.html", cls=link.node(cls), local=name, page=page)

    return settled(render)


# ------------------------------------------------------------------ the ontology


@bp.get("/ontology")
@bp.get("/ontology.<ext>")
def ontology_page(ext: str | None = None) -> Response:
    """The ontology as a page (classes, properties, labels, alignments, an anchor per term) or as RDF."""
    if ext is not None and ext not in extensions():
        abort(404)
    onto = ontology()
    path = "/ontology"
    variant = select_variant(path, ext, ONTOLOGY_IRI)
    if isinstance(variant, Response):
        return variant
    key = variant.key
    if key == HTML:
        link = linker()
        body = render_template(
            "ontology.html",
            onto=onto,
            link=link,
            classes=[_term_view(t, link) for t in onto.classes()],
            properties=[_term_view(t, link) for t in onto.properties()],
            variants=variant_links(path),
        )
        response = Response(body, mimetype="text/html")
    else:
        fmt = rdf_format(key)
        triples = [q.triple for q in get_store().quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_IRI))]
        response = Response(serialize(triples, fmt, onto), mimetype=fmt.media_type)
    return variant.finish(response)


@bp.get("/ontology/<name>")
def term_page(name: str) -> Response:
    """One ontology term (https://filmkg.org/ontology#Name) as a page or as RDF."""
    onto = ontology()
    local, extension = _split(name, lambda n: FK_NS + n in onto.terms)
    term = onto.terms.get(FK_NS + local)
    if term is None:
        abort(404, description=f"The ontology has no term {FK_NS + local}.")
    path = f"/ontology/{local}"
    variant = select_variant(path, extension, term.iri)
    if isinstance(variant, Response):
        return variant
    key = variant.key
    if key == HTML:
        link = linker()
        body = render_template(
            "term.html",
            term=_term_view(term, link),
            onto=onto,
            variants=variant_links(path),
            count=dict(stats().classes).get(term.iri),
        )
        response = Response(body, mimetype="text/html")
    else:
        fmt = rdf_format(key)
        node = ox.NamedNode(term.iri)
        incoming = [q.triple for q in get_store().quads_for_pattern(None, None, node, ox.NamedNode(ONTOLOGY_IRI))]
        response = Response(serialize(term.triples + incoming, fmt, onto), mimetype=fmt.media_type)
    return variant.finish(response)


def _term_view(term: Any, link: views.Linker) -> dict[str, Any]:
    onto = ontology()
    children = sorted(t.local for t in onto.terms.values() if term.iri in t.parents)
    used_by = sorted(t.local for t in onto.terms.values() if term.iri in t.domain or term.iri in t.range)
    comment = views.pick_label(term.comments, link.languages)
    return {
        "term": term,
        "label": onto.label(term.iri, link.languages),
        "labels": [views.Value(label.value, lang=label.language or "") for label in term.labels],
        "comment": comment.value if comment is not None else "",
        "parents": [link.node(p) for p in term.parents],
        "equivalents": [link.node(p) for p in term.equivalents],
        "domain": [link.node(p) for p in term.domain],
        "range": [link.node(p) for p in term.range],
        "children": [link.node(FK_NS + c) for c in children],
        "used_by": [link.node(FK_NS + c) for c in used_by],
    }


# ------------------------------------------------------------------ errors


@bp.app_errorhandler(404)
def not_found(error: Any) -> tuple[str, int]:
    """A page, not a stack trace, for anything we do not know."""
    message = getattr(error, "description", "") or "Not found."
    return render_template("error.html", status=404, title="Not found", message=message), 404


@bp.app_template_filter("local")
def local_path(iri: str) -> str:
    """Return the path this server answers an IRI of the served graph at (other IRIs unchanged)."""
    base = base_iri()
    return "/" + iri[len(base) :] if iri.startswith(base + "resource/") else iri
