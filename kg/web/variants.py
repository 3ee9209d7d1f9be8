"""What the linked-data and export views share: per-process caches, the build stamp, variants of a resource.

A resource (an entity, the ontology, VoID) has one HTML and several RDF variants. `choose` picks one from the
URL's extension or the Accept header (via `negotiate.best_match`, Turtle first so curl's `*/*` gets Turtle while
browsers, which name text/html, get the page); `Variant.finish` adds Vary, Link alternates, Content-Location, ETag and
Last-Modified; `select_variant` answers revalidations (304) and unacceptable requests (406) before any work is done.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from flask import Response, current_app, request
from werkzeug.http import is_resource_modified

from ..formats import RDF_FORMATS, RdfFormatInfo, rdf_format
from ..store import read_meta
from .db import build_id, remote_store
from .negotiate import best_match

T = TypeVar("T")
HTML = "html"
TRIPLE_FORMATS: tuple[RdfFormatInfo, ...] = tuple(f for f in RDF_FORMATS if not f.datasets)
_STARTED = datetime.now(UTC).replace(microsecond=0)


def cached(name: str, compute: Callable[[], T]) -> T:
    """Return a value computed once per process and build (label index, ontology, counts)."""
    holder: dict[str, Any] = current_app.extensions.setdefault("filmkg_cache", {})
    key = (os.getpid(), build_id())  # a newly published build starts afresh
    if holder.get("key") != key:
        holder.clear()
        holder["key"] = key
    if name not in holder:
        holder[name] = compute()
    return holder[name]  # type: ignore[no-any-return]


def built_at() -> datetime:
    """Return when the served build was made (the app's start for in-memory stores)."""

    def read() -> datetime:
        try:
            if remote_store() is not None:  # an external server: its newest document's read time
                stamp = build_id().rsplit("/", 1)[-1]
            else:
                stamp = read_meta(current_app.config["KG_SETTINGS"].store_dir).built_at
            return datetime.fromisoformat(stamp).astimezone(UTC).replace(microsecond=0)
        except Exception:  # noqa: BLE001 - no meta.json (in-memory store): the process start stands in
            return _STARTED

    if current_app.extensions["filmkg"].get("memory_store") is not None:
        return _STARTED
    return cached("built_at", read)


def languages() -> list[str]:
    """Return the reader's languages, most wanted first (Accept-Language)."""
    return [value for value, quality in request.accept_languages if quality > 0 and value != "*"]


def _offered() -> list[tuple[str, str]]:
    offered = [
        (TRIPLE_FORMATS[0].media_type, TRIPLE_FORMATS[0].name),
        ("text/html", HTML),
        ("application/xhtml+xml", HTML),
    ]
    for fmt in TRIPLE_FORMATS[1:]:
        offered.append((fmt.media_type, fmt.name))
    for fmt in TRIPLE_FORMATS:
        offered.extend((alias, fmt.name) for alias in fmt.aliases if "/" in alias)
    return offered


def choose(extension: str | None) -> str | None:
    """Return "html" or an RDF format name for this request, or None when nothing offered is acceptable."""
    if extension:
        if extension == HTML:
            return HTML
        return rdf_format(extension).name
    offered = _offered()
    media_type = best_match(request.headers.get("Accept"), [m for m, _ in offered])
    return dict(offered).get(media_type) if media_type else None


def extensions() -> set[str]:
    """Return the extensions a resource URL may end with."""
    return {HTML} | {f.extension for f in TRIPLE_FORMATS}


def variant_links(path: str) -> list[tuple[str, str, str]]:
    """Return (url, media type, name) for each variant of the resource at `path`."""
    links = [(f"{path}.{HTML}", "text/html", "HTML page")]
    links += [(f"{path}.{f.extension}", f.media_type, f.name) for f in TRIPLE_FORMATS]
    return links


def etag_for(*parts: object) -> str:
    """Return a strong ETag from the build (its stamp and identity) and what identifies the variant."""
    text = "\x1f".join([built_at().isoformat(), build_id(), *(str(p) for p in parts)])
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:24]


def _decorate(response: Response, path: str, key: str, negotiated: bool, etag: str) -> Response:
    if negotiated:
        response.vary.add("Accept")
        response.headers["Content-Location"] = f"{path}.{HTML if key == HTML else rdf_format(key).extension}"
    if key == HTML:
        response.vary.add("Accept-Language")
    response.headers["Link"] = ", ".join(
        f'<{url}>; rel="alternate"; type="{media_type}"' for url, media_type, _ in variant_links(path)
    )
    response.set_etag(etag)
    response.last_modified = built_at()
    return response


@dataclass(frozen=True)
class Variant:
    """The representation a request gets: "html" or an RDF format name, and its validators."""

    path: str
    key: str
    negotiated: bool  # chosen by Accept, not by an extension in the URL
    etag: str

    def finish(self, response: Response) -> Response:
        """Add the linked-data headers (Vary, Content-Location, Link, ETag, Last-Modified) to the response."""
        return _decorate(response, self.path, self.key, self.negotiated, self.etag)


def select_variant(path: str, extension: str | None, *identity: object) -> Variant | Response:
    """Pick the variant for this request, or return the early answer: 406 when nothing fits, 304 when cached.

    `identity` names the resource (its IRI and anything else that changes the body); HTML variants also vary
    with Accept-Language.
    """
    key = choose(extension)
    if key is None:
        return not_acceptable(path)
    etag = etag_for(*identity, key, *(languages() if key == HTML else []))
    if not is_resource_modified(request.environ, etag=etag, last_modified=built_at()):
        return _decorate(Response(status=304), path, key, extension is None, etag)
    return Variant(path, key, extension is None, etag)


def not_acceptable(path: str) -> Response:
    """Return 406 listing the variants the client could ask for."""
    lines = ["406 Not Acceptable: none of the Accept header's types is offered here. Variants:"]
    lines += [f"  {media_type:<24} {url}" for url, media_type, _ in variant_links(path)]
    response = Response("\n".join(lines) + "\n", status=406, mimetype="text/plain")
    response.vary.add("Accept")
    response.headers["Link"] = ", ".join(
        f'<{url}>; rel="alternate"; type="{media_type}"' for url, media_type, _ in variant_links(path)
    )
    return response
