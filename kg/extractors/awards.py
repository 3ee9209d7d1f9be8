"""Awards won and nominations, as the prose states them, each with its event, year, category and work.

"honoured with the Golden Lion at the 1962 Venice Film Festival" is a win by the film at an event in a
year; "nominated for five Oscars" is a nomination, never five wins; "Best Actress (X)" is X's award
for the film. The prize's name is taken from the text as written; spelling slips are the resolver's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from ..model import Claim, Document, Kind, Literal, Mention, Sentence
from . import extractor
from .award_cues import (
    CAPTOK,
    DETERMINERS,
    ELIDED,
    ELIDED_TAIL,
    LEADING_ARTICLE,
    LIST_JOIN,
    PHRASE,
    YEAR_IN,
    award_phrases,
    category_end,
    clause_of,
    cues_for,
    event_spans,
    is_prize,
    lower_categories,
    named_prize,
    named_with_category,
    negated,
    singular,
)
from .award_recipients import (
    named_work,
    recipients_of,
    title_named,
)
from .context import Context, context
from .lexicon import fold, folded
from .patterns import (
    NAME,
    alternation,
    evidence,
    folded_words,
    looks_like_person,
    person_name,
)
from .people import known_people
from .values import GYEAR

EXTRACTOR = "awards.v1"


_PERSON_AFTER = re.compile(rf"\s*\(({NAME})\)")


_ENDS_IN_DIGIT = re.compile(r"\d\s*$")


_PLURAL_S = re.compile(r"s$")


# "for Ann Lee", or "for Film Music for Ann Lee" (the prize's own field, then its winner)
_FOR_PERSON = re.compile(
    rf"(?:[ ](?:for|por|pour)[ ](?P<field>{PHRASE.pattern}))?[ ](?:for|por|pour|para)[ ](?P<who>{NAME})"
)


_QUOTED = re.compile(r'"[^"]*"|“[^”]*”|«[^»]*»')


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
    cue = cues_for(document.language).cue
    people = known_people(document)
    found: list[Found] = []
    for sentence in document.sentences:
        cues = list(cue.finditer(sentence.text))
        nouns = _noun_nominations(ctx, sentence, people, [c.start() for c in cues])
        for stated, _noun in nouns:
            found.extend(stated)
        earlier: list[Found] = []
        for index, match in enumerate(cues):
            if negated(sentence.text[: match.start()], document.language):
                continue
            if any(_before_noun(sentence.text, match, noun) for _stated, noun in nouns):
                continue  # "received an Oscar nomination for ...": read from the noun, as a nomination
            prenominal = _prenominal(ctx, sentence, match, people)
            if prenominal is not None:
                found.extend(prenominal)
                continue
            end = cues[index + 1].start() if index + 1 < len(cues) else len(sentence.text)
            tail = clause_of(sentence.text[match.end() : end], document.language)
            won = match["won"] is not None
            cues_of = cues_for(document.language)
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
                bare = fold(match.group(0)) in cues_for(document.language).lost_cues  # "lost for X to Y"
                found.extend(_lost_to(ctx, sentence, match.end() + len(tail), end, stated, people, bare))
    return found


def _noun_nominations(
    ctx: Context, sentence: Sentence, people: set[str], cue_starts: list[int]
) -> list[tuple[list[Found], tuple[int, int]]]:
    """Read "received an Oscar nomination for Best Actor" and "11 Oscar nominations including Best Picture": the
    prize stands before the noun, the recipient before the prize; what follows reads as after "nominated for"."""
    cues = cues_for(ctx.document.language)
    text = sentence.text
    out: list[tuple[list[Found], tuple[int, int]]] = []
    for match in cues.nomination_noun.finditer(text):
        prize = match["prize"]
        if not is_prize(prize, cues) and fold(prize.split()[0]) not in folded_words("awards", "category"):
            continue
        start, noun_start, noun_end = match.start(), match.start("noun"), match.end()
        span = (noun_start, noun_end)
        if negated(text[:start], ctx.document.language):
            out.append(([], span))
            continue
        end = min([c for c in cue_starts if c >= noun_end] + [len(text)])
        tail = text[start:noun_start] + " " * (noun_end - noun_start) + text[noun_end:end]
        tail = clause_of(tail, ctx.document.language)
        out.append((list(_read(ctx, sentence, start, start, tail, False, people)), span))
    return out


def _counted(
    ctx: Context, sentence: Sentence, cue: re.Match[str], tail: str, won: bool, people: set[str]
) -> list[Found]:
    """ "At the Academy Awards, the film took home nine awards from twelve nominations": a count of awards won (and
    of nominations) at the prize the sentence names."""
    cues = cues_for(ctx.document.language)
    counts = [m for m in cues.counted.finditer(tail)]
    if not counts:
        return []
    prize = next((m.group(0) for m in PHRASE.finditer(sentence.text) if named_prize(m.group(0), cues)), None)
    if prize is None:
        return []
    recipients, _inferred = recipients_of(ctx, sentence, cue.start(), {fold(p) for p in people})
    name = singular(prize)
    out = []
    for count in counts:
        outcome = won and fold(count["noun"]) not in folded(ctx.document.language, "awards", "nomination_nouns")
        for recipient in recipients:
            start, end = sentence.start + cue.start(), sentence.start + cue.end() + count.end()
            out.append(Found(recipient, name, outcome, "", "", "", None, start, end, 0.6))
    return out


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
    cues = cues_for(ctx.document.language)
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
    cues = cues_for(ctx.document.language)
    text = sentence.text
    if fold(cue.group(0)) not in cues.prenominal or not text[: cue.start()].endswith((" ", "-")):
        return None
    before = text[: cue.start() - 1]
    prizes: list[str] = []
    edge = len(before)
    for match in reversed(list(PHRASE.finditer(before))):
        rest = before[match.end() : edge]
        if prizes and rest == ", " and is_prize(match.group(0), cues):
            pass  # "Oscar, BAFTA and Golden Globe winning": a comma list of prizes, not "as Rose, Oscar winning"
        elif LIST_JOIN.fullmatch(rest) is None if prizes else rest:
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
        rf"(?:,?[ ](?:(?:and|et|y|&)[ ])?{PHRASE.pattern}(?:[ ]and[ ]{PHRASE.pattern})*[ -]"
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
    title = title_named(ctx, after.group(1))
    if title is not None:  # "the Oscar-winning Night Train": the film
        return [Found(title, prize, won, "", "", "", None, start, end, 0.75) for prize in prizes]
    if fold(name) not in person_folds and not looks_like_person(name, 2):
        return []
    recipient = Mention(Kind.PERSON, name, ctx.document.doc_id)
    return [Found(recipient, prize, won, "", "", "", work, start, end, 0.75) for prize in prizes]


_APPOSED = re.compile(rf"({NAME}),[ ](?:[\w-]+[ ]){{0,2}}$")


_TIMES_BEFORE = re.compile(r"(?i:\w+-times?[ ])$")


_TIMES = re.compile(r"^\w+-times?[ ](?=\S)", re.IGNORECASE)


_CAPITAL_ARTICLE = re.compile(r"^(?:(?:The|El|La|Le|Les|Los|Las)[ ]|[LlDd]['’])(?=\S)")


_POSSESSIVE = re.compile(rf"((?:{CAPTOK}[ ])*{CAPTOK})['’]s?[ ]")


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
    events = event_spans(tail, language)
    event = tail[events[0][0] : events[0][1]] if events else ""
    masked = tail
    for a, b in events:
        masked = masked[:a] + " " * (b - a) + masked[b:]
    years = YEAR_IN.findall(tail) or YEAR_IN.findall(sentence.text[:cue_start])[-1:]
    year = years[0] if years else ""
    lower = folded_words("awards", "category")
    categories = lower | folded_words("awards", "category_capitalised")  # "Outstanding Music", never "outstanding"
    cues = cues_for(language)
    numbers = cues.numbers
    titles = ctx.subject_folds() | {fold(s.text) for s in ctx.others}
    person_folds = {fold(p) for p in people}
    awards: list[list[str | int]] = []  # [text, offset in tail, person named after it, category, joiner]
    glue = cues.glue
    award_nouns = cues.award_nouns
    masked, each_own = _people_for_categories(masked, person_folds, lower)
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(masked)]
    last_end = 0
    for match in award_phrases(masked, lower):
        if match.start() < last_end or any(a < match.start() < b for a, b in quoted):
            continue  # inside a category's sub-heading, a "for Ann Lee", or a quoted title ("Best That You Can Do")
        text = ELIDED.sub("", match.group(0).strip().strip("'’\"”“"))  # "l'Oscar du meilleur acteur"
        last_gap = last_end
        gap = fold(masked[last_end : match.start()]).split()
        listed = all(w in glue or w.isdigit() for w in gap)
        named_award = bool({fold(w) for w in text.split()} & award_nouns)
        is_category = fold(text.split()[0]) in categories
        if not (listed or named_award or is_category):
            continue  # a capitalised word further on is not one of the prizes
        prize_like = named_award or is_category or is_prize(text, cues)
        if weak and not prize_like:
            continue  # "took Regina home", "he wins the Democratic nomination": a weak cue needs a prize
        if "," in masked[last_end : match.start()] and awards and awards[0][2] and not prize_like:
            continue  # "a Tony Award for Ann Lee, the Great One": after her, a name of hers
        stop = match.end()
        elided = ELIDED_TAIL.match(masked, stop)
        if elided is not None and fold(text + elided.group(0)) in cues.prizes:
            stop, text = elided.end(), text + elided.group(0)  # "la Palme d'or"
        dashed = ""
        if is_category:
            stop = category_end(masked, stop, categories, award_nouns)
            text = masked[match.start() : stop].strip().strip("'’\"”“")
            dash = _DASH_PERSON.search(text.rstrip(".,;:"))
            if dash is not None and fold(person_name(dash.group(1))) in person_folds:
                dashed, text = person_name(dash.group(1)), text[: dash.start()]  # "Best Actor- Om Lal": his
        core = [w for w in gap if w not in DETERMINERS]  # "at the Golden Globes": where
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
        bare = LEADING_ARTICLE.sub("", fold(text))
        if not text or fold(text) in titles or bare in titles or fold(text) in person_folds or YEAR_IN.fullmatch(text):
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
    recipients, inferred = recipients_of(ctx, sentence, cue_start, person_folds)
    if not recipients:
        return
    base = sentence.start
    work = named_work(ctx, tail, sentence.text[:cue_start]) or ctx.film
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
        label = named_with_category(str(text), str(category), str(joiner), language)
        if not category and event and named_prize(event, cues) and fold(str(text).split()[0]) in categories:
            category = text  # "Best Actor at the Golden Globes": a Golden Globe for Best Actor
            label = named_with_category(singular(event), str(text), "", language)
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
        category = next(lower_categories(categories).finditer(masked, match.end()), None)
        phrase = PHRASE.match(masked, match.end())
        if phrase is not None and fold(phrase.group(0).split()[0]) in categories:
            end = category_end(masked, phrase.end(), categories, frozenset())
            text = masked[match.end() : end].strip(" ,.")
        elif category is not None and category.start() == match.end():
            end, text = category.end(), category.group(0)
        else:
            continue
        found += [(name, match.start(), text) for name in names]
        masked = masked[: match.start()] + " " * (end - match.start()) + masked[end:]
    return masked, found


_DASH_PERSON = re.compile(rf"[ ]?[-–—:][ ]?({NAME})$")


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
