"""What every prose extractor needs to know about a document first: which film it is about, which
other titles it names, and which reviews it holds (one, or several embedded in a listing page).

Computed once per document and shared, so that every extractor names the reviewed film with the
same mention and ties its claims to the same review entities.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from ..model import Document, Kind, Mention
from .fields import find_fields, match_key, subject_title
from .lexicon import fold, merged_lexicon
from .patterns import (
    APOS,
    NAME,
    POSSESSIVE,
    TITLE,
    UP,
    YEAR,
    alternation,
    folded_words,
    matches,
    per_document,
    sentence_at,
    template,
    words,
)
from .titles import (
    bracketed_years,
    cued_titles,
    lone_subjects,
    longer_title,
    quoted_is_film,
    repeated_titles,
    sentence_predicates,
    sentence_subject,
    short_caps,
    without_lower_opener,
)

_QUOTES = (
    re.compile(r'"([^"\n]{1,90})"'),
    re.compile(r"“([^”\n]{1,90})”"),
    re.compile(r"«\s?([^»\n]{1,90}?)\s?»"),
    re.compile(r"(?<![\w])'((?:[^'\n]|(?<=\w)'(?=\w)){1,90}?)'(?![\w])"),  # 'Ann's Day': an apostrophe inside
    re.compile(r"(?<![\w])‘((?:[^’\n]|(?<=\w)’(?=\w)){1,90}?)’(?![\w])"),
    re.compile(r"`([^'`\n]{1,90}?)'(?![\w])"),  # typewriter quotes: `Title'
)
_CAPS = re.compile(r"(?<![\w'])[A-Z][A-Z'’&-]+(?: (?:[A-Z][A-Z'’&-]*|\d+)){2,8}(?![\w'])")
_YEAR_AFTER = re.compile(rf"\s?\((?:[^()\n]{{0,12}}?,\s?)?({YEAR})\)")
_HEADING_YEAR = re.compile(rf"^(?P<title>.+?)\s*\((?P<year>{YEAR})\)")  # match, or fullmatch for a whole title
_LEFT_SMALL = {"of", "the", "a", "an", "and", "de", "del", "la", "las", "el", "los", "le", "les", "du", "des", "et"}
_INNER_SMALL = _LEFT_SMALL | {"in", "on", "at", "to", "for", "with", "from", "vs", "vs."}  # "Singin' in the Rain"
_HEADING_SPLIT = re.compile(r"\s+[–—-]\s+|:\s+")
_USER = re.compile(r"^([\w.\-]{2,40})\s+(?=[\"“'‘(]?[A-Z0-9À-Þ])")
_SEPARATORS = re.compile(r"\s+/\s+")
_POSSESSOR_BEFORE = re.compile(rf"({NAME}){POSSESSIVE}\s*[\"“'‘«]?\s*$")
_WORD_TOKEN = re.compile(r"[^\W\d_][\w'’-]*")
_QUOTED_AT_END = re.compile(r"[\"“'‘]([^\"“”'‘’\n]{1,90})[\"”'’]$")
_NON_SPACE = re.compile(r"\S+")
_POSSESSIVE_WORD = re.compile(rf"{APOS}s?$")
_ELIDED_YEAR = re.compile(rf"{APOS}\d\d$")
_TITLE_TOKEN = re.compile(rf"(?:{UP}[\w'’&.:-]*|\d[\w'’]*|{APOS}\d\d)")
_LINES = re.compile(r"[^\n]+")
_HEADING_COLON = re.compile(r"(?P<title>[^:\n.!?]{2,80}?)\s?:\s+(?P<rest>\S.*)", re.DOTALL)
_CAPS_PAIR = re.compile(r"(?<![\w'’])[A-Z][A-Z'’&-]+ [A-Z][A-Z'’&-]+(?![\w'’])")
_VERDICT = re.compile(
    rf"(?P<title>{TITLE})\s?\((?P<year>{YEAR})(?:\s?[-–]\s?(?:{YEAR})?)?\)\s?:?\s?\d{{1,3}}(?:[.,]\d)?(?:\s?/\s?\d{{1,3}})?\.?"
)
_STRONG = frozenset({"pair", "caps", "lead", "opening", "heading", "predicate", "verdict", "subject"})
_PREDICATE_GAP = r"(?:[\w'’-]+,?[ ]){0,4}?"  # "a Fantasy Music film", "one of the better anthology films"
_DECLARED = frozenset({"lead", "opening", "heading", "predicate"})


@dataclass(frozen=True)
class TitleSpan:
    """A film title found in the text: its surface form, span, stated year and how it was found."""

    text: str
    start: int
    end: int
    source: str  # "field", "pair", "quoted", "caps", "year", "lead"
    year: str = ""
    other: bool = False  # marked as another film (someone's film, a comparison)
    possessor: str = ""  # "Fellini" in "Fellini's LA STRADA"
    film_cue: bool = False  # a film noun stands just before it
    pair: tuple[str, ...] = ()  # every title of an "A / B" span
    language: str = ""  # the document's language
    related: bool = False  # the work the film remakes, continues or honours ("a tribute to the 1955 classic X")


@dataclass(frozen=True)
class Segment:
    """One review inside a document: the whole document, or one embedded review of a listing page."""

    key: str
    start: int
    end: int
    author: str = ""
    author_start: int = -1
    headline: str = ""
    headline_start: int = -1


@dataclass(frozen=True)
class Context:
    """The document's subject film, its other titles and its reviews."""

    document: Document
    film: Mention
    titles: tuple[TitleSpan, ...]  # spans naming the subject film
    others: tuple[TitleSpan, ...]  # spans naming other films
    segments: tuple[Segment, ...]
    listing: bool

    def review_at(self, offset: int) -> Mention | None:
        """Return the review mention whose text holds `offset` (None outside every review)."""
        for segment in self.segments:
            if segment.start <= offset < segment.end:
                return review_mention(self, segment)
        return None

    def subject_folds(self) -> frozenset[str]:
        """Return the folded titles of the subject film."""
        return frozenset(fold(t) for span in self.titles for t in (span.pair or (span.text,))) | {fold(self.film.text)}


