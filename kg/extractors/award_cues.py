"""Award vocabulary of one language, compiled once, and the shapes of award names in a clause.

The cue words live in kg/lang/*.toml ([awards]); here they become the patterns the reader of award statements
(awards.py) uses: where a list of prizes ends, where a category's name ends ("Best Motion Picture - Comedy/Musical"),
what counts as a prize ("Oscar", "Kite Award") and what as a negation ("wasn't nominated").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from .lexicon import fold, folded, lexicon
from .patterns import (
    APOS,
    NAME,
    UP,
    YEAR,
    alternation,
    folded_words,
    words,
)

CAPTOK = rf"(?:{UP}[\w'’.&-]*|[dl]{APOS}{UP}[\w-]*)"


JOIN = r"(?:[ ](?:of|of the|de|de la|del|du|des|di|d'|for the)(?=[ ]))?[ ]"


PHRASE = re.compile(rf"{CAPTOK}(?:{JOIN}{CAPTOK})*")


YEAR_IN = re.compile(rf"(?<!\d)({YEAR})(?!\d)")


ARTICLES = {"the", "a", "an", "la", "el", "le", "les", "un", "une", "los", "las", "al", "au", "del", "du", "de", "at"}


LEADING_ARTICLE = re.compile(r"^(?:the|a|an|el|la|le|les)\s+")


# a category's own sub-heading: "Best Motion Picture - Comedy/Musical"
CATEGORY_DASH = re.compile(rf"(?:[ ]?[-–—/][ ]?{CAPTOK}(?:{JOIN}{CAPTOK})*)+")


# or one more capitalised word after "and" that starts no phrase of its own
CATEGORY_AND = re.compile(rf"[ ](?:and|y|et|&)[ ]({CAPTOK})(?![\w'’-])(?![ ]{UP})")


# or a comma and a longer capitalised phrase: "Best Writing, Screenplay Written Directly for the Screen"
CATEGORY_COMMA = re.compile(
    rf",[ ]({CAPTOK}(?:{JOIN}{CAPTOK}){{2,}})(?=$|[,.;:)( ])|,[ ]({CAPTOK})(?=[ ]*[.;:)]?[ ]*$)"
)  # or one word that ends the clause: "Best Short Subject, Comedy."


LIST_JOIN = re.compile(r"[ ](?:and|et|y|&)[ ]|/")


@dataclass(frozen=True)
class Cues:
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
def cues_for(language: str) -> Cues:
    table = lexicon(language).section("awards")
    won = alternation(table.get("won", []))
    nominated = alternation(table.get("nominated", []))
    event_nouns = alternation(words(language, "awards", "event"))
    film_nouns = alternation(words(language, "words", "film_nouns") + ["it"])
    numbers = folded(language, "awards", "numbers")
    nomination_nouns = alternation(words(language, "awards", "nomination_nouns"))
    pronouns = alternation(words(language, "awards", "pronouns") + words(language, "awards", "plural_pronouns"))
    return Cues(
        cue=re.compile(rf"(?i:(?<!\w)(?:(?P<nominated>{nominated})|(?P<won>{won}))(?!\w))"),
        events=re.compile(
            rf"(?:(?:{CAPTOK})[ ]){{0,4}}(?i:{event_nouns})"
            rf"(?:[ ](?:de|del|of|du|des|di|de la)[ ](?:{CAPTOK})(?:[ ]{CAPTOK})*)*"
        ),
        nouns=re.compile(rf"(?i:\b{film_nouns}\b)"),
        nouns_before_of=re.compile(rf"(?i:\b{film_nouns})\s+(?:de|of|by)\s+$"),
        negation=folded(language, "awards", "negation"),
        continuations=tuple(fold(c) for c in words(language, "awards", "list_continuations")),
        numbers=numbers,
        glue=folded(language, "awards", "list_continuations") | numbers | ARTICLES,
        award_nouns=folded(language, "awards", "award_nouns"),
        prenominal=folded(language, "awards", "prenominal"),
        event_before=folded(language, "awards", "event_before"),
        pronoun=re.compile(rf"(?i:(?<!\w){pronouns}(?:[ ]\w+){{0,2}}[ ]$)"),
        category_joiners=folded(language, "awards", "category_joiners"),
        prizes=folded_words("awards", "prizes"),
        performance=alternation(words(language, "awards", "performance")),
        nomination_noun=re.compile(rf"(?P<prize>{PHRASE.pattern})[ -](?P<noun>(?i:{nomination_nouns}))(?!\w)"),
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
def lower_categories(categories: frozenset[str]) -> re.Pattern[str]:
    starts = alternation(sorted(categories))
    return re.compile(rf"(?i:\b{starts}\b)(?:[ ](?!{_NOT_IN_CATEGORY}\b)[\w'’-]+){{1,3}}")


def named_prize(text: str, cues: Cues) -> bool:
    """A prize known by its name ("Academy Awards", "Golden Globe"), not a bare "Award"."""
    folded_text = LEADING_ARTICLE.sub("", fold(text))
    return folded_text in cues.prizes or folded_text.rstrip("s") in cues.prizes


def singular(prize: str) -> str:
    """ "the Academy Awards" is where an Academy Award is won."""
    words_in = LEADING_ARTICLE.sub("", prize).split()
    last = words_in[-1]
    if len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is", "ics")):
        words_in[-1] = last[:-1]
    return " ".join(words_in)


ELIDED_TAIL = re.compile(r"[ ][dl]['’][a-zà-ÿ]+")


DETERMINERS = {"the", "a", "an", "la", "el", "le", "les", "los", "las", "l"}


ELIDED = re.compile(r"^[LlDd]['’](?=[A-ZÀ-Ý])")


def is_prize(text: str, cues: Cues) -> bool:
    """A prize by its name ("Oscar", "Golden Globes") or by an award noun in it ("Kite Award")."""
    folded_text = fold(text)
    return (
        folded_text in cues.prizes
        or folded_text.rstrip("s") in cues.prizes
        or bool(set(folded_text.split()) & cues.award_nouns)
    )


def negated(prefix: str, language: str) -> bool:
    """A negation among the last three words ("wasn't", "never") or a phrase right before the cue ("should have")."""
    words_before = fold(prefix).split()
    negation = cues_for(language).negation
    if any(w in negation for w in words_before[-3:]):
        return True
    last = words_before[-4:]
    if any(w == "t" and v.endswith("n") for v, w in zip(last, last[1:], strict=False)):
        return True  # "wasn't", folded "wasn t"
    return any(len(n.split()) > 1 and " ".join(words_before[-len(n.split()) :]) == n for n in negation)


def clause_of(tail: str, language: str) -> str:
    """Cut the text after a cue where the list of awards ends."""
    for stop in words(language, "awards", "stop"):
        at = tail.find(stop)
        while at >= 0 and tail.count("(", 0, at) > tail.count(")", 0, at):
            at = tail.find(stop, at + 1)  # "(Ann Lee for Best Actress; Bo Vik for Best Actor)" is one list
        if at >= 0:
            tail = tail[:at]
    continuations = cues_for(language).continuations
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


def event_spans(tail: str, language: str) -> list[tuple[int, int]]:
    spans = []
    for match in cues_for(language).events.finditer(tail):
        text = match.group(0)
        if sum(1 for t in text.split() if t[:1].isupper()) >= (2 if text[:1].isupper() else 1):
            spans.append((match.start(), match.end()))
    return spans


def named_with_category(prize: str, category: str, joiner: str, language: str) -> str:
    """The award as one prize: "Oscar for Best Actor", as a knowledge base names it (an Oscar for Best Actor is
    not a Golden Globe for Best Actor). The words between them as written, else the language's own ("for")."""
    if not category or not prize or fold(category) == fold(prize):
        return prize
    joiner = joiner or str(lexicon(language).section("awards").get("category_joiner", "for"))
    return f"{singular(prize)} {joiner} {category}"  # "the BAFTAs for Best Score": one BAFTA


