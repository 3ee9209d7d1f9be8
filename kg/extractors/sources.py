"""Source works: a film based on a novel, play or story (schema:isBasedOn, Wikidata P144), with its author."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Claim, Document, Kind, Mention
from . import extractor
from .context import context
from .lexicon import lexicon
from .patterns import evidence, looks_like_person, matches, person_name, words

NAME = "sources.v1"


@extractor(NAME, emits={"basedOn", "workAuthor"})
def extract_sources(document: Document) -> Iterator[Claim]:
    """Yield basedOn (film -> work) and workAuthor (work -> person) for every adaptation cue."""
    ctx = context(document)
    untitled = str(lexicon(document.language).section("sources").get("untitled", "{kind} by {author}"))
    for pattern in words(document.language, "sources", "patterns"):
        for match in matches(pattern, document):
            author = person_name(match["author"])
            if not looks_like_person(author):
                continue
            groups = match.groupdict()
            title = (groups.get("title") or "").strip(" ,")
            name = title or untitled.format(kind=match["kind"].lower(), author=author)
            found = evidence(document, match.start(), match.end(), NAME, 0.8 if title else 0.7)
            if found is None:
                continue
            work = Mention(Kind.SOURCE_WORK, name, document.doc_id, document.language)
            yield Claim(ctx.film, "basedOn", work, found)
            yield Claim(work, "workAuthor", Mention(Kind.PERSON, author, document.doc_id), found)
