"""Telling a film's title from the other phrases a review quotes or capitalises.

Reviews quote films ("Modern Romance"), but also songs, books, nicknames (Jake "The Snake" Roberts), a character
with its actor ('Peggy' (Ann Lee)) and things of the story (the "Eyes of Alexander"). The words around a quoted
phrase say which it is; the cue words are per language, in the [titles] section of kg/lang/<tag>.toml.
"""

from __future__ import annotations

import re
from functools import cache

from ..model import Document
from .lexicon import fold
from .patterns import UP, folded_words, looks_like_person, person_name, words

_CLAUSE_END = re.compile(r"[.!?;:()\[\]]|\s[-–—]\s")  # not quotes: a list of quoted titles is one clause
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_CAPITAL_WORD_BEFORE = re.compile(rf"(?:{UP}[\w'’.-]*|\band)\s+[\"“'‘`«]\s?$")
_CAPITAL_WORD_AFTER = re.compile(rf"\s?[\"”'’»]\s+{UP}[a-z]")
_NAME_IN_BRACKETS_AFTER = re.compile(rf"\s?[\"”'’»]?\s*\(\s*(?!aka\b|a\.k\.a)(?:as\s+|played by\s+)?{UP}[\w.'’-]*[ ,)]")


@cache
def _speech(language: str) -> re.Pattern[str]:
    verbs = words(language, "titles", "speech_after") + words(language, "words", "speech_verbs")
    verbs = [v for v in verbs if fold(v) not in folded_words("words", "function")]  # "she": a sentence goes on
    alternation = "|".join(sorted((re.escape(v) for v in verbs), key=len, reverse=True)) or "(?!)"
    return re.compile(rf"\s?[\"”'’»]?,?\s(?:[\w'’]+\s){{0,3}}?(?i:{alternation})\b")


@cache
def _cues(language: str) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """(words that make the quote another work or a name, film words that win when nearer, determiners, nouns after)"""
    return (
        frozenset(fold(w) for w in words(language, "titles", "not_film_before")),
        frozenset(fold(w) for w in words(language, "titles", "film_before")),
        frozenset(fold(w) for w in words(language, "titles", "determiners")),
        frozenset(fold(w) for w in words(language, "titles", "not_film_after")),
    )


def clause_before(text: str, start: int, limit: int = 80) -> str:
    """Return the words before `start` back to the clause's start (a sentence mark, a bracket or a quote)."""
    window = text[max(0, start - limit) : start]
    # skip the opening quote of the phrase itself
    window = window.rstrip(" \t\"“'‘`«(")  # and a bracket holding it: 'the song ("Blue Harbor")'
    marks = list(_CLAUSE_END.finditer(window))
    return window[marks[-1].end() :] if marks else window


def quoted_is_film(document: Document, start: int, end: int, cued: bool = False) -> bool:
    """Tell whether the quoted phrase at [start, end) (its text, without the quotes) can be a film's title.

    Unless `cued` (a film noun or a possessor stands before it), something must also say it is a title.

    >>> from kg.documents import make_document
    >>> d = make_document("d", "d.txt", 'She sings the hit "Blue Harbor" in the film "Gray Dawn".')
    >>> quoted_is_film(d, 19, 30), quoted_is_film(d, 46, 55)
    (False, True)
    """
    text = document.text
    not_film, film, determiners, after_nouns = _cues(document.language)
    before = text[max(0, start - 60) : start]
    if _CAPITAL_WORD_BEFORE.search(before) and _CAPITAL_WORD_AFTER.match(text, end):
        return False  # a nickname between a given name and a surname: Jake "The Snake" Roberts
    if _speech(document.language).match(text, end):
        return False  # speech: '"The camera", he once declared, "..."'
    if _NAME_IN_BRACKETS_AFTER.match(text, end):
        return False  # a character and its actor: 'Peggy' (Ann Lee)
    clause = [fold(w) for w in _WORD.findall(clause_before(text, start))]
    if clause and clause[-1] in determiners:
        return False  # a thing of the story: the "Eyes of Alexander"
    for at in range(len(clause) - 1, -1, -1):
        word, pair = clause[at], " ".join(clause[max(0, at - 1) : at + 1])
        if word in film or pair in film:
            break
        if word in not_film or pair in not_film:
            return False
    following = _WORD.match(text[end : end + 30].lstrip(" \t\"”'’»,"))
    if following and fold(following.group(0)) in after_nouns:
        return False
    return cued or _cued(document, start, end, clause, film)