def category_end(masked: str, end: int, categories: frozenset[str], award_nouns: frozenset[str]) -> int:
    """Where a category's name ends, over its sub-headings ("Best Motion Picture - Comedy/Musical")."""
    while True:
        dash = CATEGORY_DASH.match(masked, end)
        if dash is not None:
            end = dash.end()
            continue
        comma = CATEGORY_COMMA.match(masked, end)
        if comma is not None:
            words_in = (comma.group(1) or comma.group(2)).split()
            heading = {fold(w) for w in words_in}
            if fold(words_in[0]) not in categories and not heading & award_nouns:
                end = comma.end()
                continue
        joined = CATEGORY_AND.match(masked, end)  # "Outstanding Music and Lyrics", not "Best Editing and Best Sound"
        if joined is not None and fold(joined.group(1)) not in categories | award_nouns:
            end = joined.end()
            continue
        return end


def award_phrases(masked: str, categories: frozenset[str]) -> Iterator[re.Match[str]]:
    """Capitalised award names, and categories even when written in lower case ("best adapted screenplay")."""
    lower = lower_categories(categories)
    taken: list[tuple[int, int]] = []
    for match in PHRASE.finditer(masked):
        taken.append((match.start(), match.end()))
        yield match
    for match in lower.finditer(masked):
        if not any(a <= match.start() < b for a, b in taken):
            yield match
