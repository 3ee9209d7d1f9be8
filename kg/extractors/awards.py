"""Awards won and nominations, as the prose states them, each with its event, year, category and work.

"honoured with the Golden Lion at the 1962 Venice Film Festival" is a win by the film at an event in a
year; "nominated for five Oscars" is a nomination, never five wins; "Best Actress (X)" is X's award
for the film. The prize's name is taken from the text as written; spelling slips are the resolver's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache

from ..model import Claim, Document, Kind, Literal, Mention, Sentence
from . import extractor
from .context import Context, context
from .lexicon import fold, folded, lexicon
from .patterns import (
    APOS,
    NAME,
    PARTICLE,
    UP,
    YEAR,
    alternation,
    evidence,
    folded_words,
    looks_like_person,
    person_name,
    words,
)
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
# a category's own sub-heading: "Best Motion Picture - Comedy/Musical"
_CATEGORY_DASH = re.compile(rf"(?:[ ]?[-–—/][ ]?{_CAPTOK}(?:{_JOIN}{_CAPTOK})*)+")
# or one more capitalised word after "and" that starts no phrase of its own
_CATEGORY_AND = re.compile(rf"[ ](?:and|y|et|&)[ ]({_CAPTOK})(?![\w'’-])(?![ ]{UP})")
# or a comma and a longer capitalised phrase: "Best Writing, Screenplay Written Directly for the Screen"
_CATEGORY_COMMA = re.compile(
    rf",[ ]({_CAPTOK}(?:{_JOIN}{_CAPTOK}){{2,}})(?=$|[,.;:)( ])|,[ ]({_CAPTOK})(?=[ ]*[.;:)]?[ ]*$)"
)  # or one word that ends the clause: "Best Short Subject, Comedy."
# "for Ann Lee", or "for Film Music for Ann Lee" (the prize's own field, then its winner)
_FOR_PERSON = re.compile(
    rf"(?:[ ](?:for|por|pour)[ ](?P<field>{_PHRASE.pattern}))?[ ](?:for|por|pour|para)[ ](?P<who>{NAME})"
)
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”|«[^»]*»')
_LIST_JOIN = re.compile(r"[ ](?:and|et|y|&)[ ]|/")


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
    prenominal: frozenset[str]
    event_before: frozenset[str]
    pronoun: re.Pattern[str]
    category_joiners: frozenset[str]
    prizes: frozenset[str]
    performance: str
    nomination_noun: re.Pattern[str]
    lost_to: re.Pattern[str]
    lost_after_cue: re.Pattern[str]
    lost_cues: frozenset[str]
    plural_pronoun: re.Pattern[str]
    dropped_subject: frozenset[str]
    weak: frozenset[str]
    counted: re.Pattern[str]
    copula: re.Pattern[str]
    count_only: re.Pattern[str]
    agent_nouns: frozenset[str]
    category_nouns: frozenset[str]
    work_relative: str


@cache
def _language(language: str) -> _Language:
    table = lexicon(language).section("awards")
    won = alternation(table.get("won", []))
    nominated = alternation(table.get("nominated", []))
    event_nouns = alternation(words(language, "awards", "event"))
    film_nouns = alternation(words(language, "words", "film_nouns") + ["it"])
    numbers = folded(language, "awards", "numbers")
    nomination_nouns = alternation(words(language, "awards", "nomination_nouns"))
    pronouns = alternation(words(language, "awards", "pronouns") + words(language, "awards", "plural_pronouns"))
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
        prenominal=folded(language, "awards", "prenominal"),
        event_before=folded(language, "awards", "event_before"),
        pronoun=re.compile(rf"(?i:(?<!\w){pronouns}(?:[ ]\w+){{0,2}}[ ]$)"),
        category_joiners=folded(language, "awards", "category_joiners"),
        prizes=folded_words("awards", "prizes"),
        performance=alternation(words(language, "awards", "performance")),
        nomination_noun=re.compile(rf"(?P<prize>{_PHRASE.pattern})[ -](?P<noun>(?i:{nomination_nouns}))(?!\w)"),
        lost_to=_lost_to_pattern(words(language, "awards", "lost_to"), film_nouns),
        lost_after_cue=_lost_to_pattern(words(language, "awards", "lost_after_cue"), film_nouns),
        lost_cues=folded(language, "awards", "lost_cues"),
        plural_pronoun=re.compile(
            rf"(?i:(?<!\w){alternation(words(language, 'awards', 'plural_pronouns'))}(?:[ ]\w+){{0,2}}[ ]$)"
        ),
        dropped_subject=folded(language, "awards", "dropped_subject"),
        weak=folded(language, "awards", "weak"),
        agent_nouns=folded(language, "awards", "agent_nouns"),
        category_nouns=folded(language, "awards", "category_nouns"),
        work_relative=alternation(words(language, "awards", "work_relative")),
        count_only=re.compile(
            rf"(?i:(?:\d+|{alternation(words(language, 'awards', 'numbers'))})"
            rf"(?:[ ]{alternation(words(language, 'awards', 'of_them'))})?)"
        ),
        copula=re.compile(rf"(?i:(?<!\w){alternation(words(language, 'awards', 'copulas'))}[ ](?:[\w-]+[ ]){{0,4}}$)"),
        counted=re.compile(
            rf"(?i:(?<!\w)(?:\d+|{alternation(words(language, 'awards', 'numbers'))})[ ]"
            rf"(?P<noun>{alternation(words(language, 'awards', 'counted'))}))(?!\w)"
        ),
    )


def _lost_to_pattern(cues: list[str], film_nouns: str) -> re.Pattern[str]:
    """ "lost to Ann Lee", or "lost to that other classic, Night Train" (a film, said so by its noun)."""
    return re.compile(
        rf"(?i:(?<!\w){alternation(cues)})[ ](?:(?P<film>(?i:(?:[\w-]+[ ]){{1,4}}?{film_nouns}),?[ ]))?(?P<who>{NAME})"
    )


_NOT_IN_CATEGORY = "(?:in|at|for|and|y|et|en|au|to|de|del|with|but|por|para|pour|a|al|à)"


@cache
def _lower_categories(categories: frozenset[str]) -> re.Pattern[str]:
    starts = alternation(sorted(categories))
    return re.compile(rf"(?i:\b{starts}\b)(?:[ ](?!{_NOT_IN_CATEGORY}\b)[\w'’-]+){{1,3}}")


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
        nouns = _noun_nominations(ctx, sentence, people, [c.start() for c in cues])
        for stated, _noun in nouns:
            found.extend(stated)
        earlier: list[Found] = []
        for index, match in enumerate(cues):
            if _negated(sentence.text[: match.start()], document.language):
                continue
            if any(_before_noun(sentence.text, match, noun) for _stated, noun in nouns):
                continue  # "received an Oscar nomination for ...": read from the noun, as a nomination
            prenominal = _prenominal(ctx, sentence, match, people)
            if prenominal is not None:
                found.extend(prenominal)
                continue
            end = cues[index + 1].start() if index + 1 < len(cues) else len(sentence.text)
            tail = _clause(sentence.text[match.end() : end], document.language)
            won = match["won"] is not None
            cues_of = _language(document.language)
            weak = fold(match.group(0)) in cues_of.weak or bool(cues_of.pronoun.search(sentence.text[: match.start()]))
            stated = list(_read(ctx, sentence, match.start(), match.end(), tail, won, people, weak))
            if not stated and earlier and cues_of.count_only.fullmatch(tail.strip(" ,.;:!")):
                stated = [  # "nominated for five Oscars, winning two": two of those
                    replace(f, won=won, start=sentence.start + match.start(), end=sentence.start + match.end())
                    for f in earlier
                    if not f.won
                ]
            stated = stated or _counted(ctx, sentence, match, tail, won, people)
            found.extend(stated)
            earlier = stated or earlier
            if not won:
                bare = fold(match.group(0)) in _language(document.language).lost_cues  # "lost for X to Y"
                found.extend(_lost_to(ctx, sentence, match.end() + len(tail), end, stated, people, bare))
    return found


def _noun_nominations(
    ctx: Context, sentence: Sentence, people: set[str], cue_starts: list[int]
) -> list[tuple[list[Found], tuple[int, int]]]:
    """Read "received an Oscar nomination for Best Actor" and "11 Oscar nominations including Best Picture": the
    prize stands before the noun, the recipient before the prize; what follows reads as after "nominated for"."""
    cues = _language(ctx.document.language)
    text = sentence.text
    out: list[tuple[list[Found], tuple[int, int]]] = []
    for match in cues.nomination_noun.finditer(text):
        prize = match["prize"]
        if not _is_prize(prize, cues) and fold(prize.split()[0]) not in folded_words("awards", "category"):
            continue
        start, noun_start, noun_end = match.start(), match.start("noun"), match.end()
        span = (noun_start, noun_end)
        if _negated(text[:start], ctx.document.language):
            out.append(([], span))
            continue
        end = min([c for c in cue_starts if c >= noun_end] + [len(text)])
        tail = text[start:noun_start] + " " * (noun_end - noun_start) + text[noun_end:end]
        tail = _clause(tail, ctx.document.language)
        out.append((list(_read(ctx, sentence, start, start, tail, False, people)), span))
    return out


def _counted(
    ctx: Context, sentence: Sentence, cue: re.Match[str], tail: str, won: bool, people: set[str]
) -> list[Found]:
    """ "At the Academy Awards, the film took home nine awards from twelve nominations": a count of awards won (and
    of nominations) at the prize the sentence names."""
    cues = _language(ctx.document.language)
    counts = [m for m in cues.counted.finditer(tail)]
    if not counts:
        return []
    prize = next((m.group(0) for m in _PHRASE.finditer(sentence.text) if _named_prize(m.group(0), cues)), None)
    if prize is None:
        return []
    recipients, _inferred = _recipients(ctx, sentence, cue.start(), {fold(p) for p in people})
    name = _singular(prize)
    out = []
    for count in counts:
        outcome = won and fold(count["noun"]) not in folded(ctx.document.language, "awards", "nomination_nouns")
        for recipient in recipients:
            start, end = sentence.start + cue.start(), sentence.start + cue.end() + count.end()
            out.append(Found(recipient, name, outcome, "", "", "", None, start, end, 0.6))
    return out


def _named_prize(text: str, cues: _Language) -> bool:
    """A prize known by its name ("Academy Awards", "Golden Globe"), not a bare "Award"."""
    folded_text = _LEADING_ARTICLE.sub("", fold(text))
    return folded_text in cues.prizes or folded_text.rstrip("s") in cues.prizes


def _singular(prize: str) -> str:
    """ "the Academy Awards" is where an Academy Award is won."""
    words_in = _LEADING_ARTICLE.sub("", prize).split()
    last = words_in[-1]
    if len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is", "ics")):
        words_in[-1] = last[:-1]
    return " ".join(words_in)


def _before_noun(text: str, cue: re.Match[str], noun: tuple[int, int]) -> bool:
    """A cue that only leads to a nomination noun ("received an Oscar nomination") or is part of one."""
    if noun[0] <= cue.start() < noun[1]:
        return True
    between = text[cue.end() : noun[0]]
    return cue.end() <= noun[0] and len(between.split()) <= 4 and "," not in between


def _lost_to(
    ctx: Context, sentence: Sentence, start: int, end: int, stated: list[Found], people: set[str], bare: bool
) -> Iterator[Found]:
    """ "was up for Best Supporting Actress, but lost to Ann Lee": the one it lost to won the same prizes."""
    if not stated:
        return
    cues = _language(ctx.document.language)
    match = cues.lost_to.search(sentence.text, start, end)
    if match is None and bare:
        gap = len(sentence.text[start:end]) - len(sentence.text[start:end].lstrip())
        match = cues.lost_after_cue.match(sentence.text, start + gap)
    if match is None:
        return
    name = match["who"]
    titles = {fold(s.text): s.text for s in ctx.others}
    if match["film"]:  # "lost to that other classic, Night Train": a film, said so by its noun
        title = titles.get(fold(name), name)
        winner = Mention(Kind.FILM, title, ctx.document.doc_id, ctx.document.language)
    elif not match["film"] and (fold(person_name(name)) in {fold(p) for p in people} or looks_like_person(name, 2)):
        winner = Mention(Kind.PERSON, person_name(name), ctx.document.doc_id)
    else:
        return
    for found in stated:
        if found.recipient.kind is not winner.kind:
            continue
        yield Found(
            winner,
            found.award,
            True,
            found.event,
            found.year,
            found.category,
            None,
            sentence.start + match.start(),
            sentence.start + match.end(),
            0.65,
        )


def _prenominal(ctx: Context, sentence: Sentence, cue: re.Match[str], people: set[str]) -> list[Found] | None:
    """Read "Oscar and Golden Globe winning, and BAFTA nominated Ann Lee": the prizes stand before the cue and
    the winner after it. None when the cue is not used so; no award when what follows is not a person
    ("Grammy winning Music video")."""
    cues = _language(ctx.document.language)
    text = sentence.text
    if fold(cue.group(0)) not in cues.prenominal or not text[: cue.start()].endswith((" ", "-")):
        return None
    before = text[: cue.start() - 1]
    prizes: list[str] = []
    edge = len(before)
    for match in reversed(list(_PHRASE.finditer(before))):
        rest = before[match.end() : edge]
        if prizes and rest == ", " and _is_prize(match.group(0), cues):
            pass  # "Oscar, BAFTA and Golden Globe winning": a comma list of prizes, not "as Rose, Oscar winning"
        elif _LIST_JOIN.fullmatch(rest) is None if prizes else rest:
            break
        prizes.insert(0, match.group(0))
        edge = match.start()
    owner, career = "", False
    if prizes:
        owned = _POSSESSIVE.match(prizes[0])  # "Bo Vik's Oscar-nominated performance": his
        if owned is not None:
            owner, prizes[0] = owned.group(1), prizes[0][owned.end() :]
            edge += owned.end()
        career = any(_TIMES.match(_CAPITAL_ARTICLE.sub("", p)) for p in prizes)  # "two-time": not for this film
        prizes = [_TIMES.sub("", _CAPITAL_ARTICLE.sub("", p)) for p in prizes]  # "The Two-time Oscar": "Oscar"
    person_folds = {fold(p) for p in people}
    categories = folded_words("awards", "category")
    if (
        not prizes
        or not all(prizes)
        or any(fold(p) in person_folds or fold(p.split()[0]) in categories for p in prizes)
    ):
        return None
    won = cue["won"] is not None
    start, end = sentence.start + edge, sentence.start + cue.end()
    work = None if career or _TIMES_BEFORE.search(text, 0, edge) else ctx.film  # "4-time Emmy nominee": career
    if owner and re.match(rf"[ ](?i:{cues.performance})\b", text[cue.end() :]):
        name = person_name(owner)
        if fold(name) in person_folds or looks_like_person(name, 2):
            recipient = Mention(Kind.PERSON, name, ctx.document.doc_id)
            return [Found(recipient, prize, won, "", "", "", work, start, end, 0.75) for prize in prizes]
    if owner:
        return []
    after = re.match(
        rf"(?:,?[ ](?:(?:and|et|y|&)[ ])?{_PHRASE.pattern}(?:[ ]and[ ]{_PHRASE.pattern})*[ -]"
        rf"(?i:{alternation(sorted(cues.prenominal))})(?!\w))*[ ](?:[a-z]+[ ]){{0,2}}"
        rf"(?:(?i:{cues.performance})(?:,[ ]|[ ]by[ ]|[ ]from[ ]))?({NAME})",
        text[cue.end() :],
    )
    if after is None and fold(cue.group(0)) in cues.agent_nouns:
        apposed = _APPOSED.search(text, 0, edge)  # "Ann Lee, an Oscar winner, ...": the name before
        if apposed is not None and fold(person_name(apposed.group(1))) in person_folds:
            recipient = Mention(Kind.PERSON, person_name(apposed.group(1)), ctx.document.doc_id)
            return [Found(recipient, prize, won, "", "", "", work, start, end, 0.7) for prize in prizes]
        return []
    if after is None or fold(after.group(1).split()[0]) in categories:
        return None
    name = person_name(after.group(1))
    title = _title_named(ctx, after.group(1))
    if title is not None:  # "the Oscar-winning Night Train": the film
        return [Found(title, prize, won, "", "", "", None, start, end, 0.75) for prize in prizes]
    if fold(name) not in person_folds and not looks_like_person(name, 2):
        return []
    recipient = Mention(Kind.PERSON, name, ctx.document.doc_id)
    return [Found(recipient, prize, won, "", "", "", work, start, end, 0.75) for prize in prizes]


_ELIDED_TAIL = re.compile(r"[ ][dl]['’][a-zà-ÿ]+")
_DETERMINERS = {"the", "a", "an", "la", "el", "le", "les", "los", "las", "l"}
_ELIDED = re.compile(r"^[LlDd]['’](?=[A-ZÀ-Ý])")
_APPOSED = re.compile(rf"({NAME}),[ ](?:[\w-]+[ ]){{0,2}}$")
_TIMES_BEFORE = re.compile(r"(?i:\w+-times?[ ])$")
_TIMES = re.compile(r"^\w+-times?[ ](?=\S)", re.IGNORECASE)
_CAPITAL_ARTICLE = re.compile(r"^(?:(?:The|El|La|Le|Les|Los|Las)[ ]|[LlDd]['’])(?=\S)")
_POSSESSIVE = re.compile(rf"((?:{_CAPTOK}[ ])*{_CAPTOK})['’]s?[ ]")


def _title_named(ctx: Context, text: str) -> Mention | None:
    """The reviewed film or another one, when `text` opens with its title."""
    folded_text = fold(text)
    for span in ctx.others:
        if folded_text.startswith(fold(span.text)):
            return Mention(Kind.FILM, span.text, ctx.document.doc_id, ctx.document.language)
    if any(folded_text.startswith(f) for f in ctx.subject_folds() if f):
        return ctx.film
    return None


def _is_prize(text: str, cues: _Language) -> bool:
    """A prize by its name ("Oscar", "Golden Globes") or by an award noun in it ("Kite Award")."""
    folded_text = fold(text)
    return (
        folded_text in cues.prizes
        or folded_text.rstrip("s") in cues.prizes
        or bool(set(folded_text.split()) & cues.award_nouns)
    )


def _negated(prefix: str, language: str) -> bool:
    """A negation among the last three words ("wasn't", "never") or a phrase right before the cue ("should have")."""
    words_before = fold(prefix).split()
    negation = _language(language).negation
    if any(w in negation for w in words_before[-3:]):
        return True
    last = words_before[-4:]
    if any(w == "t" and v.endswith("n") for v, w in zip(last, last[1:], strict=False)):
        return True  # "wasn't", folded "wasn t"
    return any(len(n.split()) > 1 and " ".join(words_before[-len(n.split()) :]) == n for n in negation)


def _clause(tail: str, language: str) -> str:
    """Cut the text after a cue where the list of awards ends."""
    for stop in words(language, "awards", "stop"):
        at = tail.find(stop)
        while at >= 0 and tail.count("(", 0, at) > tail.count(")", 0, at):
            at = tail.find(stop, at + 1)  # "(Ann Lee for Best Actress; Bo Vik for Best Actor)" is one list
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
    ctx: Context,
    sentence: Sentence,
    cue_start: int,
    cue_end: int,
    tail: str,
    won: bool,
    people: set[str],
    weak: bool = False,
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
    lower = folded_words("awards", "category")
    categories = lower | folded_words("awards", "category_capitalised")  # "Outstanding Music", never "outstanding"
    cues = _language(language)
    numbers = cues.numbers
    titles = ctx.subject_folds() | {fold(s.text) for s in ctx.others}
    person_folds = {fold(p) for p in people}
    awards: list[list[str | int]] = []  # [text, offset in tail, person named after it, category, joiner]
    glue = cues.glue
    award_nouns = cues.award_nouns
    masked, each_own = _people_for_categories(masked, person_folds, lower)
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(masked)]
    last_end = 0
    for match in _phrases(masked, lower):
        if match.start() < last_end or any(a < match.start() < b for a, b in quoted):
            continue  # inside a category's sub-heading, a "for Ann Lee", or a quoted title ("Best That You Can Do")
        text = _ELIDED.sub("", match.group(0).strip().strip("'’\"”“"))  # "l'Oscar du meilleur acteur"
        last_gap = last_end
        gap = fold(masked[last_end : match.start()]).split()
        listed = all(w in glue or w.isdigit() for w in gap)
        named_award = bool({fold(w) for w in text.split()} & award_nouns)
        is_category = fold(text.split()[0]) in categories
        if not (listed or named_award or is_category):
            continue  # a capitalised word further on is not one of the prizes
        prize_like = named_award or is_category or _is_prize(text, cues)
        if weak and not prize_like:
            continue  # "took Regina home", "he wins the Democratic nomination": a weak cue needs a prize
        if "," in masked[last_end : match.start()] and awards and awards[0][2] and not prize_like:
            continue  # "a Tony Award for Ann Lee, the Great One": after her, a name of hers
        stop = match.end()
        elided = _ELIDED_TAIL.match(masked, stop)
        if elided is not None and fold(text + elided.group(0)) in cues.prizes:
            stop, text = elided.end(), text + elided.group(0)  # "la Palme d'or"
        dashed = ""
        if is_category:
            stop = _category_end(masked, stop, categories, award_nouns)
            text = masked[match.start() : stop].strip().strip("'’\"”“")
            dash = _DASH_PERSON.search(text.rstrip(".,;:"))
            if dash is not None and fold(person_name(dash.group(1))) in person_folds:
                dashed, text = person_name(dash.group(1)), text[: dash.start()]  # "Best Actor- Om Lal": his
        core = [w for w in gap if w not in _DETERMINERS]  # "at the Golden Globes": where
        if core[-1:] and core[-1] in cues.event_before and not named_award and not is_category:
            event = event or text.rstrip(".,;:")  # "won Best Film at Venice 1960": where, not what
            last_end = stop
            continue
        last_end = stop
        words_in = text.split()
        while (
            words_in and fold(words_in[0]) in folded_words("words", "function") and fold(words_in[0]) not in categories
        ):
            words_in = words_in[1:]
        if len(words_in) > 1 and fold(words_in[-1]) in cues.category_nouns:
            words_in = words_in[:-1]  # "Best Supporting Actor Categories"
        text = " ".join(words_in).strip(" ,.")
        is_category = bool(text) and fold(text.split()[0]) in categories
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
        person = _PERSON_AFTER.match(masked, stop)
        named = dashed or (person_name(person.group(1)) if person else "")
        field = field_joiner = ""
        if not named:
            person = _FOR_PERSON.match(masked, stop)
            candidate = person_name(person["who"]) if person else ""
            if (
                person
                and fold(candidate) not in titles
                and (fold(candidate) in person_folds or looks_like_person(candidate, 2))
            ):
                named, last_end = candidate, person.end()  # "Best Director for Ann Lee": her nomination
                field = person["field"] or ""
                field_joiner = masked[stop : person.start("field")].strip() if field else ""
                if masked.startswith(" (", last_end) and ")" in masked[last_end:]:
                    last_end = masked.index(")", last_end) + 1  # "for Ann Lee (Night Train)": her other film
        joined = " ".join(gap) in cues.category_joiners  # "Premio a la Mejor Actriz": the prize's category
        shared = bool(before) and before[0] in {"for", "por", "pour"}  # "an Oscar and a Golden Globe for Best Actor"
        if is_category and awards and (shared or joined):
            for award in reversed(awards):  # with "for", each prize listed before it; else the last one alone
                if award[3] or (award is not awards[-1] and not shared):
                    break
                award[3] = text
                award[4] = masked[last_gap : match.start()].strip() if joined and award is awards[-1] else ""
            if named and not awards[-1][2]:
                awards[-1][2] = named
            continue
        awards.append([text, match.start(), named, field, field_joiner])
    if each_own:  # "(Ann Lee for Best Actress; Bo Vik for Best Actor)": the prize before is theirs, not the film's
        prize = next((a for a in awards if not a[3] and not a[2] and int(a[1]) < each_own[0][1]), None)
        if prize is not None:
            awards.remove(prize)
        for who, offset, category in each_own:
            awards.append([str(prize[0]) if prize else category, offset, who, category if prize else "", ""])
    if not awards:
        return
    recipients, inferred = _recipients(ctx, sentence, cue_start, person_folds)
    if not recipients:
        return
    base = sentence.start
    work = _named_work(ctx, tail, sentence.text[:cue_start]) or ctx.film
    for (text, offset, person, category, joiner), recipient in (
        (award, recipient) for award in awards for recipient in (recipients[:1] if award[2] else recipients)
    ):
        subject, for_work, confidence = recipient, None, 0.8 if not inferred else 0.65
        if person:
            subject, for_work, confidence = Mention(Kind.PERSON, str(person), document.doc_id), ctx.film, 0.85
            if recipient.kind is Kind.FILM:
                for_work = recipient
        elif subject.kind is Kind.PERSON:
            for_work = work  # "won two Oscars for 'Night Train'", "in 'Night Train', for which he won"
        label = _named_with_category(str(text), str(category), str(joiner), language)
        if not category and event and _named_prize(event, cues) and fold(str(text).split()[0]) in categories:
            category = text  # "Best Actor at the Golden Globes": a Golden Globe for Best Actor
            label = _named_with_category(_singular(event), str(text), "", language)
        yield Found(
            subject,
            label,
            won,
            event,
            year,
            str(category),
            for_work,
            base + cue_start,
            base + cue_end + int(offset),
            confidence,
        )


_PEOPLE_FOR = re.compile(
    rf"(?<![\w'’])(?P<who>{NAME}(?:(?:,[ ]|[ ]and[ ]|[ ]y[ ]|[ ]et[ ]|[ ]&[ ]){NAME})*)[ ](?:for|por|pour|para)[ ]"
)


def _people_for_categories(
    masked: str, person_folds: set[str], categories: frozenset[str]
) -> tuple[str, list[tuple[str, int, str]]]:
    """Find "Ann Lee for Best Actress" and "Bo Vik and Eva Ek for Best Actor" (known people only): each person's
    own category. Returns the text with them blanked, and (person, offset, category) for each."""
    surnames = {p.split()[-1] for p in person_folds}
    found: list[tuple[str, int, str]] = []
    for match in _PEOPLE_FOR.finditer(masked):
        names = [person_name(n) for n in re.split(r",[ ]|[ ](?:and|y|et|&)[ ]", match["who"])]
        if not names or not all(fold(n) in person_folds or fold(n) in surnames for n in names):
            continue
        category = next(_lower_categories(categories).finditer(masked, match.end()), None)
        phrase = _PHRASE.match(masked, match.end())
        if phrase is not None and fold(phrase.group(0).split()[0]) in categories:
            end = _category_end(masked, phrase.end(), categories, frozenset())
            text = masked[match.end() : end].strip(" ,.")
        elif category is not None and category.start() == match.end():
            end, text = category.end(), category.group(0)
        else:
            continue
        found += [(name, match.start(), text) for name in names]
        masked = masked[: match.start()] + " " * (end - match.start()) + masked[end:]
    return masked, found


def _named_with_category(prize: str, category: str, joiner: str, language: str) -> str:
    """The award as one prize: "Oscar for Best Actor", as a knowledge base names it (an Oscar for Best Actor is
    not a Golden Globe for Best Actor). The words between them as written, else the language's own ("for")."""
    if not category or not prize or fold(category) == fold(prize):
        return prize
    joiner = joiner or str(lexicon(language).section("awards").get("category_joiner", "for"))
    return f"{_singular(prize)} {joiner} {category}"  # "the BAFTAs for Best Score": one BAFTA


