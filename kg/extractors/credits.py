"""Crew credits stated in prose: "directed by X", "director X", "X's cinematography", "el director X" …

The cue templates are per language (kg/lang/<tag>.toml, table `credits`); a person gets a role only
when a cue states it, never for being named near the film.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..model import Claim, Document, Kind, Mention
from . import extractor
from .context import Context, context
from .lexicon import fold, folded, lexicon
from .patterns import NAME as NAME_SHAPE
from .patterns import (
    POSSESSIVE,
    alternation,
    evidence,
    folded_words,
    is_function_word,
    looks_like_person,
    matches,
    negated,
    per_document,
    person_name,
    sentence_at,
    stands_alone,
    words,
)

NAME = "credits.v1"
ROLES = ("director", "screenwriter", "cinematographer", "composer", "producer", "editor")
_BETWEEN_FILM_AND_CUE = re.compile(r"^[\s,()\d]*,[\s]*$")  # "Airport (1970), directed by"; not "... was directed by"
# "'Flood(1976)' directed by", '"Batman" de 1989 réalisé par': a participle right after a title qualifies it
_TITLE_THEN_PARTICIPLE = re.compile(
    r"^[\"”'’»]?\s?(?:[(\[]\d{4}[)\]])?[\"”'’»]?\s?(?:(?:de|from|of|du|en|in) \d{4}\s)?,?\s?$"
)
# "Night Train (1977) AKA Dark Rails was directed by": another film is the subject of a passive cue
_FILM_THEN_PASSIVE = re.compile(
    r"^[\s()\d]*(?:(?:AKA|aka|a\.k\.a\.|also known as)\b[^.;:!?]*?)?\s(?:was|is|were|had been|has been)\s+"
    r"(?:(?:also|originally|first|later|then|actually|solely)\s+)?$"
)
# a name with initials the name shape stops at: "S.N. Behrman", "H.C. Potter", "James D.R. Hickox", "Robert L.Levy"
_INITIALS_SHAPE = r"(?:[A-Z][a-z]+ )?(?:[A-Z]\.){1,3} ?[A-Z][a-z][\w'’-]*(?: [A-Z][a-z][\w'’-]*)?(?![\w'’])"
_ONE = rf"(?:{_INITIALS_SHAPE}|{NAME_SHAPE})"
# more names joined to a cue's: "written by Ann Lee and Bo Vik", "script by Ann Lee, Bo Vik & Cy Dunn"
_MORE_NAMES = re.compile(rf"((?:[ ]?,[ ]?{_ONE})*)[ ]?,?[ ](?:and|&)[ ]({_ONE})(?![\w'’])")
_NAME_IN = re.compile(rf"(?<![\w'’]){NAME_SHAPE}")
# before the first listed title: lower-case words and quotes only ("en su día", "the underrated")
_FIRST_GAP = re.compile(r"(?:[\s\"“'‘«]|[a-zß-ÿ][\w'’-]*){0,14}")
# between listed titles: a year, quotes, a comma or a conjunction ('"X" (1993), "Y" and Z')
_JOINT = re.compile(
    r"[\"”'’»)]?\s?(?:[(\[]\d{4}[)\]]\s?)?(?:,|,?\s(?:and|y|e|et|ou|or|&))(?:\s[a-zß-ÿ][\w'’-]*){0,3}\s?[\"“'‘«]?\s?"
)
# between titles one possessive owns: a year, a comma or a conjunction, nothing else ('"X" (1993) and "Y"')
_TIGHT_JOINT = re.compile(r"[\"”'’»]?\s?(?:\(\d{4}\)\s?)?(?:,|,?\s(?:and|y|et|&))\s?[\"“'‘«]")
_WITH_INITIALS = re.compile(_INITIALS_SHAPE)
_INITIAL = re.compile(r"(?:[A-Z]\.){1,3}")
_LISTED = re.compile(rf"[ ]?,[ ]?({_ONE})")
# the name plays a part: "director Ann Lee (as the snaky host)" is her acting, not her directing this film
_ACTING_AFTER = re.compile(r"^\s*\((?:as|playing)\s")


@dataclass(frozen=True)
class Credit:
    """One stated role: who, which role, of which film, where, and how sure the cue is."""

    role: str
    name: str
    start: int
    end: int
    film: Mention
    confidence: float


def _confidence(pattern: str) -> float:
    """Honest per-pattern confidence: "directed by X" is surer than "X's direction" or "X directed"."""
    if "{s}" in pattern:
        return 0.75
    if pattern.startswith("{name}"):
        return 0.7
    if " by {name}" in pattern or " por {name}" in pattern or " par {name}" in pattern:
        return 0.9
    return 0.85


@lru_cache(maxsize=8)
def _patterns(language: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    table = lexicon(language).section("credits")
    found = []
    for key, phrases in table.items():
        roles = tuple(key.split("+"))
        if not all(role in ROLES for role in roles) or not isinstance(phrases, list):
            continue
        found.extend((roles, phrase) for phrase in phrases)
    return tuple(found)


@per_document
def find_credits(document: Document) -> list[Credit]:
    """Return every credit the document's prose states."""
    ctx = context(document)
    not_after = folded(document.language, "credits", "not_after")
    titles = ctx.subject_folds() | {fold(span.text) for span in ctx.others}
    found: dict[int, tuple[int, list[Credit]]] = {}  # name start -> (longest cue span, its credits)
    for roles, pattern in _patterns(document.language):
        for match in matches(pattern, document):
            name = _trimmed(person_name(match["name"]))
            end = match.end()
            begin = match.start("name")
            while begin >= 2 and _INITIAL.fullmatch(document.text[begin - 2 : begin]):
                begin -= 2  # the name shape started inside "J.J. Abrams"
            initials = _WITH_INITIALS.match(document.text, begin)
            if initials is not None and initials.end() >= match.end("name"):  # "S.N. Behrman", "M. Ann Lee"
                name, end = initials.group(0), initials.end()
            if negated(document, match.start()) or not stands_alone(document, name):
                continue
            before = fold(document.text[max(0, match.start() - 12) : match.start()])
            if before.split()[-1:] and before.split()[-1] in not_after:
                continue  # "Best Director X" is an award category
            minimum = 2 if "producer" in roles else 1
            if not _person_like(name, minimum) or fold(name) in titles:
                continue
            if _ACTING_AFTER.match(document.text[match.end("name") : match.end("name") + 12]):
                continue
            film = _film_of(ctx, match.start(), participle=_confidence(pattern) == 0.9)
            if film is None:
                continue
            length = match.end() - match.start()
            credits = [Credit(role, name, match.start(), end, film, _confidence(pattern)) for role in roles]
            if pattern.endswith("{name}") and (name == person_name(match["name"]) or end > match.end()):
                confidence = _confidence(pattern)
                credits += _more_credits(document, end, roles, film, confidence, titles, match.start())
            previous = found.get(match.start("name"))
            if previous is None or length > previous[0]:  # "cinematography is by director X" beats "director X"
                found[match.start("name")] = (length, credits)
            elif length == previous[0]:
                previous[1].extend(c for c in credits if c.role not in {p.role for p in previous[1]})
    return sorted((c for _length, listed in found.values() for c in listed), key=lambda c: (c.start, c.role))


