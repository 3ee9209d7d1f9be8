"""Awards won and nominations, as the prose states them, each with its event, year, category and work.

"honoured with the Golden Lion at the 1962 Venice Film Festival" is a win by the film at an event in a
year; "nominated for five Oscars" is a nomination, never five wins; "Best Actress (X)" is X's award
for the film. The prize's name is taken from the text as written; spelling slips are the resolver's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ..model import Claim, Document, Kind, Literal, Mention, Sentence
from . import extractor
from .context import Context, context
from .lexicon import fold, folded, lexicon
from .patterns import APOS, NAME, UP, YEAR, alternation, evidence, folded_words, person_name, words
from .people import known_people
from .values import GYEAR

EXTRACTOR = "awards.v1"
_CAPTOK = rf"(?:{UP}[\w'’.&-]*|[dl]{APOS}{UP}[\w-]*)"
_JOIN = r"(?:[ ](?:of|of the|de|de la|del|du|des|di|d'|for the)(?=[ ]))?[ ]"
_PHRASE = re.compile(rf"{_CAPTOK}(?:{_JOIN}{_CAPTOK})*")
_PERSON_AFTER = re.compile(rf"\s*\(({NAME})\)")
_YEAR = re.compile(rf"(?<!\d)({YEAR})(?!\d)")
_ARTICLES = {"the", "a", "an", "la", "el", "le", "les", "un", "une", "los", "las", "al", "au", "del", "du", "de", "at"}
_NAME = re.compile(NAME)
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an|el|la|le|les)\s+")
_ENDS_IN_DIGIT = re.compile(r"\d\s*$")
_PLURAL_S = re.compile(r"s$")


@dataclass(frozen=True)
class _Language:
    """One language's award cues, folded and compiled once per process."""

    cue: re.Pattern[str]
    events: re.Pattern[str]
    nouns: re.Pattern[str]
    nouns_before_of: re.Pattern[str]
    negation: frozenset[str]
    continuations: tuple[str, ...]
    numbers: frozenset[str]
    glue: frozenset[str]
    award_nouns: frozenset[str]


@cache
def _language(language: str) -> _Language:
    table = lexicon(language).section("awards")
    won = alternation(table.get("won", []))
    nominated = alternation(table.get("nominated", []))
    event_nouns = alternation(words(language, "awards", "event"))
    film_nouns = alternation(words(language, "words", "film_nouns") + ["it"])
    numbers = folded(language, "awards", "numbers")
    return _Language(
        cue=re.compile(rf"(?i:(?<!\w)(?:(?P<nominated>{nominated})|(?P<won>{won}))(?!\w))"),
        events=re.compile(
            rf"(?:(?:{_CAPTOK})[ ]){{0,4}}(?i:{event_nouns})"
            rf"(?:[ ](?:de|del|of|du|des|di|de la)[ ](?:{_CAPTOK})(?:[ ]{_CAPTOK})*)*"
        ),
        nouns=re.compile(rf"(?i:\b{film_nouns}\b)"),
        nouns_before_of=re.compile(rf"(?i:\b{film_nouns})\s+(?:de|of|by)\s+$"),
        negation=folded(language, "awards", "negation"),
        continuations=tuple(fold(c) for c in words(language, "awards", "list_continuations")),
        numbers=numbers,
        glue=folded(language, "awards", "list_continuations") | numbers | _ARTICLES,
        award_nouns=folded(language, "awards", "award_nouns"),
    )


@cache
def _lower_categories(categories: frozenset[str]) -> re.Pattern[str]:
    starts = alternation(sorted(categories))
    return re.compile(rf"(?i:\b{starts}\b)(?:[ ](?!(?:in|at|for|and|y|et|en|au|to|de|del|with|but)\b)[\w'’-]+){{1,3}}")


@dataclass(frozen=True)
class Found:
    """One award statement: who, which prize, won or not, and its qualifiers."""

    recipient: Mention
    award: str
    won: bool
    event: str
    year: str
    category: str
    for_work: Mention | None
    start: int
    end: int
    confidence: float