def _named_work(ctx: Context, tail: str, prefix: str) -> Mention | None:
    """Another film a person's award is said to be for: "for 'Night Train'" after the cue, or "'Night Train' for
    which" right before it."""
    cues = _language(ctx.document.language)
    for span in ctx.others:
        title = re.escape(span.text)
        after = rf"(?i:(?<!\w)(?:for|por|pour|para))[ ][\"“'‘«]?{title}(?!\w)"
        before = rf"(?<!\w){title}[\"”'’»]?,?[ ](?i:{cues.work_relative})[ ](?:\w+[ ]){{0,2}}$"
        if re.search(after, tail) or re.search(before, prefix):
            return Mention(Kind.FILM, span.text, ctx.document.doc_id, ctx.document.language)
    return None


def _category_end(masked: str, end: int, categories: frozenset[str], award_nouns: frozenset[str]) -> int:
    """Where a category's name ends, over its sub-headings ("Best Motion Picture - Comedy/Musical")."""
    while True:
        dash = _CATEGORY_DASH.match(masked, end)
        if dash is not None:
            end = dash.end()
            continue
        comma = _CATEGORY_COMMA.match(masked, end)
        if comma is not None:
            words_in = (comma.group(1) or comma.group(2)).split()
            heading = {fold(w) for w in words_in}
            if fold(words_in[0]) not in categories and not heading & award_nouns:
                end = comma.end()
                continue
        joined = _CATEGORY_AND.match(masked, end)  # "Outstanding Music and Lyrics", not "Best Editing and Best Sound"
        if joined is not None and fold(joined.group(1)) not in categories | award_nouns:
            end = joined.end()
            continue
        return end


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


