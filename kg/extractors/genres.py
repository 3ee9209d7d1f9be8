"""Genres and countries of origin said in prose: "this screwball comedy", "X is a slasher film", "a 1973 French comedy".

A genre claim needs a determiner that makes the phrase the film's ("this", or "a"/"one of the" after a copula, "as",
or in apposition), so "the drama of the scene" or "I like slasher films" claim nothing. The genre is written as the
text has it, lower-cased and singular, with its film noun dropped after a genre word ("slasher film" -> "slasher") and
kept after a kind of film ("war film"). Nationality adjectives inside such a phrase give the film's country. The claim
goes to the film named right there ("another slasher film named X", "X is a ..."), else to the review's film. A
`Key: Value` block that the fields extractor cannot tie to a title (no Title line, no heading) gives the review's film
its genres, countries and studios here. Studios come only from generic shapes (a name ending in a company word, or a
lone acronym, inside a film phrase, before a possessive, in "(Studio, 1942)", after "la factoría"), never from a list
of names. Vocabulary: [genres] of kg/lang/<tag>.toml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ..model import Claim, Document, Kind, Literal, Mention
from . import extractor
from .context import Context, TitleSpan, context
from .fields import find_fields, subject_title
from .lexicon import fold, lexicon, merged_lexicon
from .patterns import UP, evidence, folded_words, is_function_word, sentence_at
from .values import split_names

NAME = "genres.v1"
_WORD = re.compile(r"[\w'’.%-]+")
_QUOTES = "\"“”'‘’«» "


@dataclass(frozen=True)
class Vocabulary:
    """One language's genre words, compiled."""

    phrase: re.Pattern[str]
    singular: dict[str, str]  # folded form -> singular folded form
    heads: frozenset[str]  # folded singular heads
    needs_noun: frozenset[str]  # heads that name a genre only before a film noun ("a disaster movie")
    nouns: frozenset[str]  # folded film nouns, singular and plural
    compounds: frozenset[str]
    gap_stops: frozenset[str]
    copula: re.Pattern[str]
    persons: frozenset[str]
    negation: frozenset[str]
    conditionals: frozenset[str]  # "if": what follows is wished or supposed, not said
    aside: re.Pattern[str]  # an opinion between the copula and the phrase ("pour moi", "in my opinion")
    conjunction: re.Pattern[str]  # "and"/"or" right before the determiner
    named: re.Pattern[str]
    countries: dict[str, str]  # folded nationality adjective -> country name
    nationality: re.Pattern[str]
    examples: re.Pattern[str]  # "comedies like ...", "westerns such as ..."
    country_phrase: re.Pattern[str]  # a film noun a nationality can stand before ("this Italian film")
    after: bool  # the language puts modifiers after the noun
    determiner: re.Pattern[str]  # ending where the phrase begins
    demonstratives: frozenset[str]  # "this": the phrase is the film's wherever it stands
    plural_determiners: frozenset[str]  # "one of the": a plural genre names one film
    title_determiners: frozenset[str]  # "the": only with a known title right after the phrase


def _plural(word: str, after: bool = False) -> str:
    head, _, last = word.rpartition(" ")
    if after:  # Spanish and French: "comedias", "thrillers", "acciones" is never needed
        return f"{head} {last}s" if head else f"{last}s"
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        last = last[:-1] + "ies"
    elif last.endswith(("s", "x", "ch", "sh")):
        last += "es"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def _forms(words: list[str], plural: bool, after: bool = False) -> list[str]:
    forms = list(words)
    if plural:
        forms += [_plural(w, after) for w in words]
    return forms


def _alt(forms: list[str]) -> str:
    escaped = sorted({re.escape(f).replace(r"\ ", r"[ -]") for f in forms}, key=len, reverse=True)
    return "(?:" + "|".join(escaped) + ")" if escaped else "(?!)"