def review_mention(context: Context, segment: Segment) -> Mention:
    """Return the mention of a review: keyed, so that two reviews by one author stay two."""
    document = context.document
    if segment.author:
        label = f"Review by {segment.author}"
    elif segment.headline:
        label = segment.headline
    else:
        label = f"Review of {context.film.text} ({document.doc_id})"
    return Mention(Kind.REVIEW, label, document.doc_id, document.language, key=segment.key)


@per_document
def context(document: Document) -> Context:
    """Return the shared reading of `document` (cached: every extractor asks for it)."""
    segments, listing = _segments(document)
    spans = _title_spans(document)
    fields = find_fields(document)
    heading = subject_title(document, fields)
    subject_folds: set[str] = set()
    film_text = ""
    titles: list[TitleSpan] = []
    if heading is not None:
        text, _sentence, start = heading
        parts = tuple(p.strip() for p in _SEPARATORS.split(text) if p.strip())
        titles.append(TitleSpan(text, start, start + len(text), "field", pair=parts if len(parts) > 1 else ()))
        film_text = parts[-1] if len(parts) > 1 else text
        subject_folds = {fold(p) for p in parts}
        subject_folds.add(fold(text))
    else:
        film_text, subject_folds = _choose_subject(document, spans)
        if film_text:
            subject_folds |= _alternative_titles(document, spans)
    others: list[TitleSpan] = []
    for span in spans:
        names = span.pair or (span.text,)
        if any(fold(n) in subject_folds for n in names):
            titles.append(span)
        elif _is_film_like(document, span):
            others.append(span)
    if film_text:
        film = Mention(Kind.FILM, film_text, document.doc_id, document.language)
    else:  # a review that never names its film: the film is still one thing, known only here
        film = Mention(
            Kind.FILM, f"film reviewed in {document.doc_id}", document.doc_id, "", key=f"{document.doc_id}/film"
        )
    return Context(document, film, tuple(titles), tuple(others), segments, listing)