_YEAR_BESIDE = re.compile(r"\s?[\"”'’»]?,?\s?\(?(?:1[89]\d\d|20\d\d)\b")
_NAME_BEFORE = re.compile(rf"(?:{UP}[\w'’.-]+|(?:['’]s|s['’])(?:\s[a-z][\w-]+)?)\s*\(?\s*[\"“'‘`«]\s?$")


def _cued(document: Document, start: int, end: int, clause: list[str], film: frozenset[str]) -> bool:
    """Tell whether something says the quoted phrase is a title (see quote_cues in the [titles] lexicon).

    A phrase in a list of quoted phrases ("reminds me of "A", "B" and "C"") is cued as the list's first one is.
    """
    text = document.text
    head = start
    for _ in range(12):
        previous = _PREVIOUS_ITEM.search(text, max(0, head - 120), head)
        if previous is None:
            break
        head = previous.start(1)
    if head != start:
        clause = [fold(w) for w in _WORD.findall(clause_before(text, head))]
    before = text[max(0, head - 40) : head]
    cues = _quote_cues(document.language)
    if clause and (clause[-1] in cues or " ".join(clause[-2:]) in cues):
        return True
    if head != start and before.rstrip(" \t\"“'‘«(").endswith(":"):
        return True  # a list of quoted phrases after a colon: "nominated for three of them: "A", "B" and "C"'
    if any(word in film for word in clause) or any(word in folded_words("words", "film_nouns") for word in clause):
        return True
    if _NAME_BEFORE.search(before) or _YEAR_BESIDE.match(text, end):
        return True
    subject = _SUBJECT_VERB.match(text, end)  # '"Dark Harbor" is a ...' at a sentence's start
    verb = bool(subject and fold(subject.group(1)) in _subject_verbs(document.language))
    return verb and bool(_SENTENCE_START.search(before))


_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*|,\s+)[\"“'‘`«]\s?$")
_SUBJECT_VERB = re.compile(r"\s?[\"”'’»]\s+([a-zß-ÿ][\w'’]*)")


@cache
def _subject_verbs(language: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words(language, "titles", "subject_verbs"))


_PREVIOUS_ITEM = re.compile(
    r"[\"“'‘«]\s?([^\"“”'‘’«»\n]{1,90}?)\s?[\"”'’»]\s?(?:,|\band\b|\bor\b|\by\b|\bo\b|\bet\b|\bou\b|&)?\s*[\"“'‘«]\s?$"
)


@cache
def _quote_cues(language: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words(language, "titles", "quote_cues"))


_SHORT_CAPS = re.compile(r"(?<![\w'’.])[A-Z][A-Z'’&.-]*[A-Z0-9](?: [A-Z][A-Z'’&-]*[A-Z0-9])?(?![\w'’]| [A-Z]{2})")
_LOWER_WORD_BEFORE = re.compile(r"(?:^|[\s(])([a-zß-ÿ][\w'’-]*),?\s+\(?$")
_CAPS_AFTER = re.compile(rf"\s+{UP}{UP}")


def short_caps(document: Document, taken: list[tuple[int, int]]) -> list[tuple[str, int]]:
    """Return the one- and two-word titles in capitals of a review that writes its titles so ("in DARK HARBOR").

    Only mid-sentence, after a lower-case word: a capitalised heading ("SPOILERS:") or a shouted sentence is no title.
    """
    text = document.text
    function = folded_words("words", "function")
    not_title = folded_words("words", "not_title") | folded_words("words", "not_person")
    found: list[tuple[str, int]] = []
    for match in _SHORT_CAPS.finditer(text):
        title, start = match.group(0), match.start()
        if any(a <= start < b for a, b in taken) or len(title.replace(".", "")) < 4:
            continue
        tokens = [fold(t) for t in title.split()]
        if all(t in function or t in not_title for t in tokens) or fold(title) in not_title:
            continue
        before = _LOWER_WORD_BEFORE.search(text[max(0, start - 30) : start])
        if not before or _CAPS_AFTER.match(text, match.end()):
            continue
        if fold(before.group(1)) not in _quote_cues(document.language):
            continue  # "in DARK HARBOR", "like DARK HARBOR": a cue, as names in capitals ("ANN LEE plays") have none
        found.append((title, start))
    return found