@cache
def vocabulary(language: str) -> Vocabulary:
    """Compile the genre words of `language` (the English file when the language has none)."""
    table = lexicon(language).section("genres")
    heads = [str(w) for w in table.get("heads", [])]
    modifiers = [str(w) for w in table.get("modifiers", [])]
    kinds = [str(w) for w in table.get("kinds", [])]
    nouns = [str(w) for w in table.get("nouns", [])]
    after = table.get("order", "before") == "after"  # modifiers and nationalities follow the noun ("comedia negra")
    singular: dict[str, str] = {}
    for word in heads + nouns + kinds:
        singular.setdefault(fold(word), fold(word))
        singular.setdefault(fold(_plural(word, after)), fold(word))
    head = _alt(_forms(heads, True, after))
    noun = _alt(_forms(nouns, True, after))
    kind = _alt(kinds)
    modifier = _alt(modifiers)
    if after:  # "un film de super-héros", "una película de acción", "un thriller psychologique"
        genre = (
            rf"(?:(?P<prefix>{noun})\s+(?:de\s+|d['’]\s?))?(?P<head>{head})(?:[ ](?P<post>{modifier}))?(?P<kind>(?!))?"
        )
    else:
        kind_noun = rf"(?P<kind>{kind})[ -](?P<knoun>{noun})"
        genre = rf"(?:{modifier}[ ]){{0,3}}(?:{kind_noun}|(?P<head>{head})(?:[ -](?P<noun>{noun}))?)"
    phrase = re.compile(rf"(?<![\w'’-])(?P<genre>{genre})(?![\w-])", re.IGNORECASE)
    copulas = [str(w) for w in table.get("copulas", [])]
    words = _alt([c for c in copulas if c[:1] not in "'’"])
    clitics = _alt([c for c in copulas if c[:1] in "'’"])
    copula = re.compile(rf"(?:(?<![\w'’-]){words}|(?<=\w){clitics})\s+$", re.IGNORECASE)
    asides = _alt([str(w) for w in table.get("asides", [])])
    conjunctions = _alt([str(w) for w in table.get("conjunctions", [])])
    countries = {fold(k): str(v) for k, v in table.get("countries", {}).items()}
    countries.update({fold(_plural(k, after)): v for k, v in list(countries.items())})
    film_nouns = _alt(_forms(nouns + [str(w) for w in table.get("country_nouns", [])], True, after))
    nationalities = _alt(_forms(list(table.get("countries", {})), True, after))
    if after:  # "un film 100% français", "una película española"
        country_phrase = rf"(?P<genre>{film_nouns}(?:[ ]\d+[ ]?%)?[ ]{nationalities})"
    else:
        country_phrase = rf"(?P<genre>{film_nouns})"
    nationality = re.compile(rf"(?<![\w-])(?P<adj>{nationalities})(?![\w-])", re.IGNORECASE)
    dets = [str(w) for w in table.get("determiners", []) + table.get("demonstratives", [])]
    dets += [str(w) for w in table.get("plural_determiners", []) + table.get("title_determiners", [])]
    return Vocabulary(
        phrase=phrase,
        singular=singular,
        heads=frozenset(fold(w) for w in heads),
        needs_noun=frozenset(fold(str(w)) for w in table.get("needs_noun", [])),
        nouns=frozenset(fold(w) for w in _forms(nouns, True)),
        compounds=frozenset(fold(str(w)) for w in table.get("compounds", [])),
        gap_stops=frozenset(fold(str(w)) for w in table.get("gap_stops", [])),
        copula=copula,
        persons=frozenset(fold(str(w)) for w in table.get("persons", [])),
        negation=frozenset(fold(str(w)) for w in table.get("negation", [])),
        conditionals=frozenset(fold(str(w)) for w in table.get("conditionals", [])),
        aside=re.compile(rf"(?<![\w'’])[(,]?\s?{asides}\s?[),]?\s+$", re.IGNORECASE),
        conjunction=re.compile(rf"(?<![\w'’]){conjunctions}\s+$", re.IGNORECASE),
        named=re.compile(rf"^\s*,?\s*(?:{_alt([str(w) for w in table.get('named', [])])})\s+", re.IGNORECASE),
        countries=countries,
        nationality=nationality,
        examples=re.compile(rf"\s*,?\s*(?:{_alt([str(w) for w in table.get('examples', [])])})\s+", re.IGNORECASE),
        country_phrase=re.compile(rf"(?<![\w'’-]){country_phrase}(?![\w-])", re.IGNORECASE),
        after=after,
        determiner=re.compile(rf"(?<![\w'’])(?P<det>{_alt(dets)})(?:(?<=['’])|\s+)$", re.IGNORECASE),
        demonstratives=frozenset(fold(str(w)) for w in table.get("demonstratives", [])),
        plural_determiners=frozenset(fold(str(w)) for w in table.get("plural_determiners", [])),
        title_determiners=frozenset(fold(str(w)) for w in table.get("title_determiners", [])),
    )


