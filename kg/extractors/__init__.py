"""STAGE 2: Document -> Iterable[Claim]. Extractors are small components registered by versioned name.

Each declares the ontology predicates it `emits` (checked against ontology/ by the tests), and
its name goes into every claim's provenance. Add one by decorating a function in a module
imported below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ..errors import DocumentError
from ..model import Claim, Document

ExtractFn = Callable[[Document], Iterable[Claim]]


@dataclass(frozen=True)
class Extractor:
    """A registered extractor: its versioned name, the predicates it emits and the function."""

    name: str
    emits: frozenset[str]
    run: ExtractFn


_REGISTRY: dict[str, Extractor] = {}


def extractor(name: str, emits: Iterable[str]) -> Callable[[ExtractFn], ExtractFn]:
    """Register the decorated function as the extractor `name` (e.g. "fields.v1")."""

    def register(fn: ExtractFn) -> ExtractFn:
        if name in _REGISTRY:
            raise ValueError(f"extractor {name!r} is registered twice")
        _REGISTRY[name] = Extractor(name, frozenset(emits), fn)
        return fn

    return register


def get(name: str) -> Extractor:
    """Return the registered extractor called `name`."""
    return _REGISTRY[name]


def all_extractors() -> tuple[Extractor, ...]:
    """Return every registered extractor, in name order so runs are deterministic."""
    return tuple(_REGISTRY[name] for name in sorted(_REGISTRY))


def extract(document: Document, extractors: Iterable[Extractor] | None = None) -> Iterator[Claim]:
    """Run the extractors over one document and yield their claims.

    An extractor that fails raises a DocumentError naming the file and the extractor, so a build can skip
    that one document, as it skips an unreadable file, instead of stopping.
    """
    for component in extractors if extractors is not None else all_extractors():
        with _blamed(document, component.name):
            yield from component.run(document)


def summaries_of(document: Document, claims: Sequence[Claim]) -> list[Any]:
    """Return what each corpus extractor keeps of `document` and its `claims` (the per-document extractors'),
    in `corpus_extractors()` order."""
    summaries = []
    for component in corpus_extractors():
        with _blamed(document, component.name):
            summaries.append(component.summarise(document, claims))
    return summaries


@contextmanager
def _blamed(document: Document, name: str) -> Iterator[None]:
    try:
        yield
    except DocumentError:
        raise
    except Exception as exc:  # noqa: BLE001 - a bug met on one document must not stop the build of the others
        raise DocumentError(document.path, f"extractor {name} failed: {type(exc).__name__}: {exc}") from exc


SummariseFn = Callable[[Document, Sequence[Claim]], Any]
CorpusFn = Callable[[Sequence[Any]], Iterable[Claim]]


@dataclass(frozen=True)
class CorpusExtractor:
    """An extractor that needs every document of a build (a review that translates another).

    `summarise` keeps what it needs of each document as the documents stream past (never the whole
    text), given the document and the claims the per-document extractors just made of it (so it never
    extracts them again), and `run` reads those summaries, in build order, once every document has been seen.
    """

    name: str
    emits: frozenset[str]
    run: CorpusFn
    summarise: SummariseFn


_CORPUS: dict[str, CorpusExtractor] = {}


def corpus_extractor(name: str, emits: Iterable[str], summarise: SummariseFn) -> Callable[[CorpusFn], CorpusFn]:
    """Register the decorated function as the corpus extractor `name` (e.g. "translations.v1")."""

    def register(fn: CorpusFn) -> CorpusFn:
        if name in _CORPUS or name in _REGISTRY:
            raise ValueError(f"extractor {name!r} is registered twice")
        _CORPUS[name] = CorpusExtractor(name, frozenset(emits), fn, summarise)
        return fn

    return register


def corpus_extractors() -> tuple[CorpusExtractor, ...]:
    """Return every registered corpus extractor, in name order."""
    return tuple(_CORPUS[name] for name in sorted(_CORPUS))


@dataclass
class CorpusReader:
    """Collects the corpus extractors' summaries while a build's documents stream past."""

    summaries: dict[str, list[Any]] = field(default_factory=lambda: {c.name: [] for c in corpus_extractors()})

    def add(self, document: Document, claims: Sequence[Claim]) -> None:
        """Summarise one document, with its claims, for every corpus extractor."""
        self.add_summaries(summaries_of(document, claims))

    def add_summaries(self, summaries: Sequence[Any]) -> None:
        """Keep one document's summaries, as `summaries_of` gives them (perhaps computed in another process)."""
        for component, summary in zip(corpus_extractors(), summaries, strict=True):
            self.summaries[component.name].append(summary)

    def claims(self) -> Iterator[Claim]:
        """Yield the corpus extractors' claims, once every document has been added."""
        for component in corpus_extractors():
            yield from component.run(self.summaries[component.name])


def extract_corpus(documents: Iterable[Document]) -> Iterator[Claim]:
    """Run the corpus extractors over all the documents of a build and yield their claims."""
    reader = CorpusReader()
    for document in documents:
        reader.add(document, list(extract(document)))
    yield from reader.claims()


from . import (  # noqa: E402,F401  (registers the built-in extractors)
    awards,
    cast,
    cast_linker,
    credits,
    fields,
    films,
    genres,
    known_names,
    people,
    reviews,
    sources,
    streaming,
    translations,
    years,
)