def _possessive_credits(ctx: Context, titles: frozenset[str] | set[str]) -> list[Credit]:
    """A full name owning a title is its director: "Ann Lee's Night Harbor" (not "Ann Lee's "Blue Song" plays on
    the soundtrack", a song)."""
    text, language = ctx.document.text, ctx.document.language
    not_before = folded(language, "credits", "possessive_not_before")
    found = []
    for span in (*ctx.titles, *ctx.others):
        if not span.possessor:
            continue
        name = _trimmed(person_name(span.possessor))
        if not _person_like(name, 2) or fold(name) in titles or negated(ctx.document, span.start):
            continue
        if set(fold(text[span.end : span.end + 40]).split()[:5]) & not_before:
            continue
        for listed in (span, *_listed_films(text, _spans(ctx), span.end, joints_only=True)):
            found.append(Credit("director", name, span.start, listed.end, _film_for(ctx, listed), 0.65))
    found += _described_possessive_credits(ctx, titles, not_before)
    return found


def _described_possessive_credits(
    ctx: Context, titles: frozenset[str] | set[str], not_before: frozenset[str] | set[str]
) -> list[Credit]:
    """A full name owning a quoted title through a word or two of praise is its director too: 'Ann Lee's masterful
    "Night Harbor"', "Ann Lee's underrated 'Cold Town' (1990) and 'Blue Song'" (the listed titles after it too)."""
    text = ctx.document.text
    found: list[Credit] = []
    spans = _spans(ctx)
    taken: set[int] = set()
    for span in spans:
        if span.possessor or span.start in taken:
            continue
        owner = _DESCRIBED_OWNER.search(text[max(0, span.start - 90) : span.start])
        if owner is None or any(is_function_word(w) or fold(w) in not_before for w in owner["words"].split()):
            continue
        name = _trimmed(person_name(owner["name"]))
        if name != owner["name"] or not _person_like(name, 2) or fold(name) in titles:
            continue
        after = re.split(r"[\"“«]", text[span.end + 1 : span.end + 40])[0]  # up to the next quoted title
        if negated(ctx.document, span.start) or set(fold(after).split()[:5]) & not_before:
            continue
        for listed in (span, *_listed_films(text, spans, span.end, joints_only=True)):
            taken.add(listed.start)
            found.append(Credit("director", name, span.start, listed.end, _film_for(ctx, listed), 0.6))
    return found