_APPOSITION = re.compile(r"(?:^|[,:;(—–]|\s-)\s*$")
_BETWEEN = re.compile(r"[\s\"”'’»,]*(?:\(\s*(?:1[89]|20)\d\d\s*[;,)]?[\s,]*)?")  # "X (1956; another war film"
_GAP_JOINERS = frozenset({"and", "but", "yet", "if", "very", "so", "too", "most", "more"})


@dataclass(frozen=True)
class Found:
    """One phrase said of a film: its genre ("" for a bare film noun), the countries in it, the film and the span."""

    film: Mention
    genre: str
    countries: tuple[str, ...]
    start: int
    end: int


def _value(vocab: Vocabulary, match: re.Match[str], plural_ok: bool) -> str | None:
    """The genre as the gold writes it: lower-case, singular, the film noun dropped after a head."""
    text = match["genre"]
    if vocab.after:
        return _value_after(vocab, match, plural_ok)
    if match["kind"]:
        noun = match["knoun"]
        body = text[: match.start("knoun") - match.start("genre")]
        folded_noun = fold(noun)
        single = vocab.singular.get(folded_noun, folded_noun)
        if single != folded_noun and not plural_ok:
            return None
        return (body + single).lower().strip()
    head = match["head"]
    body = text[: match.start("head") - match.start("genre")]
    folded_head = fold(head)
    single = vocab.singular.get(folded_head)
    if single is None:
        single = folded_head
    if match["noun"]:
        folded_noun = fold(match["noun"])
        if vocab.singular.get(folded_noun, folded_noun) != folded_noun and not plural_ok:
            return None
    elif single != folded_head and not plural_ok:
        return None
    elif single in vocab.needs_noun:
        return None  # "this disaster", "a catastrophe": a judgement unless a film noun follows
    if single != folded_head:
        head = _singular_surface(head)
    return (body + head).lower().strip()


def _value_after(vocab: Vocabulary, match: re.Match[str], plural_ok: bool) -> str | None:
    """The genre in a language whose modifiers follow: "películas de acción" -> "película de acción"."""
    text, offset = match["genre"], match.start("genre")
    pieces: list[tuple[int, int, str]] = []
    for group in ("prefix", "head"):
        word = match[group]
        if word and vocab.singular.get(fold(word), fold(word)) != fold(word):
            if not plural_ok:
                return None
            pieces.append((match.start(group) - offset, match.end(group) - offset, word[:-1]))
    if not match["prefix"] and vocab.singular.get(fold(match["head"]), fold(match["head"])) in vocab.needs_noun:
        return None
    for start, end, single in reversed(pieces):
        text = text[:start] + single + text[end:]
    return text.lower().strip()


def _singular_surface(word: str) -> str:
    lower = word.lower()
    if lower.endswith("ies"):
        return word[:-3] + "y"
    if lower.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    return word[:-1] if lower.endswith("s") else word


def _gap_ok(vocab: Vocabulary, gap: str) -> bool:
    """Words between the determiner and the genre: adjectives, years, names; no clause words, no film nouns."""
    tokens = gap.replace(",", " ").split()
    if len(tokens) > 6:
        return False
    for token in tokens:
        folded = fold(token)
        if folded in _GAP_JOINERS or re.fullmatch(r"\d{2,4}'?’?s?|\d{2}['’]s", token.lower()):
            continue
        if folded in vocab.gap_stops or folded in vocab.nouns:
            return False
        if token[-1] in ".!?;:":
            return False
    return True


_QUOTE_SOON = re.compile(r"[^\"”».!?]{0,40}[\"”»]")


def _inside_quotes(before: str) -> bool:
    """Tell whether a short quotation opened just before (a title, not a quoted review) is still open."""
    tail = before[-60:]
    straight = tail.count('"') % 2 == 1 and before.count('"') % 2 == 1
    return straight or tail.count("“") > tail.count("”") or tail.count("«") > tail.count("»")


