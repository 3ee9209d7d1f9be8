"""A SPARQL query process: runs one query at a time against a read-only store and streams the serialised result.

pyoxigraph cannot interrupt a running query from Python, so the server runs queries in processes like this one
and kills a process whose query overruns the time limit (see `kg.store.sparql.QueryPool`). The file imports only
the standard library and pyoxigraph, and is started as a script, so a replacement process is ready in a blink.

Protocol: the parent writes one JSON job per line on stdin; the worker answers with frames on stdout, each
`kind (1 byte) + length (4 bytes, big-endian) + payload`:
    H  {"form": "select"|"ask"|"graph", "media_type": ...}   before any data
    D  serialised bytes
    E  {"rows": n, "truncated": bool}                        the result is complete
    X  {"status": 400|406|..., "message": ...}               the query failed (possibly after some D frames)
Frames are written in batches (a whole small result is one write), so a light query costs one pipe round trip.

Serialising row by row in Python costs ~15 µs per row; pyoxigraph's own serialisers cost ~1 µs. A SELECT result
goes through them whenever the row cap cannot cut it: the query has a LIMIT within the cap, or a LIMIT of cap + 1
can be appended (then the rows are counted, and only a result that really overflows the cap is run again the
slow way, cut row by row).
"""

from __future__ import annotations

import csv
import io
import json
import re
import struct
import sys
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

# Tokens the SPARQL grammar reads before keywords: strings (long and short), IRIs and comments. Blanking them out
# leaves only syntax, so a keyword found afterwards really is one (never text inside a literal or an IRI).
_OPAQUE = re.compile(
    r'''"""(?:[^"\\]|\\.|"(?!""))*"""'''
    r"""|'''(?:[^'\\]|\\.|'(?!''))*'''"""
    r'''|"(?:[^"\\\n\r]|\\.)*"'''
    r"""|'(?:[^'\\\n\r]|\\.)*'"""
    r"""|<[^<>"{}|^`\\\x00-\x20]*>"""
    r"""|\#[^\n\r]*""",
    re.S,
)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# A keyword is refused unless it is part of a longer name, a variable or a prefixed name's local part (`ex:load`).
_REMOTE = re.compile(r"(?<![\w:?$])(SERVICE|LOAD)(?!\w)", re.I)

Emit = Callable[[bytes, bytes], None]
CHUNK = 64 * 1024
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"
SELECT_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
LINE_BASED_RDF = {"text/turtle", "application/n-triples", "application/n-quads", "application/trig"}
DATASET_RDF = {"application/n-quads", "application/trig"}


class Chunker:
    """A binary writer that emits D frames of about CHUNK bytes, so output streams as it is produced."""

    def __init__(self, emit: Emit) -> None:
        self.emit = emit
        self.buffer = bytearray()

    def write(self, data: bytes) -> int:
        self.buffer += data
        if len(self.buffer) >= CHUNK:
            self.flush()
        return len(data)

    def text(self, value: str) -> None:
        self.write(value.encode("utf-8"))

    def flush(self) -> None:
        if self.buffer:
            self.emit(b"D", bytes(self.buffer))
            self.buffer.clear()


def remote_calls(text: str) -> list[str]:
    """Return the keywords in a query or update that would make the server fetch another host (SERVICE, LOAD).

    SPARQL unescapes \\u codepoints before parsing, so this does too; strings, IRIs and comments are skipped.

    >>> remote_calls('SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')
    ['SERVICE']
    >>> remote_calls('SELECT * { ?s rdfs:label "LOAD the SERVICE" } # SERVICE in a comment')
    []
    >>> remote_calls('LOAD <http://example.org/data.ttl>'), remote_calls('SELECT ?service { ?service ex:load ?x }')
    (['LOAD'], [])
    """

    def unescape(match: re.Match[str]) -> str:
        return chr(int(match.group(1) or match.group(2), 16))

    try:
        syntax = _OPAQUE.sub(" ", _CODEPOINT.sub(unescape, text))
    except (ValueError, OverflowError):  # an escape naming no character: the parser will reject the text
        syntax = _OPAQUE.sub(" ", text)
    return sorted({m.group(1).upper() for m in _REMOTE.finditer(syntax)})


MAX_NESTING = 256  # pyoxigraph's recursive parser overflows its stack near 2,000 nested groups


