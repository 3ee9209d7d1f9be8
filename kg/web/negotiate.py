"""Content negotiation: pick the best offered media type for an Accept header, honouring q-values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Preference:
    """One media range of an Accept header."""

    media_range: str
    q: float
    order: int

    def matches(self, media_type: str) -> bool:
        """Tell whether this range covers `media_type`."""
        if self.media_range in {"*/*", "*"}:
            return True
        major, _, minor = self.media_range.partition("/")
        offered_major, _, offered_minor = media_type.partition("/")
        return major == offered_major and (minor in {"*", offered_minor})

    @property
    def specificity(self) -> int:
        """Exact types beat `type/*`, which beats `*/*`."""
        if self.media_range in {"*/*", "*"}:
            return 0
        return 1 if self.media_range.endswith("/*") else 2


def parse_accept(header: str | None) -> list[Preference]:
    """Parse an Accept header into preferences; a missing or empty header accepts anything.

    >>> [(p.media_range, p.q) for p in parse_accept("text/html;q=0.9, text/turtle")]
    [('text/html', 0.9), ('text/turtle', 1.0)]
    """
    if not header or not header.strip():
        return [Preference("*/*", 1.0, 0)]
    preferences = []
    for order, part in enumerate(header.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media_range = pieces[0].lower()
        if not media_range:
            continue
        q = 1.0
        for parameter in pieces[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        preferences.append(Preference(media_range, q, order))
    return preferences


def best_match(header: str | None, offered: Sequence[str]) -> str | None:
    """Return the offered media type the client prefers most, or None when nothing is acceptable.

    Ties go to the more specific range, then to the server's order of `offered`.

    >>> best_match("text/turtle;q=0.5, application/ld+json", ["text/turtle", "application/ld+json"])
    'application/ld+json'
    >>> best_match("*/*", ["text/turtle", "text/html"])
    'text/turtle'
    >>> best_match("image/png", ["text/turtle"]) is None
    True
    """
    preferences = parse_accept(header)
    best: tuple[float, int, int] | None = None
    chosen: str | None = None
    for index, media_type in enumerate(offered):
        covering = [p for p in preferences if p.matches(media_type)]
        if not covering:
            continue
        most_specific = max(covering, key=lambda p: (p.specificity, -p.order))
        if most_specific.q <= 0:
            continue
        score = (most_specific.q, most_specific.specificity, -index)
        if best is None or score > best:
            best, chosen = score, media_type
    return chosen