# "Ann Lee's underrated \"" right before a quoted title: a full name, a possessive, one or two lower-case words, a quote
_DESCRIBED_OWNER = re.compile(
    rf"(?<![\w'’])(?P<name>{NAME_SHAPE}){POSSESSIVE}[ ](?P<words>(?:[a-z][a-z-]+[ ]){{1,2}})[\"“'‘«]$"
)


def _spans(ctx: Context) -> list:
    return sorted((*ctx.titles, *ctx.others), key=lambda s: s.start)


def _film_for(ctx: Context, span) -> Mention:  # noqa: ANN001 - a context TitleSpan
    """The film a title span names: the subject's own title is the subject film."""
    if span in ctx.titles:
        return ctx.film
    document = ctx.document
    return Mention(Kind.FILM, (span.pair or (span.text,))[-1], document.doc_id, document.language)


def _filmography_credits(ctx: Context, titles: frozenset[str] | set[str]) -> list[Credit]:
    """The films a director cue lists: 'Ann Lee (director of "Night Harbor" and "Cold Town")', 'Ann Lee is famous for
    directing Night Harbor', 'Ann Lee ha dirigido "X", "Y"'; the person is the last full name before the cue in its
    sentence (a lone surname only if the review uses it as a name)."""
    document = ctx.document
    text = document.text
    cues = words(document.language, "credits", "filmography")
    if not cues:
        return []
    spans = sorted((*ctx.titles, *ctx.others), key=lambda s: s.start)
    found = []
    for cue in re.finditer(rf"(?<![\w'’])(?:{alternation(cues)})(?![\w'’])", text, re.IGNORECASE):
        listed = _listed_films(text, spans, cue.end())
        sentence = sentence_at(document, cue.start())
        if not listed or sentence is None or negated(document, cue.start()):
            continue
        window = text[max(sentence.start, cue.start() - 80) : cue.start()]
        names = [_trimmed(person_name(m.group(0))) for m in _NAME_IN.finditer(window)]
        names = [n for n in names if _person_like(n) and fold(n) not in titles and stands_alone(document, n)]
        if not names:
            continue
        for span in listed:
            film = (
                ctx.film
                if span in ctx.titles
                else Mention(Kind.FILM, (span.pair or (span.text,))[-1], document.doc_id, document.language)
            )
            found.append(Credit("director", names[-1], cue.start(), span.end, film, 0.7))
    return found


def _listed_films(text: str, spans: list, start: int, joints_only: bool = False) -> list:
    """The title spans listed right after `start`: only lower-case words before the first, list joints between
    (`joints_only`: `start` ends a title already, so a joint must come before the first too)."""
    listed = []
    for span in spans:
        if span.start < start:
            continue
        between = text[start : span.start]
        joint = _TIGHT_JOINT if joints_only else _JOINT
        if not (_FIRST_GAP if not listed and not joints_only else joint).fullmatch(between):
            break
        listed.append(span)
        start = span.end
    return listed


def _person_like(name: str, minimum: int = 1) -> bool:
    """looks_like_person, reading an initial ("David J. Schow", "H.C. Potter") as part of the name."""
    tokens = name.split(" ")
    kept = [t for t in tokens if not _INITIAL.fullmatch(t)]
    return len(tokens) >= minimum and bool(kept) and looks_like_person(" ".join(kept), 1)


def _trimmed(name: str) -> str:
    """Drop function words a name pattern ran on into: "Directed by Ann Lee I thought" names Ann Lee."""
    parts = name.split(" ")
    while len(parts) > 1 and (parts[-1] == "I" or len(parts[-1]) > 1) and is_function_word(parts[-1]):
        parts.pop()
    return " ".join(parts)


def _more_credits(
    document: Document, end: int, roles: tuple[str, ...], film: Mention, confidence: float, titles: set[str], start: int
) -> list[Credit]:
    """The same role for the names listed after the cue's own: "by Ann Lee, Bo Vik & Cy Dunn" (the list must close
    with "and" or "&", so "directed by Ann Lee, Bo Vik stars" gives Bo Vik nothing)."""
    chain = _MORE_NAMES.match(document.text, end)
    if chain is None:
        return []
    after = document.text[chain.end() : chain.end() + 20]
    next_word = fold(after).split()[:1]
    closes = not after.strip() or after.lstrip()[:1] in ",.;:)(!?" or after[:1] in ",.;:)"
    if not closes and not (next_word and next_word[0] in folded_words("credits", "list_closers")):
        return []  # "written by Ann Lee and Bo Vik plays the sister": Bo Vik's clause is his own
    raw = [m.group(1) for m in _LISTED.finditer(chain.group(1))] + [chain.group(2)]
    names = [n if _WITH_INITIALS.fullmatch(n) else person_name(n) for n in raw]
    if not all(_person_like(n, 2) and fold(n) not in titles and n == _trimmed(n) for n in names):
        return []
    return [Credit(role, n, start, chain.end(), film, confidence) for n in names for role in roles]