def _recipients(ctx: Context, sentence: Sentence, cue_start: int, person_folds: set[str]) -> tuple[list[Mention], bool]:
    """Who won: the nearest person or film named before the cue (a person not as a possessive, not "film of X");
    another film when it is the nearest ("'Night Train' ... won Best Film"); the reviewed film when none is named.
    A pronoun right before the cue ("for which he won"), or a verb with no subject ("Está nominada a"), stands for
    the person the sentence opens with, else the one the sentence before opens with; none when neither names one."""
    prefix = sentence.text[:cue_start]
    cues = _language(ctx.document.language)
    if cues.pronoun.search(prefix):
        return _subjects(ctx, sentence, person_folds, cues.plural_pronoun.search(prefix) is not None, 1), True
    if fold(prefix).strip() in cues.dropped_subject:
        return _subjects(ctx, sentence, person_folds, False, 3), True
    bracket = _NAME_BRACKET.search(prefix)
    if bracket and not any(fold(person_name(m.group(0))) in person_folds for m in _NAME.finditer(prefix)):
        name = person_name(bracket.group(1))
        tokens = name.split()
        bare = " ".join([tokens[0]] + [t for t in tokens[1:-1] if not _PARTICLE.fullmatch(t.lower())] + tokens[-1:])
        if (
            len(tokens) > 1 and looks_like_person(bare, 2) and fold(name) not in ctx.subject_folds()
        ):  # "Robert De Niro (nominated"
            return [Mention(Kind.PERSON, name, ctx.document.doc_id)], True  # "Ann Lee (nominated for an Oscar)"
    found, inferred = _recipient(ctx, prefix, person_folds)
    return [found], inferred