_RUN_WORD = re.compile(rf"(?:{UP}[\w'’&.:-]*|\d[\w'’]*|[dl]['’]{UP}[\w'’&.:-]*)")  # "Destin d’Amélie"
_TOKENS = re.compile(r"[\w'’&-]+(?:[.:][\w'’&-]+)*|[^\w\s]")
_CONNECTORS = frozenset(
    "of the a an and in on at to for from with by & de del la las el los le les du des et di da y".split()
)


def _runs(text: str) -> list[list[re.Match[str]]]:
    """Return the runs of capitalised words (with small connecting words between them) of `text`."""
    runs: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    pending: list[re.Match[str]] = []
    for token in _TOKENS.finditer(text):
        word = token.group(0)
        gap = text[(pending or current or [token])[-1].end() : token.start()] if current else " "
        if current and (gap.strip() or "\n" in gap):
            runs.append(current)
            current, pending = [], []
        if _RUN_WORD.fullmatch(word):
            current.extend(pending)
            pending = []
            current.append(token)
        elif current and word.lower() in _CONNECTORS and not pending:
            pending.append(token)
        elif current:
            runs.append(current)
            current, pending = [], []
    if current:
        runs.append(current)
    return runs


def _is_connector(word: str) -> bool:
    return word in _CONNECTORS