def _choose_subject(document: Document, spans: list[TitleSpan]) -> tuple[str, set[str]]:
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    first: dict[str, tuple[int, int]] = {}  # (offset, -place in an "A / B" pair): ties go to the pair's last title
    eligible: set[str] = set()
    declared: set[str] = set()  # named as the film by the opening sentence ("Dark Harbor is a film ...")
    for span in spans:
        for place, name in enumerate(span.pair or (span.text,)):
            key = fold(name)
            counts[key] += 1
            forms.setdefault(key, Counter())[name] += 1
            first.setdefault(key, (span.start, -place))
            opening = bool(document.sentences) and span.start < document.sentences[0].end
            strong = span.source in _STRONG or (span.source == "year" and opening)
            strong = strong or (span.film_cue and _title_case(name))
            if not span.other and strong:
                eligible.add(key)
            if not span.other and opening and span.source in _DECLARED:
                declared.add(key)
    for key, count in counts.items():
        named = [s for s in spans if key in {fold(n) for n in s.pair or (s.text,)}]
        if count >= 2 and not all(s.other for s in named):
            eligible.add(key)
        if any(s.related for s in named) and sum(s.related for s in named) * 4 >= len(named):
            eligible.discard(key)  # the work the film remakes or honours, unless named mostly elsewhere
    if not eligible:  # a title-shaped phrase opening a sentence as its subject, when nothing else names the film
        lone = [s for s in spans if s.source == "lone" and not s.other]
        if len({fold(s.text) for s in lone}) != 1:
            return "", set()
        eligible.add(fold(lone[0].text))
    best = min(eligible, key=lambda k: (k not in declared, -counts[k], first[k], k))  # a total order, never hashed
    best = longer_title(best, eligible - {best}, declared)
    folds = {best}
    for span in spans:  # the other halves of "A / B" spans are the same film
        if span.pair and best in {fold(p) for p in span.pair}:
            folds.update(fold(p) for p in span.pair)
    surface = sorted(forms[best].items(), key=lambda item: (-item[1], item[0]))[0][0]
    return surface, folds


def _alternative_titles(document: Document, spans: list[TitleSpan]) -> set[str]:
    """Return the folded titles a "Title (Country): "..."" line gives: the reviewed film's title elsewhere."""
    found: set[str] = set()
    for line in _title_line_pattern().finditer(document.text):
        first = next((s for s in spans if line.end() <= s.start <= line.end() + 2), None)
        if first is not None:
            found.add(fold(first.text))
    return found


@cache
def _title_line_pattern() -> re.Pattern[str]:
    keys = alternation([re.escape(key) for key in merged_lexicon().section("fields").get("title", [])])
    return re.compile(rf"^[ \t]*(?i:{keys})[ \t]*\([^()\n]{{1,30}}\)[ \t]*:[ \t]*[\"“'‘«]?", re.MULTILINE)


def _is_film_like(document: Document, span: TitleSpan) -> bool:
    if span.source in {"pair", "caps", "year", "predicate", "verdict", "plain", "cued"}:
        return True
    if span.source not in {"quoted", "subject"}:
        return False
    cued = span.film_cue or bool(span.possessor)  # as before: a film noun or a possessor before it makes it a film
    if span.year and quoted_is_film(document, span.start, span.end, cued=True):
        return _sentence_case(span.text)  # "'Hard rain (1998)'": a year makes a title of a sentence-cased phrase
    if not cued and not quoted_is_film(document, span.start, span.end):
        return False  # else something around it must say it is a title, and nothing that it is a song or a name
    return _title_case(span.text) or (span.language != "en" and len(span.text.split()) <= 6)


def _title_case(text: str) -> bool:
    """Most longer words capitalised: "The Bicycle Thief", not "You can dream when the war is over"."""
    text = without_lower_opener(text)
    tokens = _WORD_TOKEN.findall(text)
    if not tokens or not (text[0].isupper() or text[0].isdigit()):
        return False
    long = [t for t in tokens if len(t) >= 4]
    if not long:
        return all(t[0].isupper() for t in tokens)
    return sum(t[0].isupper() for t in long) * 3 >= len(long) * 2


def _sentence_case(text: str) -> bool:
    text = without_lower_opener(text)
    return bool(text) and (text[0].isupper() or text[0].isdigit()) and len(text.split()) <= 9