def nesting_depth(text: str) -> int:
    """Return how deeply `{`, `(` and `[` nest in a query, outside strings, IRIs and comments.

    >>> nesting_depth('SELECT * { { ?s ?p "{{{" } FILTER((1)) }')
    3
    """
    depth = deepest = 0
    for char in _syntax(text):
        if char in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "})]":
            depth = max(0, depth - 1)
    return deepest


_FORM = re.compile(r"\b(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", re.I)
_TOP_LEVEL = re.compile(r"\b(LIMIT|VALUES)\b(?:\s+(\d+))?", re.I)
COUNTED_ROWS = 10_000  # rows counted (and held in memory) before a result without a row cap is just streamed
NATIVE_RESULTS = {  # formats pyoxigraph both writes and reads back (to count rows)
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}


def _syntax(text: str) -> str:
    """Return `text` with strings, IRIs and comments blanked out (same length), so keywords found are keywords."""
    return _OPAQUE.sub(lambda m: " " * len(m.group(0)), text)


def capped_text(text: str, cap: int) -> tuple[str, bool] | None:
    r"""Return (query text, rewritten) such that a SELECT's result cannot exceed `cap` rows, or None if unsure.

    Either the query's own top-level LIMIT is within the cap, or `LIMIT cap + 1` is appended (so an
    overflow shows as cap + 1 rows). Queries ending in a VALUES block, or with a larger LIMIT, get None.

    >>> capped_text("SELECT * { ?s ?p ?o } LIMIT 20", 100)
    ('SELECT * { ?s ?p ?o } LIMIT 20', False)
    >>> capped_text("SELECT * { { SELECT * { ?s ?p ?o } LIMIT 5 } } # LIMIT 3", 100)
    ('SELECT * { { SELECT * { ?s ?p ?o } LIMIT 5 } } # LIMIT 3\nLIMIT 101', True)
    >>> capped_text("SELECT * { ?s ?p ?o } LIMIT 500", 100) is None, capped_text("CONSTRUCT WHERE { ?s ?p ?o }", 9)
    (True, None)
    """
    syntax = _syntax(text)
    form = _FORM.search(syntax)
    if form is None or form.group(1).upper() != "SELECT":
        return None
    depth, top = 0, []
    for char in syntax[form.start() :]:
        if char == "{":
            depth += 1
            top.append(" ")
        elif char == "}":
            depth -= 1
            top.append(" ")
        else:
            top.append(char if depth == 0 else " ")
    found = {m.group(1).upper(): m.group(2) for m in _TOP_LEVEL.finditer("".join(top))}
    if "LIMIT" in found:
        return (text, False) if found["LIMIT"] is not None and int(found["LIMIT"]) <= cap else None
    if "VALUES" in found:
        return None
    return f"{text}\nLIMIT {cap + 1}", True


def _native_solutions(result: ox.QuerySolutions, media_type: str, limit: int, out: Chunker) -> int | None:
    """Serialise a SELECT result with pyoxigraph's serialiser and return its row count; None if over `limit`."""
    fmt = NATIVE_RESULTS[media_type]
    data = result.serialize(format=fmt)
    rows = sum(1 for _ in ox.parse_query_results(data, fmt))
    if rows > limit:
        return None
    out.write(data)
    return rows


