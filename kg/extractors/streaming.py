"""Where to watch, from prose: "available for streaming on X and for rent on Y, Z"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Claim, Document, Kind, Mention
from . import extractor
from .context import context
from .lexicon import fold
from .patterns import alternation, evidence, folded_words, negated, words
from .values import proper_names

NAME = "streaming.v1"


@extractor(NAME, emits={"availableOn"})
def extract_streaming(document: Document) -> Iterator[Claim]:
    """Yield availableOn for each service named after a where-to-watch cue (not after "not available")."""
    ctx = context(document)
    cues = alternation(words(document.language, "streaming", "cues"))
    if cues == "(?!)":
        return
    function = set(folded_words("words", "function"))
    negations = {fold(w) for w in words(document.language, "streaming", "negation")}
    titles = ctx.subject_folds()
    seen: set[str] = set()
    for sentence in document.sentences:
        for match in re.finditer(rf"(?i:(?<!\w){cues}(?!\w))", sentence.text):
            before = fold(sentence.text[max(0, match.start() - 24) : match.start()]).split()
            if negated(document, sentence.start + match.start()) or set(before[-3:]) & negations:
                continue
            rest = sentence.text[match.end() :]
            for name in proper_names(rest, function | {"available", "rent", "purchase", "buy", "stream", "streaming"}):
                if fold(name) in titles or fold(name) in seen or fold(name) in function:
                    continue
                seen.add(fold(name))
                start = sentence.start + match.end() + rest.find(name)
                found = evidence(document, start, start + len(name), NAME, 0.75)
                if found:
                    yield Claim(ctx.film, "availableOn", Mention(Kind.STREAMING_SERVICE, name, document.doc_id), found)