def _title_spans(document: Document) -> list[TitleSpan]:
    text = document.text
    spans: list[TitleSpan] = []
    seen: set[tuple[int, int]] = set()
    for pattern in _QUOTES:
        for match in pattern.finditer(text):
            raw = match.group(1).strip()
            if raw.endswith(".") and _period_inside(document, raw[:-1].strip(), match.start()):
                raw = raw[:-1].strip()  # "... of all time, `Dark Harbor.'": the period is the sentence's
            if raw.endswith((".", "!", "?")):
                continue  # quoted speech, not a title
            inner = raw.rstrip(",;:").strip()
            dated = _HEADING_YEAR.fullmatch(inner)
            inner = dated.group("title") if dated else inner  # "'Dark Harbor (1950)' is ...": the year is not the title
            start = match.start(1) + match.group(1).find(inner[:1]) if inner else match.start(1)
            if not inner or inner[-1] in "!?" or not _sentence_case(inner.split(" / ")[0]):
                continue
            if any(mark in inner for mark in (". ", "! ", "? ")):
                continue
            parts = tuple(p.strip() for p in _SEPARATORS.split(inner) if p.strip())
            source = "pair" if len(parts) > 1 and all(_sentence_case(p) for p in parts) else "quoted"
            if source == "quoted" and len(inner.split()) > 9:
                continue
            if source == "quoted" and _opens_paragraph(document, match.start(), match.end(), inner):
                source = "opening"
            elif (
                source == "quoted"
                and _title_case(inner)
                and not _not_title(inner)
                and sentence_subject(document, start, start + len(inner))
            ):
                source = "subject"  # '... mistake. "Dark Harbor" is an adventure film': eligible as the subject
            year = dated.group("year") if dated else ""
            spans.append(_span(document, inner, start, match.end(), source, parts if source == "pair" else (), year))
            seen.add((start, start + len(inner)))
    for match in _CAPS.finditer(text):
        function = folded_words("words", "function")
        long = {w for w in match.group(0).split() if len(w) >= 3 and fold(w) not in function}
        if len(long) < 2 or (match.start(), match.end()) in seen:
            continue
        sentence = sentence_at(document, match.start())
        if sentence and len(match.group(0)) >= 0.8 * len(sentence.text):
            continue  # a shouted sentence, not a title
        spans.append(_span(document, match.group(0), match.start(), match.end(), "caps"))
    short = short_caps(document, [(s.start, s.end) for s in spans])
    if any(s.source == "caps" for s in spans):
        spans.extend(_span(document, t, at, at + len(t), "caps") for t, at in short)  # a review writing titles so
    for match in _YEAR_AFTER.finditer(text):
        found = _title_before(text, match.start())
        if found is None:
            continue
        title, start = found
        if any(s.start < start < s.end for s in spans):
            continue  # "'Elena and her Men (1956)'": the quote holds the whole title
        spans = [s for s in spans if not (s.start == start and s.source != "year")] + [
            _span(document, title, start, match.end(), "year", year=match.group(1))
        ]
    for title, at, year in bracketed_years(document):
        spans = [s for s in spans if s.start != at] + [_span(document, title, at, at + len(title), "year", year=year)]
    spans.extend(_caps_pair_opening(document, seen | {(s.start, s.end) for s in spans}))
    taken = [(s.start, s.end) for s in spans]
    spans.extend(_span(document, t, at, at + len(t), "plain") for t, at in repeated_titles(document, taken))
    taken = [(s.start, s.end) for s in spans]
    for title, at, other in cued_titles(document, taken):  # "films like A, B and C" name other films
        span = _span(document, title, at, at + len(title), "cued")
        spans.append(dataclasses.replace(span, other=True) if other else span)
    spans.extend(_span(document, t, at, at + len(t), "lone") for t, at in lone_subjects(document, taken))
    spans.extend(_predicate_spans(document))
    spans.extend(_span(document, t, at, at + len(t), "predicate") for t, at in sentence_predicates(document))
    lead = _lead_title(document)
    for found in (lead, None if lead else _heading_title(document), _verdict_title(document)):
        if found is not None:
            spans.append(found)
    return sorted(spans, key=lambda s: s.start)