def execute(store: ox.Store, job: dict[str, Any], emit: Emit) -> None:
    """Run `job` on `store`, emitting H, D… and E frames, or X with the reason it failed."""
    options: dict[str, Any] = {"prefixes": job.get("prefixes") or None}
    if job.get("default_graph") is not None:
        options["default_graph"] = [ox.NamedNode(g) for g in job["default_graph"]]
    if job.get("named_graphs") is not None:
        options["named_graphs"] = [ox.NamedNode(g) for g in job["named_graphs"]]
    cap = int(job.get("max_rows") or 0)
    limit = cap if cap > 0 else COUNTED_ROWS  # without a cap, rows are still counted up to COUNTED_ROWS
    text, native = job["query"], False
    if job.get("results_type") in NATIVE_RESULTS:
        capped = capped_text(text, limit)
        if capped is not None:
            text, native = capped[0], True
    try:
        try:
            result = store.query(text, **options)
        except SyntaxError:
            if text == job["query"]:
                raise
            text, native = job["query"], False  # the appended LIMIT did not fit: report the query's own error
            result = store.query(text, **options)
    except SyntaxError as exc:
        emit(b"X", _json({"status": 400, "message": f"SPARQL syntax error: {exc}"}))
        return
    except (OSError, ValueError) as exc:
        emit(b"X", _json({"status": 500, "message": f"the store could not answer: {exc}"}))
        return
    except RuntimeError as exc:  # e.g. "The custom function … is not supported": the query, not the store
        emit(b"X", _json({"status": 400, "message": f"the query cannot be run: {exc}"}))
        return
    if remote_calls(job["query"]):  # the server refuses these before running; checked again here, where it runs
        emit(b"X", _json({"status": 403, "message": "SERVICE and LOAD are refused: this endpoint never fetches"}))
        return
    out = Chunker(emit)
    try:
        if isinstance(result, ox.QueryTriples):
            media_type = job.get("rdf_type")
            if not media_type:
                emit(b"X", _json({"status": 406, "message": job.get("rdf_refusal", "no acceptable RDF format")}))
                return
            emit(b"H", _json({"form": "graph", "media_type": media_type}))
            rows, truncated = write_triples(result, media_type, cap, out, job.get("prefixes") or {})
        else:
            media_type = job.get("results_type")
            if not media_type:
                refusal = job.get("results_refusal", "no acceptable results format")
                emit(b"X", _json({"status": 406, "message": refusal}))
                return
            form = "ask" if isinstance(result, ox.QueryBoolean) else "select"
            emit(b"H", _json({"form": form, "media_type": media_type}))
            if isinstance(result, ox.QueryBoolean):
                rows, truncated = 1, False
                out.write(result.serialize(format=ox.QueryResultsFormat.from_media_type(media_type)))
            else:
                counted = _native_solutions(result, media_type, limit, out) if native else None
                if counted is not None:
                    rows, truncated = counted, False
                else:
                    if native:  # more rows than the limit: run the query again as it was given
                        result = store.query(job["query"], **options)
                    if native and cap <= 0:  # no cap to cut at: pyoxigraph streams it, uncounted
                        result.serialize(out, NATIVE_RESULTS[media_type])
                        rows, truncated = -1, False
                    else:
                        rows, truncated = write_solutions(result, media_type, cap, out)
        out.flush()
    except Exception as exc:  # evaluation errors surface while iterating; the process stays usable
        out.flush()
        emit(b"X", _json({"status": 500, "message": f"the query failed while running: {exc}"}))
        return
    emit(b"E", _json({"rows": rows, "truncated": truncated}))


class Tally:
    """Counts what `capped` let through, and whether the cap left more behind."""

    def __init__(self) -> None:
        self.count = 0
        self.more = False


def capped(items: Iterable[Any], cap: int, tally: Tally) -> Iterator[Any]:
    """Yield at most `cap` items (all when cap is 0), counting them in `tally`.

    >>> tally = Tally()
    >>> list(capped("abc", 2, tally)), tally.count, tally.more
    (['a', 'b'], 2, True)
    """
    iterator = iter(items)
    for item in iterator if cap <= 0 else islice(iterator, cap):
        tally.count += 1
        yield item
    if cap > 0:
        for _ in iterator:
            tally.more = True
            break


def truncation_note(cap: int) -> str:
    """Say, in one sentence, that a result was cut at the row cap."""
    return f"results truncated: this endpoint returns at most {cap} rows (--max-rows)"