def _known(ctx: Context) -> list[tuple[str, TitleSpan]]:
    """Every name of a known title with its span, longest first (a title recurs where no reader marked it)."""
    names = [(name, span) for span in (*ctx.titles, *ctx.others) for name in (span.pair or (span.text,))]
    return sorted(names, key=lambda item: -len(item[0]))


def _film_before(ctx: Context, start: int) -> Mention | None:
    """A title ending right before `start` (quotes, spaces, a comma or "(1956;" between): the film it is said of."""
    text = ctx.document.text
    head = text[max(0, start - 160) : start]
    between = re.search(rf"{_BETWEEN.pattern}$", head)
    cut = len(head) - (len(between.group(0)) if between else 0)
    for name, span in _known(ctx):
        if head[:cut].endswith(name) and not head[: cut - len(name)][-1:].isalnum():
            return _mention(ctx, span)
    return None


def _film_after(ctx: Context, vocab: Vocabulary, end: int) -> tuple[Mention | None, bool]:
    """A title right after the phrase (", "X"", "named X", "1986's X"); the flag says a name was announced."""
    text = ctx.document.text
    rest = text[end : end + 80]
    named = vocab.named.match(rest)
    offset = end + (named.end() if named else 0)
    lead = re.match(r"\s*,?\s*(?:(?:\d{4}|\d\d)['’]s\s+)?[\"“'‘«]?\s*", text[offset : offset + 40])
    at = offset + (lead.end() if lead else 0)
    for name, span in _known(ctx):
        if text.startswith(name, at) and not text[at + len(name) : at + len(name) + 1].isalnum():
            return _mention(ctx, span), True
    quoted = re.match(rf"\s*,\s*(?:(?:\d{{4}}|\d\d)['’]s\s+)?[\"“‘«]|[ ]{UP}[\w'’-]", rest)
    return None, bool(named or quoted)  # a film we could not read stands there: not the review's film


def _examples(ctx: Context, vocab: Vocabulary, end: int) -> list[Mention]:
    """The known films a plural genre lists after it: "forgettable comedies like "X" (1997) and "Y"."""
    text = ctx.document.text
    cue = vocab.examples.match(text, end)
    if cue is None:
        return []
    films: list[Mention] = []
    at = cue.end()
    while True:
        opener = re.match(r"[\"“'‘«]?", text[at:])
        at += opener.end() if opener else 0
        hit = next(
            (
                (n, s)
                for n, s in _known(ctx)
                if text.startswith(n, at) and not text[at + len(n) : at + len(n) + 1].isalnum()
            ),
            None,
        )
        if hit is None:
            return films
        films.append(_mention(ctx, hit[1]))
        at += len(hit[0])
        joint = re.match(r"[\"”'’»]?(?:\s?\((?:1[89]|20)\d\d\))?(?:,\s(?:and\s|or\s)?|\s(?:and|or)\s)", text[at:])
        if joint is None:
            return films
        at += joint.end()


def _mention(ctx: Context, span: TitleSpan) -> Mention:
    if span in ctx.titles:
        return ctx.film
    names = span.pair or (span.text,)
    return Mention(Kind.FILM, names[-1], ctx.document.doc_id, ctx.document.language)


def find_genres(document: Document) -> list[Found]:
    """Return the genre phrases of `document` said of a film, in text order."""
    ctx = context(document)
    vocab = vocabulary(document.language)
    found: list[Found] = []
    text = document.text
    last_end = -1
    genre_matches = list(vocab.phrase.finditer(text))
    spans = [(m.start(), m.end()) for m in genre_matches]
    nouns = [m for m in vocab.country_phrase.finditer(text) if not any(a <= m.start() < b for a, b in spans)]
    for match in sorted(genre_matches + nouns, key=lambda m: m.start()):
        if match.re is vocab.phrase and (listed := _listed(ctx, vocab, match)):
            found.extend(listed)
            continue
        item = _read(ctx, vocab, match, is_genre=match.re is vocab.phrase, last_end=last_end)
        if item is not None:
            found.append(item)
            last_end = item.end
    return found