def _title_before(text: str, end: int) -> tuple[str, int] | None:
    """Return the title that ends at `end` (just before "(1972)"): quoted, or capitalised words."""
    before = text[max(0, end - 120) : end].rstrip()
    offset = max(0, end - 120)
    if before.endswith(('"', "”", "'", "’")):
        quote = _QUOTED_AT_END.search(before)
        if quote and (quote.group(1)[:1].isupper() or quote.group(1)[:1].isdigit()):
            return quote.group(1).strip(" ,"), offset + quote.start(1)
        return None
    tokens = list(_NON_SPACE.finditer(before))
    kept: list[re.Match[str]] = []
    for token in reversed(tokens):
        word = token.group(0)
        if _POSSESSIVE_WORD.search(word) and not _ELIDED_YEAR.search(word):
            at = tokens.index(token)
            if not (kept and at > 0 and tokens[at - 1].group(0).endswith(":") and _TITLE_TOKEN.match(word)):
                break  # "Verhoeven's The Fourth Man": the possessor is not part of the title
            kept.append(token)  # "Cold Town III: Ann's Revenge": a subtitle may open with a possessive
            continue
        if _TITLE_TOKEN.fullmatch(word) and not word.endswith((",", ".", ":")):
            kept.append(token)
        elif word.endswith(":") and kept and _TITLE_TOKEN.fullmatch(word[:-1]):
            kept.append(token)  # "Bloodstone: Cold Town II (1993)": a title and its subtitle
        elif word.lower() in _INNER_SMALL and kept:
            kept.append(token)
        else:
            break
    while kept and kept[-1].group(0).lower() in _LEFT_SMALL | {"the", "a", "an"} and kept[-1].group(0)[0].islower():
        kept.pop()
    articles = {"the", "a", "an", "le", "la", "les", "el", "los", "las", "un", "une", "una"}
    while (
        kept
        and fold(kept[-1].group(0)) in folded_words("words", "function")
        and fold(kept[-1].group(0)) not in articles
    ):
        kept.pop()  # a capitalised sentence opener ("Après", "After") is not part of the title
    if not kept:
        return None
    kept.reverse()
    shouted = [t for t in kept if sum(ch.isupper() for ch in t.group(0)) >= 2 and t.group(0).isupper()]
    if len(shouted) >= 2 and kept[-1] in shouted and not kept[0].group(0).isupper():
        first = next(i for i, t in enumerate(kept) if all(u.group(0).isupper() for u in kept[i:]))
        kept = kept[first:]  # "Ann Lee in DARK HARBOR (1950)": the title is the part in capitals
    start = kept[0].start()
    title = before[start : kept[-1].end()]
    if len(title) < 2 or not (title[0].isupper() or title[0].isdigit()) or not any(ch.isalpha() for ch in title):
        return None
    return title, offset + start


def _lead_title(document: Document) -> TitleSpan | None:
    """A review that opens by naming its film: "Airport '77 starts as ...", when the name recurs."""
    if not document.sentences:
        return None
    match = _lead_pattern(document.language).match(document.sentences[0].text)
    for alias in words(document.language, "films", "lead_alias"):
        match = match or template(alias).match(document.sentences[0].text)
    if not match:
        return None
    title = match.group(1)
    tokens = title.split()
    if tokens and fold(tokens[0]) in folded_words("words", "function") and len(tokens) == 1:
        return None
    occurrences = len(re.findall(rf"(?<!\w){re.escape(title)}(?!\w)", document.text))
    if occurrences < 2:
        return None
    start = document.sentences[0].start
    return TitleSpan(title, start, start + len(title), "lead")


@cache
def _lead_pattern(language: str) -> re.Pattern[str]:
    verbs = alternation(words(language, "films", "lead_verbs"))
    return re.compile(rf"({TITLE})\s+(?i:{verbs})\b")