def find_awards(document: Document) -> list[Found]:
    """Return every award or nomination the document's sentences state."""
    ctx = context(document)
    cue = _language(document.language).cue
    people = known_people(document)
    found: list[Found] = []
    for sentence in document.sentences:
        cues = list(cue.finditer(sentence.text))
        for index, match in enumerate(cues):
            if _negated(sentence.text[: match.start()], document.language):
                continue
            end = cues[index + 1].start() if index + 1 < len(cues) else len(sentence.text)
            tail = _clause(sentence.text[match.end() : end], document.language)
            found.extend(_read(ctx, sentence, match.start(), match.end(), tail, match["won"] is not None, people))
    return found


def _negated(prefix: str, language: str) -> bool:
    last = fold(prefix).split()[-3:]
    return any(w in _language(language).negation for w in last)


def _clause(tail: str, language: str) -> str:
    """Cut the text after a cue where the list of awards ends."""
    for stop in words(language, "awards", "stop"):
        at = tail.find(stop)
        if at >= 0:
            tail = tail[:at]
    continuations = _language(language).continuations
    parts = tail.split(", ")
    kept = [parts[0]]
    for part in parts[1:]:
        head = fold(part)
        if (
            part[:1].isupper()
            or part[:1].isdigit()
            or any(head.startswith(c + " ") or head == c for c in continuations)
        ):
            kept.append(part)
        else:
            break
    return ", ".join(kept)


def _events(tail: str, language: str) -> list[tuple[int, int]]:
    spans = []
    for match in _language(language).events.finditer(tail):
        text = match.group(0)
        if sum(1 for t in text.split() if t[:1].isupper()) >= (2 if text[:1].isupper() else 1):
            spans.append((match.start(), match.end()))
    return spans


def _read(
    ctx: Context, sentence: Sentence, cue_start: int, cue_end: int, tail: str, won: bool, people: set[str]
) -> Iterator[Found]:
    document = ctx.document
    language = document.language
    events = _events(tail, language)
    event = tail[events[0][0] : events[0][1]] if events else ""
    masked = tail
    for a, b in events:
        masked = masked[:a] + " " * (b - a) + masked[b:]
    years = _YEAR.findall(tail) or _YEAR.findall(sentence.text[:cue_start])[-1:]
    year = years[0] if years else ""
    categories = folded_words("awards", "category")
    cues = _language(language)
    numbers = cues.numbers
    titles = ctx.subject_folds() | {fold(s.text) for s in ctx.others}
    person_folds = {fold(p) for p in people}
    awards: list[tuple[str, int, str]] = []  # (text, offset in tail, person named right after)
    category_for = ""
    glue = cues.glue
    award_nouns = cues.award_nouns
    last_end = 0
    for match in _phrases(masked, categories):
        text = match.group(0).strip().strip("'’\"”“")
        gap = fold(masked[last_end : match.start()]).split()
        listed = all(w in glue or w.isdigit() for w in gap)
        named_award = bool({fold(w) for w in text.split()} & award_nouns)
        if not (listed or named_award or fold(text.split()[0]) in categories):
            continue  # a capitalised word further on is not one of the prizes
        last_end = match.end()
        words_in = text.split()
        while (
            words_in and fold(words_in[0]) in folded_words("words", "function") and fold(words_in[0]) not in categories
        ):
            words_in = words_in[1:]
        text = " ".join(words_in).strip(" ,.")
        bare = _LEADING_ARTICLE.sub("", fold(text))
        if not text or fold(text) in titles or bare in titles or fold(text) in person_folds or _YEAR.fullmatch(text):
            continue
        before = fold(masked[: match.start()]).split()[-1:]
        if (
            before
            and (before[0] in numbers or before[0] == "several")
            or _ENDS_IN_DIGIT.search(masked[: match.start()])
        ):
            text = _PLURAL_S.sub("", text) if text.endswith("s") and len(words_in[-1]) > 3 else text
        person = _PERSON_AFTER.match(masked, match.end())
        is_category = fold(text.split()[0]) in categories
        if is_category and before and before[0] in {"for", "por", "pour"} and awards:
            category_for = text
            continue
        awards.append((text, match.start(), person_name(person.group(1)) if person else ""))
    if not awards:
        return
    recipient, inferred = _recipient(ctx, sentence, cue_start, person_folds)
    base = sentence.start
    for text, offset, person in awards:
        subject, for_work, confidence = recipient, None, 0.8 if not inferred else 0.65
        if person:
            subject, for_work, confidence = Mention(Kind.PERSON, person, document.doc_id), ctx.film, 0.85
        elif subject.kind is Kind.PERSON:
            for_work = ctx.film
        yield Found(
            subject,
            text,
            won,
            event,
            year,
            category_for,
            for_work,
            base + cue_start,
            base + cue_end + offset,
            confidence,
        )