def _film_of(ctx: Context, start: int, participle: bool = False) -> Mention | None:
    """The film a cue is about: another film named right before it ("Airport (1970), directed by"; a participle cue
    needs no comma: "'Flood (1976)' directed by", '"Batman" de 1989 réalisé par'), else the subject.

    None when a quoted or bracketed name we could not read as a title stands right before the cue:
    the credit is another film's, and guessing would give a person a role the text does not give.
    """
    text = ctx.document.text
    for span in ctx.others:
        if span.end > start or span.end < start - 200:
            continue
        between = text[span.end : start]
        if (
            (participle and _TITLE_THEN_PARTICIPLE.match(between))
            or _BETWEEN_FILM_AND_CUE.match(between)
            or (_FILM_THEN_PASSIVE.match(between) and not _after_preposition(ctx, span.start))
        ):
            return Mention(Kind.FILM, span.text, ctx.document.doc_id, ctx.document.language)
    if ctx.document.text[max(0, start - 3) : start].rstrip().endswith(("'", "’", '"', "”", ")")):
        return None
    return _sentence_subject(ctx, start) or ctx.film


def _sentence_subject(ctx: Context, start: int) -> Mention | None:
    """Another film that opens the cue's sentence and is followed by a verb ("Cold Town is lit by the music of X"):
    the sentence is about it, so its credits are its own."""
    sentence = sentence_at(ctx.document, start)
    if sentence is None:
        return None
    text = ctx.document.text
    for span in ctx.others:
        if sentence.start <= span.start and span.end <= start and _OPENS.fullmatch(text[sentence.start : span.start]):
            if _VERB_AFTER.match(text, span.end):
                return Mention(Kind.FILM, (span.pair or (span.text,))[-1], ctx.document.doc_id, ctx.document.language)
    return None


_OPENS = re.compile(r"[\s\"“'‘«(]*(?:(?i:the|this|le|la|el|ce|cette|esta|este)\s(?:[a-zé]+\s)?[\"“'‘«]?)?")
_VERB_AFTER = re.compile(
    r"[\"”'’»)]?\s?(?:\(\d{4}\)\s?)?,?\s(?:is|was|has|had|remains|est|était|reste|a|es|fue|era|tiene|sigue)\b"
)


def _after_preposition(ctx: Context, start: int) -> bool:
    """Tell whether a title is the object of a preposition ("the sequel to the thriller Airport (1970) was directed
    by"), so the passive cue after it is about the sentence's own subject, not that film.

    Walks back over the title's descriptors ("the notorious horror film") to the first function word.
    """
    window = _BRACKETED.sub(" ", ctx.document.text[max(0, start - 120) : start])
    window = _CLAUSE_BREAK.split(window)[-1]
    function = folded_words("words", "function")
    for word in reversed(fold(window).split()):
        if word in _DETERMINERS:
            continue
        if word in function:
            return True
    return False


_DETERMINERS = frozenset(
    {"the", "a", "an", "this", "that", "his", "her", "their", "le", "la", "les", "el", "los", "las"}
)
_BRACKETED = re.compile(r"\([^()]*\)")
_CLAUSE_BREAK = re.compile(r"[.:;!?,\n]")


def people_with_roles(document: Document) -> set[str]:
    """Return the names that hold a stated crew role in the document."""
    return {credit.name for credit in find_credits(document)}


@extractor(NAME, emits=set(ROLES))
def extract_credits(document: Document) -> Iterator[Claim]:
    """Yield a role claim for every credit cue in the prose."""
    ctx = context(document)
    titles = ctx.subject_folds() | {fold(span.text) for span in ctx.others}
    # a possessive title names its maker, who the review also merely mentions (kg/extractors/people.py)
    for credit in (*find_credits(document), *_possessive_credits(ctx, titles), *_filmography_credits(ctx, titles)):
        found = evidence(document, credit.start, credit.end, NAME, credit.confidence)
        if found is None:
            continue
        person = Mention(Kind.PERSON, credit.name, document.doc_id)
        yield Claim(credit.film, credit.role, person, found)