def _period_inside(document: Document, inner: str, start: int) -> bool:
    """Tell whether a quote ending in "." is a title with the sentence's period inside it (American style).

    Only a title-cased phrase of two words or more, after a film noun or quoted again elsewhere without the period.
    """
    if len(inner.split()) < 2 or not _title_case(inner) or any(mark in inner for mark in ".!?"):
        return False
    _comparison, _relation, nouns = _span_patterns(document.language)
    if nouns.search(document.text[max(0, start - 60) : start]):
        return True
    return len(re.findall(rf"(?<!\w){re.escape(inner)}(?![\w.])", document.text)) >= 2


def _opens_paragraph(document: Document, start: int, end: int, inner: str) -> bool:
    """Tell whether a quoted title is the subject that opens a paragraph: '"Dark Harbor" is one of the ...'."""
    text = document.text
    if start > 0 and text[:start].rstrip(" \t")[-1:] not in ("\n", ""):
        return False
    follower = re.match(r"\s+([a-zß-ÿ][\w'’]*)", text[end : end + 40])
    if not follower or fold(follower.group(1)) in folded_words("words", "speech_verbs"):
        return False
    tokens = inner.split()
    if len(tokens) == 1 and fold(inner) in folded_words("words", "function"):
        return False
    return _title_case(inner) and fold(inner) not in folded_words("words", "not_title")


def _not_title(text: str) -> bool:
    """A heading word or a shouted judgement ("Verdict", "The Final Verdict", "MUST SEE"), never a film's title."""
    return fold(text) in folded_words("words", "not_title")


def _heading_title(document: Document) -> TitleSpan | None:
    """A review that opens with its film's title as a heading: "Dark Harbor : A film that ..."."""
    if not document.sentences:
        return None
    first = document.sentences[0]
    match = _HEADING_COLON.match(first.text)
    if not match:
        return None
    title = match.group("title").strip()
    tokens = title.split()
    if not _sentence_case(title) or len(tokens) > 8 or _not_title(title) or match_key(title) is not None:
        return None
    if len(tokens) == 1 and fold(title) in folded_words("words", "function"):
        return None
    _comparison, _relation, nouns = _span_patterns(document.language)
    after = match.group("rest")
    cue = nouns.match(after.split(" ", 1)[-1]) or nouns.match(after)  # "A film that ...", "Un film qui ..."
    recurs = re.findall(rf"(?<!\w){re.escape(title)}(?!\w|\s?:)", document.text, re.IGNORECASE)
    if not cue and len(recurs) < 2:
        return None
    return TitleSpan(title, first.start, first.start + len(title), "heading", language=document.language)


def _predicate_spans(document: Document) -> list[TitleSpan]:
    """Titles said to be a film: "Dark Harbor, a film which ...", "Dark Harbor is a fine film"; the name must recur."""
    language = document.language
    nouns = alternation(words(language, "words", "film_nouns"))
    compounds = folded_words("films", "compound_nouns")
    agents = alternation(words(language, "films", "agent_cues"))
    agent = re.compile(rf"(?i:\b{agents})\s+$")
    agent_inside = re.compile(rf"(?i:\b{agents})\s")  # "Directed by Ann Lee, a film ...": the title pattern's "by"
    found: list[TitleSpan] = []
    for cue in words(language, "films", "predicates"):
        for match in matches(cue.replace("{gap}", _PREDICATE_GAP).replace("{noun}", rf"(?:{nouns})"), document):
            title = match.group("title")
            tokens = title.split()
            if all(fold(t) in folded_words("words", "function") for t in tokens) or _not_title(title):
                continue
            if title[-1] in "'’" or document.text[match.start() - 1 : match.start()] in ("'", "‘", '"', "“"):
                continue  # a quoted title: the quote readers have it
            if agent.search(document.text[max(0, match.start() - 30) : match.start()]) or agent_inside.search(title):
                continue  # "directed by Ann Lee, a film ...": a person
            following = re.match(r"[ -]([\w'’]+)", document.text[match.end() : match.end() + 30])
            if following and fold(following.group(1)) in compounds:
                continue  # "a film critic", "a better film than"
            opening = bool(document.sentences) and match.start() < document.sentences[0].end
            if not opening and len(re.findall(rf"(?<![\w'’]){re.escape(title)}(?!\w)", document.text)) < 2:
                continue
            span = _span(document, title, match.start("title"), match.end("title"), "predicate")
            if not span.other:
                found.append(span)
    return found