def _phrases(masked: str, categories: frozenset[str]) -> Iterator[re.Match[str]]:
    """Capitalised award names, and categories even when written in lower case ("best adapted screenplay")."""
    lower = _lower_categories(categories)
    taken: list[tuple[int, int]] = []
    for match in _PHRASE.finditer(masked):
        taken.append((match.start(), match.end()))
        yield match
    for match in lower.finditer(masked):
        if not any(a <= match.start() < b for a, b in taken):
            yield match


def _recipient(ctx: Context, sentence: Sentence, cue_start: int, person_folds: set[str]) -> tuple[Mention, bool]:
    """Who won: the nearest person named before the cue (not as a possessive, not "film of X"), else the film."""
    prefix = sentence.text[:cue_start]
    cues = _language(ctx.document.language)
    best_end, best = -1, None
    for match in cues.nouns.finditer(prefix):
        if match.end() > best_end:
            best_end, best = match.end(), None
    forms = {span.text for span in ctx.titles} | {p for span in ctx.titles for p in span.pair} | {ctx.film.text}
    for form in forms:
        for match in re.finditer(rf"(?i:(?<!\w){re.escape(form)}(?!\w))", prefix):
            if match.end() > best_end:
                best_end, best = match.end(), None
    surnames = {p.split()[-1]: p for p in person_folds}
    for match in _NAME.finditer(prefix):
        name = person_name(match.group(0))
        folded = fold(name)
        if folded not in person_folds and folded not in surnames:
            continue
        after = prefix[match.end() : match.end() + 2]
        if after[:1] in {"'", "’"}:
            continue  # "Tarkovsky's film was honoured": the film won
        if cues.nouns_before_of.search(prefix[: match.start()]):
            continue  # "la película de Tarkovsky"
        if match.end() > best_end:
            best_end, best = match.end(), name
    if best is None:
        return ctx.film, False
    return Mention(Kind.PERSON, best, ctx.document.doc_id), True


@extractor(EXTRACTOR, emits={"awardReceived", "nominatedFor"})
def extract_awards(document: Document) -> Iterator[Claim]:
    """Yield an award claim (won or nominated) with its qualifiers for every award statement."""
    for award in find_awards(document):
        found = evidence(document, award.start, award.end, EXTRACTOR, award.confidence)
        if found is None:
            continue
        qualifiers: list[tuple[str, Mention | Literal]] = []
        if award.event:
            qualifiers.append(("event", Mention(Kind.AWARD_EVENT, award.event, document.doc_id, document.language)))
        if award.year:
            qualifiers.append(("year", Literal(award.year, datatype=GYEAR)))
        if award.category:
            qualifiers.append(("category", Mention(Kind.AWARD, award.category, document.doc_id, document.language)))
        if award.for_work is not None:
            qualifiers.append(("forWork", award.for_work))
        predicate = "awardReceived" if award.won else "nominatedFor"
        prize = Mention(Kind.AWARD, award.award, document.doc_id, document.language)
        yield Claim(award.recipient, predicate, prize, found, tuple(sorted(qualifiers, key=lambda q: q[0])))