_PARTICLE = re.compile(PARTICLE)
_DASH_PERSON = re.compile(rf"[ ]?[-–—:][ ]?({NAME})$")
_NAME_BRACKET = re.compile(rf"(?:^|[.;:!?][ ]|\W)({NAME})[ ]\([^()]*$")
_LEADING = re.compile(rf"\W*((?:{NAME})(?:(?:,[ ]|[ ](?:and|y|et|&)[ ]){NAME})*)")


def _subjects(ctx: Context, sentence: Sentence, person_folds: set[str], plural: bool, back: int) -> list[Mention]:
    """The known people a sentence opens with ("Ann Lee and Bo Vik never ..."), else the one a sentence before
    opens with, `back` at most ("Mr. Bo Vik was good. He played ... for which he won"): whom a pronoun stands for;
    a verb without a subject looks further back than a pronoun."""
    sentences = ctx.document.sentences
    at = next((i for i, s in enumerate(sentences) if s.start == sentence.start), 0)
    surnames = {p.split()[-1] for p in person_folds}
    for index in range(at, max(at - back - 1, -1), -1):
        if index < 0:
            break
        opening = " ".join(sentences[index].text.split()[:8])
        for lead in _LEADING.finditer(opening):
            names = [person_name(n) for n in re.split(r",[ ]|[ ](?:and|y|et|&)[ ]", lead.group(1))]
            known = [n for n in names if fold(n) in person_folds or fold(n) in surnames]
            if opening[lead.end() : lead.end() + 1] in {"'", "’"} or not known:
                continue  # "Ann Lee's film": not her
            if len(known) == len(names) and (plural or len(known) == 1):
                return [Mention(Kind.PERSON, n, ctx.document.doc_id) for n in known]
            return []
    return []


