"""Mint stable, readable IRIs from normalised keys, so rebuilds of the same documents agree."""

from __future__ import annotations

import hashlib
import re

from unidecode import unidecode

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 60) -> str:
    """Return a lower-case ASCII slug of `text`.

    >>> slugify("El ladrón de bicicletas")
    'el-ladron-de-bicicletas'
    >>> slugify("Lion d'Or")
    'lion-d-or'
    """
    ascii_text = unidecode(text).lower()
    slug = _NON_SLUG.sub("-", ascii_text).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rstrip("-")
    return slug or "x" + short_hash(text)


def short_hash(*parts: object, length: int = 12) -> str:
    """Return a short hex digest of `parts`, for nodes that have no readable name.

    >>> short_hash("a", 1)
    '6aec555ea0de'
    """
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:length]


def resource_iri(base_iri: str, slug: str) -> str:
    """Return the IRI of the resource at `slug` ("person/andrei-tarkovsky").

    >>> resource_iri("http://localhost:5000/", "film/bicycle-thieves")
    'http://localhost:5000/resource/film/bicycle-thieves'
    """
    return f"{base_iri}resource/{slug}"


def document_iri(base_iri: str, doc_id: str) -> str:
    """Return the IRI of a source document, which is also its named graph."""
    return resource_iri(base_iri, f"document/{doc_id}")


def slug_of(base_iri: str, iri: str) -> str | None:
    """Return the slug of a resource IRI under `base_iri`, or None for any other IRI.

    >>> slug_of("http://localhost:5000/", "http://localhost:5000/resource/person/ann")
    'person/ann'
    """
    prefix = f"{base_iri}resource/"
    return iri[len(prefix) :] if iri.startswith(prefix) else None
