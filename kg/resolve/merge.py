"""From a cluster of mentions to an entity's names: canonical label, alternative labels and counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from rapidfuzz.distance import Levenshtein

from .normalize import strip_possessive, tokens, translit_key

__all__ = ["canonical_label", "label_and_language"]


def canonical_label(forms: Counter[str], preferred: Iterable[str] = ()) -> str:
    """Pick the label an entity is shown by: the fullest form, then the most used spelling, then its best casing.

    A form whose words are all inside another form ("Tarkovsky" in "Andrei Tarkovsky") is partial and
    loses; among spellings of the full name the most frequent wins (a one-off typo loses); an ALL-CAPS
    or all-lower form loses to a normally cased one; accents beat their absence. On a tie in frequency,
    `preferred` forms (those in the entity's most used language) win.

    >>> canonical_label(Counter({"Tarkovsky": 3, "Andrei Tarkovsky": 3}))
    'Andrei Tarkovsky'
    >>> canonical_label(Counter({"Vadim Yusov": 3, "Vadim Yusof": 1, "Yusov": 2}))
    'Vadim Yusov'
    >>> canonical_label(Counter({"BICYCLE THIEVES": 4, "Bicycle Thieves": 2, "Bicycle thieves": 1}))
    'Bicycle Thieves'
    """
    words = {form: set(tokens(strip_possessive(form))) for form in forms}
    full = [f for f in forms if words[f] and not any(_within(words[f], words[g]) for g in forms)] or list(forms)
    spelled: dict[str, list[str]] = {}
    for form in full:
        spelled.setdefault(translit_key(strip_possessive(form)), []).append(form)

    liked = set(preferred)

    def group_score(key: str) -> tuple[int, bool, int, int, str]:
        members = spelled[key]
        return (-sum(forms[f] for f in members), not liked & set(members), -len(key.split()), -len(key), key)

    best = spelled[min(spelled, key=group_score)]
    cased = [f for f in best if f != f.upper() and f != f.lower()] or best
    cased_count = Counter({f.casefold(): 0 for f in cased})
    for form in best:
        cased_count[form.casefold()] += forms[form]  # "THE X" counts towards "The X"
    return min(cased, key=lambda f: (-cased_count[f.casefold()], -forms[f], -_accents(f), f))


def _within(part: set[str], whole: set[str]) -> bool:
    """Tell whether the words `part` are fewer than, and each one of (or one letter from), the words `whole`.

    >>> _within({"roland"}, {"gena", "rolands"}), _within({"gena", "rolands"}, {"roland"})
    (True, False)
    """
    if len(part) >= len(whole):
        return False
    return all(any(_same_word(x, y) for y in whole) for x in part)


def _same_word(x: str, y: str) -> bool:
    if x == y:
        return True
    return min(len(x), len(y)) >= 5 and x[0] == y[0] and Levenshtein.distance(x, y, score_cutoff=1) <= 1


def _accents(text: str) -> int:
    return sum(1 for ch in text if ord(ch) > 127)


def label_and_language(occurrences: Iterable[tuple[str, str, int]]) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """Return (label, its language, alternative labels) from (form, language, count) occurrences.

    A form also seen with a language tag is not repeated untagged (the tag says more).

    >>> label_and_language([("Monika", "en", 5), ("Monica", "en", 1), ("Monika", "es", 2)])
    ('Monika', 'en', (('Monica', 'en'),))
    >>> label_and_language([("Ann Lee", "", 3), ("Lee", "", 1), ("Lee", "fr", 1)])
    ('Ann Lee', '', (('Lee', 'fr'),))
    """
    forms: Counter[str] = Counter()
    languages: dict[str, Counter[str]] = {}
    for form, language, count in occurrences:
        forms[form] += count
        languages.setdefault(form, Counter())[language] += count
    totals: Counter[str] = Counter()
    for langs in languages.values():
        totals.update(langs)
    main = min(totals, key=lambda lang: (-totals[lang], lang))
    label = canonical_label(forms, preferred=[form for form, langs in languages.items() if main in langs])
    label_language = min(languages[label], key=lambda lang: (-languages[label][lang], lang))
    alt = sorted(
        {
            (form, lang)
            for form, langs in languages.items()
            for lang in langs
            if form != label and (lang or len(langs) == 1)
        }
    )
    return label, label_language, tuple(alt)