def _recipient(ctx: Context, prefix: str, person_folds: set[str]) -> tuple[Mention, bool]:
    """The nearest person or film named in the text before a cue, else the reviewed film."""
    cues = _language(ctx.document.language)
    best_end, best = -1, None
    for match in cues.nouns.finditer(prefix):
        if cues.copula.search(prefix, 0, match.start()):
            continue  # "Night Train (2004) was the first animated film to compete": the noun says what it was
        if match.end() > best_end:
            best_end, best = match.end(), None
    forms = {span.text for span in ctx.titles} | {p for span in ctx.titles for p in span.pair} | {ctx.film.text}
    for form in forms:
        for match in re.finditer(rf"(?i:(?<!\w){re.escape(form)}(?!\w))", prefix):
            if match.end() > best_end:
                best_end, best = match.end(), None
    other: Mention | None = None
    other_end = -1
    for span in ctx.others:  # each other film, wherever the sentence names it again
        for match in re.finditer(rf"(?<!\w){re.escape(span.text)}(?!\w)", prefix):
            if match.end() > best_end:
                best_end, best, other_end = match.end(), None, match.end()
                other = Mention(Kind.FILM, span.text, ctx.document.doc_id, ctx.document.language)
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
    if best is not None:
        return Mention(Kind.PERSON, best, ctx.document.doc_id), True
    if other is not None and best_end == other_end:
        return other, True
    return ctx.film, False


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
