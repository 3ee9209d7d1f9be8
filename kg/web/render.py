"""Render triples as RDF: Turtle, N-Triples, RDF/XML through pyoxigraph; JSON-LD with our own compact context.

pyoxigraph writes expanded JSON-LD only, so entity descriptions get a small serializer here whose `@context`
names our ontology's terms (`director`, `Film`) and schema.org's (`schema:director`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox

from ..formats import RdfFormatInfo
from .describe import Description
from .ontology import PREFIXES, Ontology, compact

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SCHEMA = PREFIXES["schema"]


def serialize(triples: Sequence[ox.Triple], fmt: RdfFormatInfo, ontology: Ontology) -> bytes:
    """Serialise `triples` in a triple format (JSON-LD gets a compact context)."""
    if fmt.name == "jsonld":
        return json.dumps(to_jsonld(triples, ontology), ensure_ascii=False, indent=1).encode("utf-8")
    prefixes = PREFIXES if fmt.name in {"turtle", "rdfxml"} else None
    return ox.serialize(list(triples), format=fmt.oxigraph, prefixes=prefixes)


def jsonld_context(ontology: Ontology) -> dict[str, Any]:
    """Return a JSON-LD context: our ontology's terms by local name, prefixes for schema.org and the rest."""
    context: dict[str, Any] = dict(PREFIXES)
    for term in ontology.terms.values():
        if term.kind == "class":
            context[term.local] = f"fk:{term.local}"
        elif term.kind == "object property":
            context[term.local] = {"@id": f"fk:{term.local}", "@type": "@id"}
        else:
            context[term.local] = {"@id": f"fk:{term.local}"}
    context.update({"label": "rdfs:label", "prefLabel": "skos:prefLabel", "altLabel": "skos:altLabel"})
    return context


def _key(iri: str, context: dict[str, Any]) -> str:
    short = compact(iri)
    local = short.split(":", 1)[1] if short.startswith("fk:") else None
    if local is not None and local in context:
        return local
    for term in ("label", "prefLabel", "altLabel"):
        if context[term] == short:
            return term
    return short


def _node_id(term: ox.NamedNode | ox.BlankNode) -> str:
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def _value(term: ox.Term) -> Any:
    if isinstance(term, ox.Literal):
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value in {XSD_STRING, RDF_LANG_STRING}:
            return {"@value": term.value}
        return {"@value": term.value, "@type": compact(term.datatype.value)}
    return {"@id": _node_id(term)}


def to_jsonld(triples: Sequence[ox.Triple], ontology: Ontology) -> dict[str, Any]:
    """Return a JSON-LD document (a `@graph` of node objects) for `triples`, with our context."""
    context = jsonld_context(ontology)
    nodes: dict[str, dict[str, Any]] = {}
    for triple in triples:
        node = nodes.setdefault(_node_id(triple.subject), {"@id": _node_id(triple.subject)})
        if triple.predicate.value == TYPE and isinstance(triple.object, ox.NamedNode):
            node.setdefault("@type", []).append(_key(triple.object.value, context))
        else:
            node.setdefault(_key(triple.predicate.value, context), []).append(_value(triple.object))
    return {"@context": context, "@graph": list(nodes.values())}


def schema_org(description: Description, ontology: Ontology, languages: Sequence[str]) -> dict[str, Any]:
    """Return the entity's schema.org description (what search engines read), nesting the nodes it owns."""
    from .describe import pick_label

    def label(iri: str) -> str | None:
        picked = pick_label(description.labels.get(iri, []), languages)
        return picked.value if picked is not None else None

    def node(iri: str, triples: Sequence[ox.Triple], depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {"@id": iri}
        types = [
            t.object.value[len(SCHEMA) :]
            for t in triples
            if t.predicate.value == TYPE and t.object.value.startswith(SCHEMA)
        ]
        if types:
            result["@type"] = types if len(types) > 1 else types[0]
        for triple in triples:
            predicate = triple.predicate.value
            if not predicate.startswith(SCHEMA):
                continue
            obj = triple.object
            if isinstance(obj, ox.Literal):
                value: Any = {"@value": obj.value, "@language": obj.language} if obj.language else obj.value
            elif obj.value in description.owned and depth < 3:
                value = node(obj.value, description.owned[obj.value], depth + 1)
            else:
                value = {"@id": _node_id(obj)}
                name = label(obj.value) if isinstance(obj, ox.NamedNode) else None
                if name:
                    value["name"] = name
            result.setdefault(predicate[len(SCHEMA) :], []).append(value)
        return {k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in result.items()}

    document = node(description.iri, description.own, 0)
    return {"@context": {"@vocab": SCHEMA}, **document}