@cache
def _blocked(language: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """(words that make a capitalised phrase a person's name or an institution, phrases that make it an event)"""
    tokens = words(language, "titles", "not_in_title")
    return frozenset(fold(t) for t in tokens if " " not in t), tuple(fold(t) for t in tokens if " " in t)


def repeated_titles(document: Document, taken: list[tuple[int, int]]) -> list[tuple[str, int]]:
    """Return the occurrences of a title the review names plainly and repeats: "Be Cool tries too hard ... Be Cool".

    A capitalised phrase written at least twice, the longest form that holds all its occurrences. A phrase shaped like
    a person's name ("Ann Lee") counts only when neither of its words stands alone elsewhere, as names do.
    """
    text = document.text
    occurrences: dict[str, list[tuple[str, int]]] = {}
    for run in _runs(text):
        capital = [i for i, token in enumerate(run) if not _is_connector(token.group(0))]
        for i in capital:
            for j in capital:
                if j < i or j - i >= 8:
                    continue
                start, end = run[i].start(), run[j].end()
                occurrences.setdefault(fold(text[start:end]), []).append((text[start:end], start))
    blocked, phrases = _blocked(document.language)
    function = folded_words("words", "function")
    generic = folded_words("words", "not_person") | folded_words("words", "film_nouns")
    found: list[tuple[str, int]] = []
    kept: list[str] = []
    for key in sorted(occurrences, key=lambda k: (-len(k.split()), k)):
        places = occurrences[key]
        if len(places) < 2 or " " not in places[0][0]:
            continue
        if any(key in longer and len(occurrences[longer]) >= len(places) for longer in kept):
            continue
        tokens = key.split()
        if any(t in blocked for t in tokens) or any(p in f" {key} " for p in (f" {q} " for q in phrases)):
            continue
        if all(t in function for t in tokens) or any(a <= start < b for _text, start in places for a, b in taken):
            continue
        content = [t for t in tokens if t not in function and not _is_connector(t)]
        numbered = any(t[0].isdigit() and not re.fullmatch(r"1[89]\d\d|20\d\d", t) for t in tokens)
        short = len(content) < 2 and (tokens[0] in folded_words("titles", "articles") or len(tokens) < 2)
        if tokens[-1] in function or tokens[0][0].isdigit() or (short and not numbered):
            continue  # "Vs The", "The Blue": a fragment, or one word behind an article
        if all(t in generic for t in content):
            continue  # "The Movie", "The Big Night"
        rest = " ".join(tokens[1:])
        if tokens[0] in function and len(occurrences.get(rest, ())) > len(places):
            continue  # "Then Ann Lee": a sentence opener before a name written more often alone
        if places[0][0][-1] in "'’" or places[0][0].endswith(("'s", "’s")):
            continue
        if not _title_shaped(places[0][0]) and not _common_words_never_split(text, places, generic | blocked):
            continue
        covered = [(start, start + len(t)) for t, start in found]
        places = [(t, start) for t, start in places if not any(a <= start < b for a, b in covered)]
        if len(places) < 2:
            continue  # "Fat Man" inside "Fat Man And Little Boy": written alone once at most
        kept.append(key)
        found.extend(places)
    return found


def _common_words_never_split(text: str, places: list[tuple[str, int]], generic: frozenset[str]) -> bool:
    """A name-shaped phrase ("Tourist Trap") is a title when written three times, never followed by a bracket or a
    possessive, none of its words standing alone elsewhere, and one of them written in lower case elsewhere ("trap")
    as people's names rarely are."""
    title = places[0][0]
    tokens = title.split()
    if len(places) < 3 or len(tokens) > 3 or any(fold(t) in generic for t in tokens):
        return False
    inside = [(start, start + len(title)) for _text, start in places]
    for token in tokens:
        for match in re.finditer(rf"(?<![\w'’]){re.escape(token)}(?![\w'’])", text):
            if not any(a <= match.start() < b for a, b in inside):
                return False
    follower = re.compile(r"\s?(?:\(|['’]s\b)")
    if any(follower.match(text, start + len(title)) for _text, start in places):
        return False
    function = folded_words("words", "function")
    common = [t.lower() for t in tokens if len(t) >= 3 and fold(t) not in function]
    return any(re.search(rf"(?<![\w'’]){re.escape(word)}(?![\w'’])", text) for word in common)


def _title_shaped(title: str) -> bool:
    """Holds a small word or a number, or opens four words or more with an article: "Land of the Minotaur",
    "Wrestlemania 2", "The Late Shift", "Le Fabuleux Destin d’Ann Lee", not "Ann and Bo"."""
    tokens = title.split()
    if not any(t[0].isalpha() for t in tokens) or any(fold(t) in _months() for t in tokens):
        return False
    function = folded_words("words", "function") - folded_words("titles", "name_like_function")
    small = [t.lower() for at, t in enumerate(tokens) if _is_connector(t.lower()) or (fold(t) in function and at == 0)]
    small += [t.lower() for t in tokens[1:] if fold(t) in function]
    numbers = [t for t in tokens if t[0].isdigit() and not re.fullmatch(r"1[89]\d\d|20\d\d", t)]
    capital_joining = any(t[0].isupper() and t.lower() in _JOINING for t in tokens[1:])  # "Fat Man And Little Boy"
    long_with_article = len(tokens) >= 4 and fold(tokens[0]) in folded_words("titles", "articles")
    return bool(numbers) or capital_joining or long_with_article or any(t not in _JOINING for t in small)


_JOINING = frozenset({"and", "&", "y", "et", "de", "da", "di", "del", "du", "van", "von", "der", "le", "la"})


@cache
def _months() -> frozenset[str]:
    from .lexicon import merged_lexicon

    return frozenset(fold(m) for m in merged_lexicon().section("months"))


_PLAIN_WORD = rf"(?:{UP}[\w'’&.:-]*[\w'’]|{UP}|\d[\w'’]*|['’]\d\d)"
_PLAIN_SMALL = r"(?:of|the|a|an|in|on|at|to|for|from|with|by|de|del|la|las|el|los|le|les|du|des|et|y|und|und|di|da)"
PLAIN_TITLE = rf"{_PLAIN_WORD}(?:[ ](?:{_PLAIN_SMALL}[ ])*{_PLAIN_WORD}){{0,7}}"


@cache
def _plain_cues(language: str) -> tuple[tuple[re.Pattern[str], bool, bool, bool], ...]:
    """The cue templates of [titles] plain_cues, award_cues (which need an award word in their sentence) and
    subject_cues, each with (needs an award word, names another film than the reviewed one)."""
    from .patterns import NAME

    def compile_(cue: str) -> re.Pattern[str]:
        body = cue.replace("{name}", rf"(?-i:{NAME})").replace("{title}", rf"(?-i:(?P<title>{PLAIN_TITLE}))")
        more = rf"(?P<more>(?:,[ ]{PLAIN_TITLE})*,?[ ](?:and|or|&|y|o|et|ou)[ ]{PLAIN_TITLE})"
        body = body.replace("{more}", rf"(?-i:{more})")
        return re.compile(rf"(?<![\w'’])(?i:{body})")

    plain = [(compile_(c), False, True, False) for c in words(language, "titles", "plain_cues")]
    award = [(compile_(c), True, True, False) for c in words(language, "titles", "award_cues")]
    subject = [(compile_(c), False, False, False) for c in words(language, "titles", "subject_cues")]
    maker = [(compile_(c), False, False, True) for c in words(language, "titles", "maker_cues")]
    return tuple(plain + award + subject + maker)


def cued_titles(document: Document, taken: list[tuple[int, int]]) -> list[tuple[str, int, bool]]:
    """Return the titles written plainly once, after a cue: "films like A, B and C", "his role in A", "Lee for A".

    Each with whether the cue names another film than the reviewed one (all but "the film A").
    """
    text = document.text
    if _capitalised_throughout(text):
        return []  # "This Movie Falls Short Of All Expectations": every word capitalised, no title stands out
    award_words = alternation_of(tuple(words(document.language, "titles", "award_context")))
    found: list[tuple[str, int, bool]] = []
    for pattern, needs_award, other, needs_person in _plain_cues(document.language):
        for match in pattern.finditer(text):
            maker = re.sub(r"^\W*(?:[a-zß-ÿ]+\s+)*", "", text[match.end("title") : match.end()])
            if needs_person and not looks_like_person(person_name(maker), 2):
                continue  # "Dark Harbor de Ann Lee", not "la BO de Lune": the maker is a person
            if needs_award:
                from .patterns import sentence_at

                sentence = sentence_at(document, match.start())
                if sentence is None or not award_words.search(sentence.text):
                    continue
                name = person_name(match.group(0)[: match.start("title") - match.start()].rstrip().rsplit(" ", 1)[0])
                if not looks_like_person(name, 2):
                    continue  # "Best Director for Ann Lee": the award, then its winner
            spans = [(match.group("title"), match.start("title"))]
            if "more" in pattern.groupindex and match.group("more"):
                spans.extend(_list_items(match.group("more"), match.start("more")))
            for raw, at in spans:
                title = _trim(raw)
                if needs_person and fold(title.split(" ")[0]) in _openers():
                    continue  # "Ensuite la musique de Ann Lee": a sentence's opener, no title
                start = at + raw.find(title) if title else at  # "King Oster's THE HARBOUR": where the title starts
                if title and _plain_ok(document, title) and not any(a <= start < b for a, b in taken):
                    found.append((title, start, other))
    return found


_LIST_JOIN = re.compile(r"[ ](?:and|or|&|y|o|et|ou)[ ]")


def _list_items(more: str, offset: int) -> list[tuple[str, int]]:
    """Split the ", B and C" of a cued list into its titles, at its commas and at the last item's first joining
    word, unless a joining word opens it: a title may hold "et" or "y" (", Brumes et Orvaine" is two titles).
    """
    items: list[tuple[str, int]] = []
    at = 0
    for chunk in re.split(r"(,[ ]|^[ ])", more):
        if chunk in ("", ", ", " "):
            at += len(chunk)
            continue
        head = re.match(r"(?:and|or|&|y|o|et|ou)[ ]", chunk)
        pieces = [chunk[head.end() :] if head else chunk]
        start = at + (head.end() if head else 0)
        join = None if head else _LIST_JOIN.search(pieces[0])  # "and Jules et Jim": the join is already read
        if join:
            pieces = [pieces[0][: join.start()], pieces[0][join.end() :]]
        for piece in pieces:
            item = re.match(PLAIN_TITLE, piece)
            if item:
                items.append((item.group(0), offset + start))
            start += len(piece) + (join.end() - join.start() if join else 0)
        at += len(chunk)
    return items


@cache
def _openers() -> frozenset[str]:
    return folded_words("words", "function") - folded_words("titles", "articles") - _CONNECTORS


@cache
def alternation_of(phrases: tuple[str, ...]) -> re.Pattern[str]:
    body = "|".join(sorted((re.escape(p) for p in phrases), key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?i:\b(?:{body}))")


def _trim(title: str) -> str:
    """Drop what a cue's title swallowed: a possessor ("Ann Lee's"), a year before it, a small word after it."""
    tokens = title.split(" ")
    owners = [at for at, t in enumerate(tokens[:-1]) if t.endswith(("'s", "’s"))]
    if owners:
        tokens = tokens[owners[-1] + 1 :]
    while tokens and re.fullmatch(r"1[89]\d\d|20\d\d", tokens[0]):
        tokens = tokens[1:]
    function = folded_words("words", "function")
    while tokens and (
        _is_connector(tokens[-1])
        or re.fullmatch(r"1[89]\d\d|20\d\d", tokens[-1])
        or (tokens[-1][0].islower() and (fold(tokens[-1]).split() or [""])[0] in function)
        or (len(tokens) > 1 and "'" in tokens[-1] and (fold(tokens[-1]).split() or [""])[0] in function)
    ):
        tokens.pop()  # "Summer of '42 in 1971", "Cape Fear I'd"
    if len(tokens) == 1 and tokens[0].endswith(("'s", "’s")):
        return ""
    return " ".join(tokens).rstrip(".:,")


def _capitalised_throughout(text: str) -> bool:
    tokens = _WORD.findall(text[:3000])
    return len(tokens) > 40 and sum(t[0].isupper() for t in tokens) > 0.6 * len(tokens)


def _plain_ok(document: Document, title: str) -> bool:
    """A title found by a cue, unless it is a function word, a generic phrase ("Best Actor"), a month or a year."""
    tokens = [fold(t) for t in title.split()]
    function = folded_words("words", "function")
    generic = folded_words("words", "not_person") | folded_words("words", "demonyms")
    blocked, phrases = _blocked(document.language)
    articles = folded_words("titles", "articles")
    if not tokens or all(t in function or t in generic or t.isdigit() for t in tokens):
        return False
    if _is_connector(tokens[0]) and tokens[0] not in articles:  # "película DE MIEDO": a genre, not a title
        return False
    if any(t in blocked or t in _months() for t in tokens) or any(f" {p} " in f" {fold(title)} " for p in phrases):
        return False
    if len(tokens) == 1 and (len(title) < 3 or _stands_as_name(document, title)):
        return False
    return True


def _stands_as_name(document: Document, word: str) -> bool:
    """A one-word title that the review also writes right after a capitalised word ("Yul Brynner") is a surname."""
    return bool(re.search(rf"{UP}[\w'’-]+ {re.escape(word)}(?![\w'’])", document.text))


_BRACKET_TITLE = PLAIN_TITLE.replace(_PLAIN_SMALL, _PLAIN_SMALL[:-1] + "|and|&)")  # "(Dumb and Dumbest - 1994)"
_DASHED_YEAR = re.compile(rf"\((?P<title>{_BRACKET_TITLE})\s?[-–]\s?(?P<year>1[89]\d\d|20\d\d)\)")


def bracketed_years(document: Document) -> list[tuple[str, int, str]]:
    """Return the titles written with their year in brackets: "(Animal Farm - 1978)"."""
    found = _DASHED_YEAR.finditer(document.text)
    return [(m["title"], m.start("title"), m["year"]) for m in found if any(ch.isalpha() for ch in m["title"])]


def sentence_subject(document: Document, start: int, end: int) -> bool:
    """Tell whether the quoted phrase at [start, end) opens a sentence as its subject: '"Dark Harbor" is a ...'."""
    text = document.text
    subject = _SUBJECT_VERB.match(text, end)
    if not subject or fold(subject.group(1)) not in _subject_verbs(document.language):
        return False
    return bool(re.search(r"(?:^|[.!?]\s+|\n\s*)[\"“'‘`«]\s?$", text[max(0, start - 10) : start]))


_SENTENCE_TITLE = rf"(?P<title>{UP}[\w'’-]*(?:[ ][\w'’-]+){{0,6}}?)"


@cache
def _sentence_predicates(language: str) -> tuple[re.Pattern[str], ...]:
    from .patterns import GAP

    cues = words(language, "titles", "sentence_predicates")
    return tuple(
        re.compile(cue.replace("{stitle}", _SENTENCE_TITLE).replace("{gap}", GAP), re.IGNORECASE) for cue in cues
    )


def sentence_predicates(document: Document) -> list[tuple[str, int]]:
    """Return the sentence-cased titles a sentence opens by saying they are a film: "El incidente es una película".

    Only at a sentence's start, where a capital is no sign of a title, so the cue must say it.
    """
    found: list[tuple[str, int]] = []
    for sentence in document.sentences:
        for pattern in _sentence_predicates(document.language):
            match = pattern.match(sentence.text.lstrip())
            if match is None:
                continue
            title = match.group("title")
            articles = frozenset(fold(a) for a in words(document.language, "titles", "articles"))
            function = folded_words("words", "function") - articles - _CONNECTORS
            if not title[0].isupper() or any(fold(t) in function for t in title.split()):
                continue  # "A su vez también es una ...": an opener, not a title
            offset = len(sentence.text) - len(sentence.text.lstrip())
            found.append((title, sentence.start + offset))
            break
    return found


def lone_subjects(document: Document, taken: list[tuple[int, int]]) -> list[tuple[str, int]]:
    """Return the title-shaped phrases that open a sentence as its subject, once: "Dracula 3000 had no ...".

    Only a fallback for the reviewed film, when nothing else names it (the caller decides).
    """
    text = document.text
    verbs = _subject_verbs(document.language)
    found: list[tuple[str, int]] = []
    for sentence in document.sentences:
        opening = sentence.text.lstrip(" \t\"“'‘")
        start = sentence.start + len(sentence.text) - len(opening)
        match = re.match(PLAIN_TITLE, opening)
        if match is None or any(a <= start < b for a, b in taken):
            continue
        title = _trim(match.group(0))
        start += match.group(0).find(title) if title else 0
        tokens = title.split()
        if len(tokens) < 2 or not _title_shaped(title) or not _plain_ok(document, title):
            continue
        openers = folded_words("words", "function") - folded_words("titles", "articles") - _CONNECTORS
        if fold(tokens[0]) in openers or any(t[0].isupper() and fold(t) in openers for t in tokens[1:]):
            continue  # "After Ann Lee left", "Originally I": an opener
        follower = re.match(r"\s+([a-zß-ÿ][\w'’]*)", text[start + len(title) : start + len(title) + 30])
        if follower and fold(follower.group(1)) in verbs:
            found.append((title, start))
    return found


def without_lower_opener(text: str) -> str:
    """Return `text` without a lower-case article opening a capitalised title ("the Fifth Door", "le Dernier Mot",
    "ma Petite Maison": a review may write the title so), else `text` as it is."""
    head, _, rest = text.partition(" ")
    if text.endswith(("'", "’")):
        return text  # "the Untouchables'": a possessive, written inside a quote of its own
    opener = head[:2] if head[:2] in ("l'", "l’") and len(head) > 2 else head
    if rest and head[:1].islower() and fold(opener).rstrip("'’") in folded_words("titles", "lower_openers"):
        return text[len(opener) :].lstrip() if opener != head else rest
    return text


_SEQUEL_TAIL = re.compile(r"(?:\d+|[ivx]+|part \w+|chapter \w+|partie \w+|parte \w+)\b.*")


def longer_title(best: str, others: set[str], declared: set[str]) -> str:
    """Return the longest of `others` (folded titles) that opens with `best` past its article, else `best`.

    "the rook" (a character, named most often) gives way to "rook returns" when that is named as a title too;
    a sequel ("dark harbor 2") or a declared subject's rival does not take over.

    >>> longer_title("the rook", {"rook returns", "gray dawn"}, set()), longer_title("dawn", {"dawn 2"}, set())
    ('rook returns', 'dawn')
    """
    tokens = best.split()
    core = " ".join(tokens[1:]) if len(tokens) > 1 and tokens[0] in folded_words("titles", "articles") else best
    if best in declared:
        return best
    longer = [
        key
        for key in others
        if key != best
        and key.startswith(core + " ")
        and not _SEQUEL_TAIL.match(key[len(core) + 1 :])
        and key.split()[len(core.split())] not in folded_words("words", "function")
    ]
    return max(longer, key=lambda k: (len(k), k)) if longer else best