def write_solutions(solutions: ox.QuerySolutions, media_type: str, cap: int, out: Chunker) -> tuple[int, bool]:
    """Serialise SELECT solutions row by row, stopping after `cap` rows; return (rows written, truncated)."""
    names = [v.value for v in solutions.variables]
    tally = Tally()
    rows = capped(solutions, cap, tally)
    if media_type == "application/sparql-results+json":
        out.text('{"head":{"vars":' + json.dumps(names, ensure_ascii=False) + '},"results":{"bindings":[')
        for row in rows:
            binding = {n: _json_term(row[n]) for n in names if row[n] is not None}
            out.text(("," if tally.count > 1 else "") + json.dumps(binding, ensure_ascii=False, separators=(",", ":")))
        out.text("]}")
        if tally.more:
            out.text(',"truncated":true,"maxRows":' + str(cap) + ',"message":' + json.dumps(truncation_note(cap)))
        out.text("}\n")
    elif media_type == "application/sparql-results+xml":
        out.text('<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">')
        out.text("<head>" + "".join(f"<variable name={quoteattr(n)}/>" for n in names) + "</head><results>")
        for row in rows:
            cells = "".join(
                f"<binding name={quoteattr(n)}>{_xml_term(row[n])}</binding>" for n in names if row[n] is not None
            )
            out.text(f"\n<result>{cells}</result>")
        out.text("\n</results></sparql>\n")
        if tally.more:
            out.text(f"<!-- {truncation_note(cap)} -->\n")
    elif media_type == "text/csv":
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(names)
        for row in rows:
            writer.writerow(["" if row[n] is None else _csv_term(row[n]) for n in names])
            if text.tell() >= CHUNK:
                out.text(text.getvalue())
                text.seek(0)
                text.truncate()
        out.text(text.getvalue())
    elif media_type == "text/tab-separated-values":
        out.text("\t".join("?" + n for n in names) + "\n")
        for row in rows:
            out.text("\t".join("" if row[n] is None else str(row[n]) for n in names) + "\n")
    else:
        raise ValueError(f"unsupported results media type {media_type}")
    return tally.count, tally.more


def write_triples(triples: Iterable[ox.Triple], media_type: str, cap: int, out: Chunker,
                  prefixes: dict[str, str]) -> tuple[int, bool]:  # fmt: skip
    """Serialise CONSTRUCT/DESCRIBE triples with pyoxigraph, stopping after `cap`; return (count, truncated)."""
    tally = Tally()

    def counted() -> Iterator[Any]:
        for triple in capped(triples, cap, tally):
            yield ox.Quad(triple.subject, triple.predicate, triple.object) if media_type in DATASET_RDF else triple

    fmt = ox.RdfFormat.from_media_type(media_type)
    if fmt is None:
        raise ValueError(f"unsupported RDF media type {media_type}")
    with_prefixes = media_type in {"text/turtle", "application/trig", "application/rdf+xml"}
    ox.serialize(counted(), out, fmt, prefixes=prefixes if with_prefixes else None)
    if tally.more and media_type in LINE_BASED_RDF:
        out.text(f"# {truncation_note(cap)}\n")
    elif tally.more and media_type == "application/rdf+xml":
        out.text(f"<!-- {truncation_note(cap)} -->\n")
    return tally.count, tally.more


def _json_term(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        entry: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            entry["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            entry["datatype"] = term.datatype.value
        return entry
    return {  # an RDF-star triple term
        "type": "triple",
        "value": {k: _json_term(getattr(term, k)) for k in ("subject", "predicate", "object")},
    }


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    parts = "".join(f"<{k}>{_xml_term(getattr(term, k))}</{k}>" for k in ("subject", "predicate", "object"))
    return f"<triple>{parts}</triple>"


def _csv_term(term: Any) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def _json(value: dict[str, Any]) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def frame(kind: bytes, payload: bytes) -> bytes:
    """Encode one frame of the worker protocol."""
    return kind + struct.pack(">I", len(payload)) + payload


def serve(source: IO[bytes], sink: IO[bytes]) -> None:
    """Answer jobs from `source` until it closes, reopening the store when the job names another build."""
    stores: dict[str, ox.Store] = {}
    pending = bytearray()

    def emit(kind: bytes, payload: bytes) -> None:
        pending.extend(frame(kind, payload))
        if kind in b"EX" or len(pending) >= CHUNK:  # one write per finished result or per chunk
            sink.write(bytes(pending))
            sink.flush()
            pending.clear()

    for line in source:
        job = json.loads(line)
        path = job["store"]
        try:
            if path not in stores:
                stores.clear()  # the build changed (an update or a rebuild was published): drop the old one
                stores[path] = ox.Store.read_only(path)
        except OSError as exc:
            emit(b"X", _json({"status": 503, "message": f"the store cannot be opened: {exc}"}))
            continue
        execute(stores[path], job, emit)


if __name__ == "__main__":
    try:
        serve(sys.stdin.buffer, sys.stdout.buffer)
    except (BrokenPipeError, KeyboardInterrupt):  # the server went away: nothing left to answer
        pass