def _caps_pair_opening(document: Document, seen: set[tuple[int, int]]) -> list[TitleSpan]:
    """A two-word title in capitals in the opening sentence ("... decide to act like DARK HARBOR by ...")."""
    if not document.sentences:
        return []
    first = document.sentences[0]
    found: list[TitleSpan] = []
    for match in _CAPS_PAIR.finditer(first.text):
        start = first.start + match.start()
        text = match.group(0)
        if (start, start + len(text)) in seen or len(text) >= 0.5 * len(first.text):
            continue
        if any(fold(w) in folded_words("words", "function") or len(w) < 3 for w in text.split()) or _not_title(text):
            continue
        span = _span(document, text, start, start + len(text), "caps")
        found.append(span)
    return found


def _verdict_title(document: Document) -> TitleSpan | None:
    """The one sentence that gives the title, its years and the reviewer's score: "Dark Harbor (2002-2006): 8."."""
    found = [
        (sentence, match)
        for sentence in document.sentences
        if (match := _VERDICT.fullmatch(sentence.text.strip())) and not _not_title(match.group("title"))
    ]
    if len(found) != 1:
        return None
    sentence, match = found[0]
    start = sentence.start + sentence.text.index(match.group("title"))
    title = match.group("title")
    return TitleSpan(title, start, start + len(title), "verdict", year=match.group("year"), language=document.language)


@cache
def _span_patterns(language: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(a comparison cue right before a title, a relation cue a few words before it in the same clause, a film
    noun before it), compiled once per language."""
    comparison = alternation(words(language, "films", "comparison"))
    relation = alternation(words(language, "films", "relation"))
    nouns = alternation(words(language, "words", "film_nouns"))
    return (
        re.compile(rf"(?i:\b{comparison})\s+(?:the\s+)?[\"“'‘«]?\s*$"),
        re.compile(rf"(?i:\b{relation})\b[^.!?;\"“”«»()\n]{{0,60}}[\"“'‘«]?\s*$"),
        re.compile(rf"(?i:\b{nouns}\b)"),
    )


@cache
def _headings() -> frozenset[str]:
    return frozenset(fold(h) for h in merged_lexicon().section("reviews").get("section_headings", []))


def _span(
    document: Document, text: str, start: int, end: int, source: str, pair: tuple[str, ...] = (), year: str = ""
) -> TitleSpan:
    before = document.text[max(0, start - 100) : start]
    possessive = _POSSESSOR_BEFORE.search(before)
    possessor = possessive.group(1) if possessive else ""
    comparison, relation, nouns = _span_patterns(document.language)
    related = bool(relation.search(before))
    other = bool(possessor) or related or bool(comparison.search(before[-40:]))
    film_cue = bool(nouns.search(before))
    if not year:
        after = _YEAR_AFTER.match(document.text, end)
        year = after.group(1) if after else ""
    return TitleSpan(
        text, start, start + len(text), source, year, other, possessor, film_cue, pair, document.language, related
    )


def _segments(document: Document) -> tuple[tuple[Segment, ...], bool]:
    text = document.text
    headings = _headings()
    lines = list(_LINES.finditer(text))
    for index, line in enumerate(lines):
        if fold(line.group(0)) not in headings:
            continue
        found: list[Segment] = []
        for body in lines[index + 1 :]:
            content = body.group(0)
            user = _USER.match(content)
            if len(content) < 80 or not user or fold(user.group(1)) in folded_words("words", "function"):
                continue
            key = f"{document.doc_id}/review-{len(found) + 1}"
            found.append(Segment(key, body.start(), body.end(), user.group(1), body.start()))
        if found:
            return tuple(found), True
    headline, headline_start = "", -1
    first = lines[0] if lines else None
    if first is not None and len(lines) > 2 and len(first.group(0)) <= 150 and first.group(0)[-1] not in ".!?":
        if _HEADING_SPLIT.search(first.group(0)):
            headline, headline_start = first.group(0), first.start()
    return (
        Segment(f"{document.doc_id}/review", 0, len(text), headline=headline, headline_start=headline_start),
    ), False