def _listed(ctx: Context, vocab: Vocabulary, match: re.Match[str]) -> list[Found]:
    """A plural genre followed by the films it names as examples: each of them is of the genre."""
    plural = _value(vocab, match, True)
    if plural is None or _value(vocab, match, False) is not None:
        return []
    return [Found(film, plural, (), match.start(), match.end()) for film in _examples(ctx, vocab, match.end())]


def _read(ctx: Context, vocab: Vocabulary, match: re.Match[str], is_genre: bool, last_end: int) -> Found | None:
    """Read one genre phrase (or film noun, for its nationality) as a claim about a film, or None."""
    document = ctx.document
    text = document.text
    sentence = sentence_at(document, match.start())
    if sentence is None:
        return None
    start, end = match.start(), match.end()
    follower = re.match(r"[\s\"”'’]*([\w'’-]+)", text[end : end + 30])
    if follower and fold(follower.group(1)) in vocab.compounds:
        return None
    before = text[sentence.start : start]
    if _inside_quotes(before) and _QUOTE_SOON.match(text, end):
        return None  # inside a quoted title ("Tommy Boy: A Biography in Three Acts")
    gap_start = start
    determiner = None
    for cut in range(len(before), max(-1, len(before) - 70), -1):
        piece = before[:cut]
        det = vocab.determiner.search(piece) or _studio_possessive(ctx, piece)
        if det and _gap_ok(vocab, before[cut:]):
            determiner = det
            gap_start = sentence.start + cut
            break
        if cut < len(before) and before[cut - 1 : cut] in ".!?;:\n":
            break
    if determiner is None:
        return None
    det_word = fold(determiner["det"])
    det_start = sentence.start + determiner.start("det")
    plural_ok = det_word in vocab.plural_determiners
    value = _value(vocab, match, plural_ok) if is_genre else ""
    if value is None:
        return None
    lead = text[sentence.start : det_start]
    film_after, announced = _film_after(ctx, vocab, end)
    film: Mention | None = film_after
    if film is None and announced:
        return None
    if det_word in vocab.title_determiners and film is None:
        return None  # "the compilation film, The Golden Age": "the" needs the title right after
    owned = bool(determiner.groupdict().get("studio"))  # "RKO's 1950 thriller": the studio's film, as "this"
    if det_word not in vocab.demonstratives and not owned and film is None:
        film = _claimed_by(ctx, vocab, lead, det_start, last_end)
        if film is None:
            return None
    if film is None:
        film = ctx.film
    gap = text[gap_start:start]
    countries = tuple(vocab.countries[fold(m["adj"])] for m in vocab.nationality.finditer(gap + " " + match["genre"]))
    if not value and not countries:
        return None
    return Found(film, value, countries, det_start, end)


def _claimed_by(ctx: Context, vocab: Vocabulary, lead: str, det_start: int, last_end: int) -> Mention | None:
    """The film an "a ..." phrase is said of: after a copula, "as", in apposition, or coordinated with the last."""
    words = [fold(w) for w in _WORD.findall(lead)]
    if any(w in vocab.negation or w.endswith("n t") for w in words[-3:]) or vocab.conditionals.intersection(words):
        return None  # "it is not a western", "if you want a comedy": no claim
    aside = vocab.aside.search(lead)
    bare = lead[: aside.start()] if aside else lead  # "est pour moi le meilleur film de ...": the aside goes
    copula = vocab.copula.search(bare)
    conjunction = vocab.conjunction.search(lead)
    if copula:
        subject_end = det_start - (len(lead) - copula.start())
        subject = [fold(w) for w in _WORD.findall(lead[: copula.start()])][-1:]
        if subject and subject[0] in vocab.persons:
            return None
        film = _film_before(ctx, subject_end)
        named = re.search(rf"(?<![\w'’-]){UP}[\w'’-]*[\"”'’]?\s*$", lead[: copula.start()])
        if film is None and named and not is_function_word(named.group(0).strip(_QUOTES)):
            return None  # "Darr, though not the best, is a thriller": a name we cannot read as a title is the subject
        return film or ctx.film
    if _APPOSITION.search(lead):
        before = lead.rstrip(" ,:;(—–-")
        film = _film_before(ctx, det_start - (len(lead) - len(before)))
        if film is None and lead.rstrip().endswith(",") and re.search(r"[A-Z][\w'’-]*$", before):
            return None  # "Ann Lee, a comedy veteran": a name we cannot read as a title stands before
        return film or ctx.film
    if conjunction and last_end >= 0 and det_start - last_end <= 8:
        return ctx.film
    return None


