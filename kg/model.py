"""The records that flow between pipeline stages; each stage reads and writes only these.

documents -> Document; extractors -> Claim (with Mention and Evidence); resolver -> Resolution.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """What sort of thing a mention names; each kind maps to one ontology class."""

    FILM = "film"
    PERSON = "person"
    ORGANIZATION = "organization"
    STREAMING_SERVICE = "streaming-service"
    COUNTRY = "country"
    CHARACTER = "character"
    AWARD = "award"
    AWARD_EVENT = "event"
    SOURCE_WORK = "work"
    REVIEW = "review"


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document with its character span in `Document.text`."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Document:
    """One source text, decoded and cleaned, ready for extractors."""

    doc_id: str  # stable slug, unique within a build (file stem, or a content hash)
    path: str  # the file name as given
    text: str  # cleaned text: HTML entities unescaped, <br> turned into paragraph breaks
    language: str  # BCP 47 tag detected from the text
    sha256: str  # of the raw bytes
    sentences: tuple[Sentence, ...] = ()

    def sentence_at(self, offset: int) -> Sentence | None:
        """Return the sentence that contains character `offset`."""
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return None


@dataclass(frozen=True)
class Mention:
    """A surface form in one document that names an entity of a kind.

    `key` is set when the extractor already knows the identity in its document (a review's
    own node, the document's subject film); the resolver keeps mentions with different keys apart.
    """

    kind: Kind
    text: str
    doc_id: str
    language: str = ""
    key: str = ""


@dataclass(frozen=True)
class Evidence:
    """Where a claim comes from: the document, the sentence, the span and who said so."""

    doc_id: str
    sentence: int
    start: int
    end: int
    quote: str
    extractor: str
    confidence: float = 0.9


@dataclass(frozen=True)
class Literal:
    """A literal value: plain text, language-tagged text, or a typed value (XSD datatype IRI)."""

    value: str
    datatype: str = ""  # full XSD IRI, e.g. "http://www.w3.org/2001/XMLSchema#date"; "" for a string
    language: str = ""


Value = Mention | Literal


@dataclass(frozen=True)
class Claim:
    """One statement a document makes: subject, ontology predicate, object, plus qualifiers.

    Predicates are ontology local names (``"director"``, ``"castMember"``, ``"awardReceived"``).
    Qualifiers carry the n-ary parts (the character of a cast claim, the event and year of an
    award claim) as sorted ``(name, value)`` pairs.
    """

    subject: Mention
    predicate: str
    object: Value
    evidence: Evidence
    qualifiers: tuple[tuple[str, Value], ...] = ()

    def qualifier(self, name: str) -> Value | None:
        """Return the first qualifier called `name`, or None."""
        for key, value in self.qualifiers:
            if key == name:
                return value
        return None


@dataclass(frozen=True)
class Entity:
    """A resolved real-world thing, with its stable IRI slug and every name it goes by."""

    kind: Kind
    slug: str  # "person/andrei-tarkovsky"; the IRI is base + "resource/" + slug
    label: str
    label_language: str = ""
    alt_labels: tuple[tuple[str, str], ...] = ()  # (text, language)
    mention_count: int = 0
    document_count: int = 0


@dataclass(frozen=True)
class Resolution:
    """The resolver's output: entities, each mention's entity, and the claims to write."""

    entities: tuple[Entity, ...]
    entity_of: dict[Mention, Entity] = field(default_factory=dict, hash=False, compare=False)
    claims: tuple[Claim, ...] = ()
    retired: tuple[tuple[str, str], ...] = ()  # (old slug, surviving slug)
    # Why: (slug, one form «text» (doc), the form it joined, the rule) for every merge behind an entity.
    trace: tuple[tuple[str, str, str, str], ...] = ()
    kept_apart: tuple[tuple[str, str, str], ...] = ()  # (slug, other slug, why they stay two entities)
    registry: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)  # slug registry to persist
