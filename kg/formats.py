"""The one format table: name, extension, media type and pyoxigraph format.

The CLI's --format, export file names and HTTP content negotiation all read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import QueryResultsFormat, RdfFormat

from .errors import UnknownFormatError


@dataclass(frozen=True)
class RdfFormatInfo:
    """An RDF serialisation we read and write."""

    name: str
    extension: str
    media_type: str
    oxigraph: RdfFormat
    datasets: bool  # carries named graphs
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ResultsFormatInfo:
    """A SPARQL SELECT/ASK results serialisation."""

    name: str
    extension: str
    media_type: str
    oxigraph: QueryResultsFormat
    aliases: tuple[str, ...] = ()


RDF_FORMATS: tuple[RdfFormatInfo, ...] = (
    RdfFormatInfo("turtle", "ttl", "text/turtle", RdfFormat.TURTLE, False, ("application/x-turtle",)),
    RdfFormatInfo("ntriples", "nt", "application/n-triples", RdfFormat.N_TRIPLES, False, ("nt",)),
    RdfFormatInfo("jsonld", "jsonld", "application/ld+json", RdfFormat.JSON_LD, False, ("json-ld",)),
    RdfFormatInfo("rdfxml", "rdf", "application/rdf+xml", RdfFormat.RDF_XML, False, ("xml", "owl")),
    RdfFormatInfo("nquads", "nq", "application/n-quads", RdfFormat.N_QUADS, True, ("nq",)),
    RdfFormatInfo("trig", "trig", "application/trig", RdfFormat.TRIG, True, ()),
)

RESULTS_FORMATS: tuple[ResultsFormatInfo, ...] = (
    ResultsFormatInfo("json", "srj", "application/sparql-results+json", QueryResultsFormat.JSON, ("application/json",)),
    ResultsFormatInfo("xml", "srx", "application/sparql-results+xml", QueryResultsFormat.XML, ("application/xml",)),
    ResultsFormatInfo("csv", "csv", "text/csv", QueryResultsFormat.CSV, ()),
    ResultsFormatInfo("tsv", "tsv", "text/tab-separated-values", QueryResultsFormat.TSV, ()),
)


def rdf_format(key: str) -> RdfFormatInfo:
    """Return the RDF format known by name, extension, alias or media type.

    >>> rdf_format("ttl").media_type
    'text/turtle'
    """
    wanted = key.strip().lower()
    for info in RDF_FORMATS:
        if wanted in {info.name, info.extension, info.media_type, *info.aliases}:
            return info
    names = ", ".join(f.name for f in RDF_FORMATS)
    raise UnknownFormatError(f"unknown RDF format {key!r}; use one of: {names}")


def results_format(key: str) -> ResultsFormatInfo:
    """Return the SPARQL results format known by name, extension, alias or media type.

    >>> results_format("text/csv").name
    'csv'
    """
    wanted = key.strip().lower()
    for info in RESULTS_FORMATS:
        if wanted in {info.name, info.extension, info.media_type, *info.aliases}:
            return info
    names = ", ".join(f.name for f in RESULTS_FORMATS)
    raise UnknownFormatError(f"unknown results format {key!r}; use one of: {names}")