@extractor(NAME, emits={"genre", "countryOfOrigin", "productionCompany"})
def extract_genres(document: Document) -> Iterator[Claim]:
    """Yield the genres and countries the prose gives a film, and an untitled field block's."""
    seen: set[tuple[Mention, str, str]] = set()
    for item in find_genres(document):
        found = evidence(document, item.start, item.end, NAME, 0.7)
        if found is None:
            continue
        if item.genre and (item.film, "genre", item.genre) not in seen:
            seen.add((item.film, "genre", item.genre))
            yield Claim(item.film, "genre", Literal(item.genre), found)
        for country in item.countries:
            if (item.film, "countryOfOrigin", country) not in seen:
                seen.add((item.film, "countryOfOrigin", country))
                yield Claim(item.film, "countryOfOrigin", Mention(Kind.COUNTRY, country, document.doc_id), found)
    for film, studio, start, end in find_studios(document):
        found = evidence(document, start, end, NAME, 0.65)
        if found and (film, "productionCompany", studio) not in seen:
            seen.add((film, "productionCompany", studio))
            organization = Mention(Kind.ORGANIZATION, studio, document.doc_id, document.language)
            yield Claim(film, "productionCompany", organization, found)
    yield from _untitled_fields(document)


@cache
def _studio_patterns(language: str) -> tuple[re.Pattern[str], ...]:
    """(a studio inside a film phrase, before a possessive, in "(Studio, 1942)", before "production company",
    after "from"), for `language`. A studio is a capitalised name ending in a company word, or a short acronym."""
    table = lexicon(language).section("genres")
    after = table.get("order", "before") == "after"
    company = _alt([str(w) for w in table.get("company_words", [])])
    cap = rf"{UP}(?:[\w&.-]|['’](?!s\b))*"  # a possessive ending is not part of the name
    token = rf"{UP}[\w&-]*"
    studio = rf"(?P<studio>(?:{cap}[ ]){{0,3}}{company}(?![\w])|[A-Z]{{2,4}}(?![\w-]))"
    nouns = [str(w) for w in table.get("studio_nouns", [])] + [str(w) for w in table.get("nouns", [])]
    noun = _alt(_forms(nouns + [str(w) for w in table.get("heads", [])], False, after))
    word = r"[\w'’.,-]+\s+"
    before = _alt([str(w) for w in table.get("company_before", [])])  # "los estudios Pixar", "les studios X"
    return (
        re.compile(
            rf"(?<![\w'’])(?i:this|the|a|an)\s+(?:{word}){{0,3}}?{studio}\s+(?:{word}){{0,2}}?(?i:{noun})(?![\w-])"
        ),
        re.compile(rf"(?<![\w'’-]){studio}['’]s?\s+(?:{word}){{0,3}}?(?i:{noun})(?![\w-])"),
        re.compile(rf"\(\s*{studio}\s*,\s*(?:1[89]|20)\d\d\s*\)"),
        re.compile(rf"(?<![\w'’-]){studio}\s+(?i:production company|studios?)(?![\w])"),
        re.compile(rf"\s+(?i:from)\s+(?:[\w'’-]+\s+){{0,4}}?{studio}"),
        re.compile(rf"(?<![\w'’-])(?P<det>{studio}['’]s?)\s+$"),
        re.compile(rf"(?<![\w'’])(?i:{before})\s+(?P<studio>{token}(?:[ ](?:{token}|&))*)(?![\w'’-]|[ ]{UP})"),
    )


