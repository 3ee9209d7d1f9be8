"""Who an award statement gives the prize to: the person or film named before the cue, or the people a pronoun
stands for, and the other film a person's award is for.
"""

from __future__ import annotations

import re

from ..model import Kind, Mention, Sentence
from .award_cues import (
    cues_for,
)
from .context import Context
from .lexicon import fold
from .patterns import (
    NAME,
    PARTICLE,
    looks_like_person,
    person_name,
)

_NAME = re.compile(NAME)


def title_named(ctx: Context, text: str) -> Mention | None:
    """The reviewed film or another one, when `text` opens with its title."""
    folded_text = fold(text)
    for span in ctx.others:
        if folded_text.startswith(fold(span.text)):
            return Mention(Kind.FILM, span.text, ctx.document.doc_id, ctx.document.language)
    if any(folded_text.startswith(f) for f in ctx.subject_folds() if f):
        return ctx.film
    return None


def named_work(ctx: Context, tail: str, prefix: str) -> Mention | None:
    """Another film a person's award is said to be for: "for 'Night Train'" after the cue, or "'Night Train' for
    which" right before it."""
    cues = cues_for(ctx.document.language)
    for span in ctx.others:
        title = re.escape(span.text)
        after = rf"(?i:(?<!\w)(?:for|por|pour|para))[ ][\"“'‘«]?{title}(?!\w)"
        before = rf"(?<!\w){title}[\"”'’»]?,?[ ](?i:{cues.work_relative})[ ](?:\w+[ ]){{0,2}}$"
        if re.search(after, tail) or re.search(before, prefix):
            return Mention(Kind.FILM, span.text, ctx.document.doc_id, ctx.document.language)
    return None


def recipients_of(
    ctx: Context, sentence: Sentence, cue_start: int, person_folds: set[str]
) -> tuple[list[Mention], bool]:
    """Who won: the nearest person or film named before the cue (a person not as a possessive, not "film of X");
    another film when it is the nearest ("'Night Train' ... won Best Film"); the reviewed film when none is named.
    A pronoun right before the cue ("for which he won"), or a verb with no subject ("Está nominada a"), stands for
    the person the sentence opens with, else the one the sentence before opens with; none when neither names one."""
    prefix = sentence.text[:cue_start]
    cues = cues_for(ctx.document.language)
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
    cues = cues_for(ctx.document.language)
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