def find_studios(document: Document) -> list[tuple[Mention, str, int, int]]:
    """Return (film, studio, start, end) for the production companies the prose names with a film."""
    ctx = context(document)
    vocab = vocabulary(document.language)
    inside, possessive, dated, company, origin, _owner, named = _studio_patterns(document.language)
    text = document.text
    found: list[tuple[Mention, str, int, int]] = []
    for pattern in (inside, possessive):
        for match in pattern.finditer(text):
            if not _studio_name(ctx, match):
                continue
            film, announced = _film_after(ctx, vocab, match.end())
            if film is None and announced:
                continue
            found.append((film or ctx.film, match["studio"], match.start("studio"), match.end("studio")))
    for match in dated.finditer(text):
        film = _film_before(ctx, match.start())
        if film is not None and _studio_name(ctx, match):
            found.append((film, match["studio"], match.start("studio"), match.end("studio")))
    for match in named.finditer(text):
        if _studio_name(ctx, match):
            found.append((ctx.film, match["studio"], match.start("studio"), match.end("studio")))
    for match in company.finditer(text):
        if _studio_name(ctx, match) and not match["studio"].isupper():
            found.append((ctx.film, match["studio"], match.start("studio"), match.end("studio")))
    for item in find_genres(document):
        match = origin.match(text, item.end)
        if match and item.genre and _studio_name(ctx, match):
            found.append((item.film, match["studio"], match.start("studio"), match.end("studio")))
    return found


def _studio_possessive(ctx: Context, piece: str) -> re.Match[str] | None:
    """A studio's possessive ending `piece` ("RKO's "), read as the determiner of the phrase after it."""
    pattern = _studio_patterns(ctx.document.language)[5]
    found = pattern.search(piece)
    return found if found and _studio_name(ctx, found) else None


def _studio_name(ctx: Context, match: re.Match[str]) -> bool:
    """An acronym is a studio only alone (not a word of a shouted title) and not a common abbreviation."""
    name = match["studio"]
    text = ctx.document.text
    if any(name in title or title in name for title, _span in _known(ctx)):
        return False
    if not name.isupper():
        return True
    stops = folded_words("genres", "acronym_stops")
    if fold(name) in stops:
        return False
    start, end = match.start("studio"), match.end("studio")
    before = re.search(r"([A-Z]{2,})\W{0,2}$", text[max(0, start - 20) : start])
    after = re.match(r"\W{0,2}([A-Z]{2,})", text[end : end + 20])
    return before is None and after is None


_BLOCK_FIELDS = {"genre": None, "countryOfOrigin": Kind.COUNTRY, "productionCompany": Kind.ORGANIZATION}


def _untitled_fields(document: Document) -> Iterator[Claim]:
    """A `Key: Value` block with no title the fields extractor can read: its genres, countries and studios are
    the review's film's (the block describes the film reviewed)."""
    fields = find_fields(document)
    if subject_title(document, fields) is not None:
        return
    ctx = context(document)
    for field in fields:
        if field.predicate not in _BLOCK_FIELDS:
            continue
        found = evidence(document, field.start, field.start + len(field.value), NAME, 0.85)
        if found is None:
            continue
        kind = _BLOCK_FIELDS[field.predicate]
        if kind is Kind.ORGANIZATION and not _exact_key(document, field.start, field.predicate):
            continue  # "Producción: Ann Lee" is near "productora" but names a producer
        for value in split_names(field.value.rstrip(". ")):
            value = value.strip(" .")
            if not value or len(value) > 60:
                continue
            if kind is Kind.COUNTRY:
                names = lexicon(document.language).section("genres").get("country_names", {})
                value = str(names.get(fold(value), value)) if isinstance(names, dict) else value
            if kind is None:
                yield Claim(ctx.film, "genre", Literal(value.lower()), found)
            else:
                yield Claim(ctx.film, field.predicate, Mention(kind, value, document.doc_id, document.language), found)


def _exact_key(document: Document, start: int, predicate: str) -> bool:
    """Tell whether the key of the field whose value starts at `start` is one of the predicate's key phrases."""
    text = document.text
    line_start = text.rfind("\n", 0, start) + 1
    key = text[line_start:start]
    if ":" not in key:  # a key line with its value on the next line
        previous = text.rfind("\n", 0, max(0, line_start - 1)) + 1
        key = text[previous : max(previous, line_start - 1)]
    phrases = merged_lexicon().section("fields").get(predicate, [])
    return fold(key.split(":")[0]) in {fold(p) for p in phrases}
