"""Generate a deterministic corpus of film reviews of any size, for benchmarking the build and the server.

The corpus imitates the shapes of real reviews (seeds/ and ../shared/dev-reviews/): long English prose with
`<br /><br />` paragraph breaks, `Character (Actor)` and `Actor as Character`, "directed by X", "X's cinematography",
awards won or only nominated at festivals with years, "8/10" ratings, blog reviews under a `Key: Value` header,
listing pages that embed several user reviews, and a share of Spanish and French reviews. Every name (films,
people, characters, studios, festivals, prizes, streaming services) comes from syllable and word generators, so
no real film is written here; people are reused across films (directors make several, actors act in many), names
appear with transliteration variants and typos, and several documents review the same film, as in a real crawl.

Usage: python bench/corpus.py --docs 1000 --seed 1 --out bench/out/c1k
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# ---------------------------------------------------------------- word and syllable material (generic, no names)

ONSETS = ["b", "d", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "gr", "kr", "st", "tr", "sh", "ch"]
ONSETS_SLAVIC = ["b", "d", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "zh", "kh", "sh", "ch", "sv"]
VOWELS = ["a", "e", "i", "o", "u", "a", "e", "o", "ia", "ei"]
VOWELS_SLAVIC = ["a", "e", "i", "o", "u", "ya", "yu", "y", "ei", "oi"]
CODAS = ["", "", "", "n", "r", "l", "s", "m", "t", "k"]
# style -> (given-name endings male, female, surname endings male, female)
STYLES: dict[str, tuple[list[str], list[str], list[str], list[str]]] = {
    "slavic": (
        ["ei", "il", "or", "an", "iy", "ov"],
        ["ana", "ina", "ya", "ia", "ka"],
        ["ov", "ev", "sky", "in", "enko", "ich"],
        ["ova", "eva", "skaya", "ina", "enko", "ich"],
    ),  # fmt: skip
    "romance": (
        ["o", "io", "el", "an", "ino"],
        ["a", "ia", "ela", "ette", "ine"],
        ["ez", "elli", "ini", "ier", "eau", "ado"],
        ["ez", "elli", "ini", "ier", "eau", "ado"],
    ),  # fmt: skip
    "anglo": (
        ["en", "ton", "er", "ly", "in"],
        ["a", "ie", "elle", "yn", "ette"],
        ["son", "ton", "ley", "field", "man", "wood"],
        ["son", "ton", "ley", "field", "man"],
    ),  # fmt: skip
    "eastasian": (
        ["o", "hiro", "ki", "ta", "jun"],
        ["ko", "mi", "na", "yo", "e"],
        ["ta", "moto", "da", "kawa", "mura", "no"],
        ["ta", "moto", "da", "kawa", "mura", "no"],
    ),  # fmt: skip
}
# transliteration pairs applied to make the variants real credits show ("Samojlova" / "Samoilova")
TRANSLIT = [("ya", "ia"), ("yu", "iu"), ("iy", "y"), ("oi", "oj"), ("ei", "ey"), ("kh", "h"), ("zh", "j"),
            ("ks", "x"), ("sky", "ski"), ("ch", "tch"), ("ou", "o"), ("sh", "ch"), ("v", "w"), ("ii", "i")]  # fmt: skip

ADJECTIVES = {  # english: (spanish, french)
    "silent": ("silencioso", "silencieux"), "last": ("último", "dernier"), "broken": ("roto", "brisé"),
    "golden": ("dorado", "doré"), "distant": ("lejano", "lointain"), "hidden": ("oculto", "caché"),
    "burning": ("ardiente", "brûlant"), "lonely": ("solitario", "solitaire"), "northern": ("norteño", "nordique"),
    "quiet": ("tranquilo", "tranquille"), "bitter": ("amargo", "amer"), "lost": ("perdido", "perdu"),
    "wild": ("salvaje", "sauvage"), "red": ("rojo", "rouge"), "white": ("blanco", "blanc"),
    "endless": ("interminable", "infini"), "second": ("segundo", "second"), "strange": ("extraño", "étrange"),
}  # fmt: skip
NOUNS = {
    "river": ("río", "rivière"), "winter": ("invierno", "hiver"), "letter": ("carta", "lettre"),
    "garden": ("jardín", "jardin"), "road": ("camino", "route"), "island": ("isla", "île"),
    "mirror": ("espejo", "miroir"), "harvest": ("cosecha", "moisson"), "station": ("estación", "gare"),
    "shadow": ("sombra", "ombre"), "bridge": ("puente", "pont"), "summer": ("verano", "été"),
    "soldier": ("soldado", "soldat"), "widow": ("viuda", "veuve"), "orchard": ("huerto", "verger"),
    "lantern": ("linterna", "lanterne"), "city": ("ciudad", "ville"), "voyage": ("viaje", "voyage"),
    "storm": ("tormenta", "tempête"), "kingdom": ("reino", "royaume"), "night": ("noche", "nuit"),
    "house": ("casa", "maison"), "swan": ("cisne", "cygne"), "forest": ("bosque", "forêt"),
}  # fmt: skip
PLURAL_VERBS = {"are flying": ("vuelan", "s'envolent"), "are burning": ("arden", "brûlent"),
                "return": ("regresan", "reviennent"), "are sleeping": ("duermen", "dorment"),
                "are singing": ("cantan", "chantent"), "fall": ("caen", "tombent")}  # fmt: skip
GENRES = ["Drama", "War", "Romance", "Comedy", "Thriller", "Horror", "Western", "Musical", "Crime", "Mystery"]
GENRES_ES = {"Drama": "drama", "War": "bélica", "Romance": "romance", "Comedy": "comedia", "Thriller": "suspense",
             "Horror": "terror", "Western": "western", "Musical": "musical", "Crime": "policiaca",
             "Mystery": "misterio"}  # fmt: skip
COUNTRIES = [("France", "French", "fr"), ("Italy", "Italian", "it"), ("Japan", "Japanese", "ja"),
             ("Mexico", "Mexican", "es"), ("Poland", "Polish", "pl"), ("Sweden", "Swedish", "sv"),
             ("Argentina", "Argentine", "es"), ("Spain", "Spanish", "es"), ("United Kingdom", "British", "en"),
             ("United States", "American", "en"), ("Germany", "German", "de"), ("South Korea", "Korean", "ko"),
             ("India", "Indian", "hi"), ("Brazil", "Brazilian", "pt"), ("Czechoslovakia", "Czech", "cs"),
             ("Hungary", "Hungarian", "hu")]  # fmt: skip
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip
MONTHS_ES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
             "noviembre", "diciembre"]  # fmt: skip
NUMBER_WORDS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight"]
NUMBER_WORDS_ES = ["", "un", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho"]
PRIZE_METALS = ["Golden", "Silver", "Crystal", "Bronze"]
PRIZE_THINGS = ["Heron", "Lantern", "Shell", "Leopard", "Anchor", "Star", "Bell", "Globe", "Palm", "Lion"]
CATEGORIES = ["Best Director", "Best Actress", "Best Actor", "Best Cinematography", "Best Screenplay",
              "Best Original Score", "Best Supporting Actress", "Best Supporting Actor"]  # fmt: skip
CATEGORY_ROLE = {"Best Director": "director", "Best Actress": "lead_f", "Best Actor": "lead_m",
                 "Best Cinematography": "cinematographer", "Best Screenplay": "writer",
                 "Best Original Score": "composer", "Best Supporting Actress": "support_f",
                 "Best Supporting Actor": "support_m"}  # fmt: skip
PRAISE = ["poignant", "visually striking", "audacious", "humane", "gripping", "tender", "unsettling", "luminous",
          "patient", "ferocious", "melancholy", "playful"]  # fmt: skip
THEMES = ["love, loss and resilience", "grief and memory", "class and ambition", "faith and doubt",
          "the futility of war",
          "family and betrayal", "loneliness in a crowded city", "guilt and forgiveness"]  # fmt: skip
FILLER_EN = [
    "I went in knowing almost nothing about it and came out shaken.",
    "The pacing may seem slow to modern audiences accustomed to faster narratives.",
    "Some viewers might find its melodramatic elements somewhat exaggerated.",
    "There is something rather old-fashioned about the whole thing, which seems appropriate.",
    "The narrative is tightly woven, balancing moments of personal anguish with broader social commentary.",
    "It is the kind of film that grows on you the more you think about it.",
    "The second half drags a little, but the ending more than makes up for it.",
    "The use of symbolism adds depth to the storytelling without ever feeling heavy-handed.",
    "Honestly, I expected a lot more from it after all the hype.",
    "The dialogue is sparse, and the images carry most of the weight.",
    "I am sure there are others like it, but I am drawing a blank.",
    "What happens here is what happens so often in life, and the film does not look away.",
]  # fmt: skip
FILLER_ES = [
    "La entré sin saber casi nada y salí conmovido.",
    "El ritmo puede parecer lento para el público moderno.",
    "Algunos espectadores encontrarán sus elementos melodramáticos algo exagerados.",
    "Es el tipo de película que crece cuanto más piensas en ella.",
    "La segunda mitad se alarga un poco, pero el final lo compensa con creces.",
    "Los diálogos son escasos y las imágenes cargan con casi todo el peso.",
]  # fmt: skip
FILLER_FR = [
    "Je suis entré sans rien savoir et je suis ressorti bouleversé.",
    "Le rythme peut sembler lent au public d'aujourd'hui.",
    "Certains trouveront le mélodrame un peu appuyé.",
    "C'est le genre de film qui grandit à chaque fois qu'on y repense.",
    "La seconde moitié traîne un peu, mais la fin rattrape tout.",
]  # fmt: skip


# ---------------------------------------------------------------- the invented world the reviews talk about


@dataclass
class Person:
    """An invented person: name parts, gender (for pronouns and award categories) and name variants."""

    given: str
    family: str
    female: bool
    style: str

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}"


@dataclass
class Film:
    """An invented film with its credits, cast, awards and listing facts."""

    title: str  # English title
    original: str  # title in its own language, transliterated
    title_es: str
    title_fr: str
    year: int
    country: tuple[str, str, str]
    genres: list[str]
    director: Person
    writer: Person
    cinematographer: Person
    composer: Person
    producer: Person
    studio: str
    cast: list[tuple[Person, str]]  # (actor, character), leads first
    awards: list[tuple[str, str, str, int, str]]  # (prize, festival, outcome won|nominated, year, category or "")
    oscar_nominations: int
    rating: float
    minutes: int
    services: list[str]
    release: tuple[int, int]  # (month, day)
    tagline: str
    based_on: tuple[str, Person] | None = None
    reviews: int = field(default=0)


class World:
    """People, studios, festivals and films, all drawn from one seeded generator."""

    def __init__(self, rng: random.Random, films: int) -> None:
        self.rng = rng
        self.styles = list(STYLES)
        people = max(40, films * 3)
        self.people = [self._person() for _ in range(people)]
        self.directors = self.people[: max(5, films // 4)]  # each directs about four films
        self.crew = self.people[: max(10, people // 2)]
        self.actors = self.people[max(5, films // 8) :]
        self.studios = [self._studio() for _ in range(max(5, films // 20))]
        self.festivals = [f"{self._word(2, 3).title()} Film Festival" for _ in range(12)]
        self.prizes = sorted({f"{rng.choice(PRIZE_METALS)} {rng.choice(PRIZE_THINGS)}" for _ in range(14)})
        self.services = sorted({self._service() for _ in range(10)})
        self.users = [self._username() for _ in range(max(50, films * 2))]
        self.films = [self._film() for _ in range(films)]

    def _syllable(self, slavic: bool = False) -> str:
        rng = self.rng
        onset = rng.choice(ONSETS_SLAVIC if slavic else ONSETS)
        return onset + rng.choice(VOWELS_SLAVIC if slavic else VOWELS) + rng.choice(CODAS)

    def _word(self, low: int, high: int, slavic: bool = False) -> str:
        return "".join(self._syllable(slavic) for _ in range(self.rng.randint(low, high)))

    def _person(self) -> Person:
        rng = self.rng
        style = rng.choice(self.styles)
        female = rng.random() < 0.45
        male_given, female_given, male_family, female_family = STYLES[style]
        slavic = style == "slavic"
        given = self._word(1, 2, slavic) + rng.choice(female_given if female else male_given)
        family = self._word(1, 2, slavic) + rng.choice(female_family if female else male_family)
        return Person(given.title(), family.title(), female, style)

    def _studio(self) -> str:
        return self.rng.choice(["{}film", "{} Pictures", "{} Studios", "Studio {}", "{} Films"]).format(
            self._word(2, 3).title()
        )

    def _service(self) -> str:
        return self.rng.choice(["{} Channel", "{}Flix", "{} Prime", "{} Play", "{}+"]).format(self._word(1, 2).title())

    def _username(self) -> str:
        rng = self.rng
        base = self._word(1, 3)
        return rng.choice([base, base.title(), f"{base}{rng.randint(1, 9999)}", f"{base.title()}_{self._word(1, 2)}"])

    def _title(self) -> tuple[str, str, str]:
        rng = self.rng
        adjective, (adj_es, adj_fr) = rng.choice(list(ADJECTIVES.items()))
        noun, (noun_es, noun_fr) = rng.choice(list(NOUNS.items()))
        noun2, (noun2_es, noun2_fr) = rng.choice(list(NOUNS.items()))
        shape = rng.randrange(5)
        if shape == 0:
            verb, (verb_es, verb_fr) = rng.choice(list(PLURAL_VERBS.items()))
            return (f"The {noun.title()}s {verb.title()}", f"Los {noun_es}s {verb_es}", f"Les {noun_fr}s {verb_fr}")
        if shape == 1:
            return (f"The {adjective.title()} {noun.title()}", f"El {noun_es} {adj_es}", f"Le {noun_fr} {adj_fr}")
        if shape == 2:
            return (f"The {noun.title()} of the {noun2.title()}", f"El {noun_es} del {noun2_es}",
                    f"Le {noun_fr} du {noun2_fr}")  # fmt: skip
        if shape == 3:
            return (f"{adjective.title()} {noun.title()}", f"{noun_es.title()} {adj_es}", f"{noun_fr.title()} {adj_fr}")
        place = self._word(2, 3).title()
        return (f"A {noun.title()} in {place}", f"Un {noun_es} en {place}", f"Un {noun_fr} à {place}")

    def _film(self) -> Film:
        rng = self.rng
        title, title_es, title_fr = self._title()
        country = rng.choice(COUNTRIES)
        slavic = country[2] in ("pl", "cs", "hu") or rng.random() < 0.2
        original = " ".join(self._word(2, 3, slavic) for _ in range(rng.randint(1, 3))).capitalize()
        year = rng.randint(1925, 2022)
        lead_f, lead_m = self._pick_actor(True), self._pick_actor(False)
        cast = [(lead_f, self._character(True)), (lead_m, self._character(False))]
        for _ in range(rng.randint(2, 7)):
            female = rng.random() < 0.5
            cast.append((self._pick_actor(female), self._character(female)))
        awards = []
        if rng.random() < 0.35:
            for _ in range(rng.randint(1, 3)):
                outcome = "won" if rng.random() < 0.5 else "nominated"
                category = rng.choice(CATEGORIES) if rng.random() < 0.5 else ""
                awards.append((rng.choice(self.prizes), rng.choice(self.festivals), outcome, year + 1, category))
        based_on = None
        if rng.random() < 0.2:
            based_on = (rng.choice(["novel", "play", "short story"]), rng.choice(self.people))
        return Film(
            title=title,
            original=original,
            title_es=title_es,
            title_fr=title_fr,
            year=year,
            country=country,
            genres=rng.sample(GENRES, rng.randint(1, 3)),
            director=rng.choice(self.directors),
            writer=rng.choice(self.crew),
            cinematographer=rng.choice(self.crew),
            composer=rng.choice(self.crew),
            producer=rng.choice(self.crew),
            studio=rng.choice(self.studios),
            cast=cast,
            awards=awards,
            oscar_nominations=rng.choice([0, 0, 0, 0, 1, 2, 3, 5, 7]),
            rating=round(rng.uniform(4.0, 9.4), 1),
            minutes=rng.randint(72, 190),
            services=rng.sample(self.services, rng.randint(0, 3)),
            release=(rng.randint(1, 12), rng.randint(1, 28)),
            tagline=f"The {rng.choice(PRAISE)} story of {rng.choice(['a girl', 'a man', 'two lovers', 'a family'])}"
            f" and {rng.choice(['a promise', 'a war', 'a secret', 'a journey'])}.",
            based_on=based_on,
        )

    def _pick_actor(self, female: bool) -> Person:
        for _ in range(20):
            person = self.rng.choice(self.actors)
            if person.female == female:
                return person
        return person

    def _character(self, female: bool) -> str:
        rng = self.rng
        male_given, female_given, _m, _f = STYLES[rng.choice(self.styles)]
        name = (self._word(1, 2) + rng.choice(female_given if female else male_given)).title()
        roll = rng.random()
        if roll < 0.1:
            return f"{rng.choice(['Captain', 'Doctor', 'Count', 'Colonel'])} {name}"
        if roll < 0.15:
            return f"{'Mrs.' if female else 'Mr.'} {self._word(1, 2).title()}"
        return name


# ---------------------------------------------------------------- how a review names things


class Writer:
    """Writes one document about one film, naming people with the slips real reviewers make."""

    def __init__(self, rng: random.Random, world: World, film: Film) -> None:
        self.rng = rng
        self.world = world
        self.film = film
        self.named: set[str] = set()

    def person(self, person: Person, full: bool = False) -> str:
        """A person's name as this review writes it: full the first time, often the surname after."""
        rng = self.rng
        if person.name in self.named and not full and rng.random() < 0.5:
            return self._slip(person.family)
        self.named.add(person.name)
        return self._slip(person.name)

    def possessive(self, person: Person) -> str:
        name = self.person(person)
        return name + ("'" if name.endswith("s") else "'s")

    def _slip(self, name: str) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.12:  # transliteration variant
            options = [(a, b) for a, b in TRANSLIT if a in name.lower()] + [
                (b, a) for a, b in TRANSLIT if b in name.lower()
            ]
            if options:
                a, b = rng.choice(options)
                index = name.lower().index(a)
                replacement = b.title() if name[index].isupper() else b
                return name[:index] + replacement + name[index + len(a) :]
        elif roll < 0.16:  # a typo: swap, drop or double one inner letter
            letters = list(name)
            inner = [i for i in range(1, len(letters) - 1) if letters[i].isalpha() and letters[i + 1].isalpha()]
            if inner:
                i = rng.choice(inner)
                kind = rng.randrange(3)
                if kind == 0:
                    letters[i], letters[i + 1] = letters[i + 1], letters[i]
                elif kind == 1:
                    del letters[i]
                else:
                    letters.insert(i, letters[i])
                return "".join(letters)
        return name

    def title(self) -> str:
        rng = self.rng
        title = self.film.title
        roll = rng.random()
        if roll < 0.1:
            return title.upper()
        if roll < 0.2:
            return title.replace(" Are ", " are ").replace(" Of ", " of ")
        return title

    def rating_line(self) -> str:
        rng = self.rng
        score = max(1, min(10, round(self.film.rating + rng.uniform(-2.5, 1.5))))
        return rng.choice([f"{score}/10", f"{score}/10", f"Rating: {score}/10", f"I give it {score} out of 10."])

    def cast_pair(self, index: int) -> tuple[str, str]:
        actor, character = self.film.cast[index]
        return self.person(actor), character


def pick(rng: random.Random, *options: Callable[[], str]) -> str:
    """Choose one way of saying something, and only then write it (names mentioned count once)."""
    return rng.choice(options)()


def _paragraphs(parts: list[list[str]], separator: str = "<br /><br />") -> str:
    return separator.join(" ".join(sentence for sentence in part if sentence) for part in parts if part)


def review_en(w: Writer) -> str:
    """An English prose review in the shapes of the seeds and IMDb user reviews."""
    rng, f = w.rng, w.film
    country_adj = f.country[1]
    title = w.title()
    genre = f.genres[0].lower()
    opening = pick(
        rng,
        lambda: f"It wasn't until {f.year} that director {w.person(f.director)} and writer {w.person(f.writer)} became "
        f"bold enough to produce '{f.original} / {title},' one of the finest {genre} films I've seen from any country.",
        lambda: f"\"{title}\" is a {country_adj} {genre} film directed by {w.person(f.director)}, renowned for "
        f"its emotional depth and stunning cinematography.",
        lambda: f"{title} ({f.year}) was written and directed by {w.person(f.director)} and is "
        f"{rng.choice(PRAISE)} from start to finish.",
        lambda: f"Made in {f.country[0]} in {f.year}, '{title}' is {w.possessive(f.director)} most personal work.",
        lambda: f"This {country_adj} production was directed by {w.person(f.director)} from a screenplay by "
        f"{w.person(f.writer)}.",
    )  # fmt: skip
    (a1, c1), (a2, c2) = w.cast_pair(0), w.cast_pair(1)
    plot = rng.choice([
        f"In the film, two lovers, {c1} ({a1}) and {c2} ({a2}), are separated by {rng.choice(THEMES)}.",
        f"The story follows {c1} ({a1}), whose life is upended when {c2} ({a2}) returns.",
        f"{a1} plays {c1}, a woman caught between duty and desire, and {a2} plays {c2}.",
    ])  # fmt: skip
    cast_sentences = []
    for index in range(2, min(len(f.cast), 2 + rng.randint(1, 4))):
        actor, character = w.cast_pair(index)
        cast_sentences.append(rng.choice([
            f"{actor} as {character} is a revelation.",
            f"{character} ({actor}) gets the best lines.",
            f"{actor}, as {character}, brings warmth and sincerity to the role.",
            f"{actor} plays {character} with quiet menace.",
            f"I also liked {actor}'s portrayal of {character}.",
            f"{character} (played by {actor}) steals every scene.",
        ]))  # fmt: skip
    lead = rng.choice([
        f"{a1} delivers an unforgettable performance as {c1}.",
        f"{a1}'s {c1} is the heart of the film.",
        f"The best performance award goes to {a1} for her portrayal of {c1}.",
    ])  # fmt: skip
    craft = [
        pick(
            rng,
            lambda: (
                f"Perhaps the most remarkable feature of '{title}' is {w.possessive(f.cinematographer)} inspired "
                "and dynamic hand-held cinematography."
            ),
            lambda: (
                f"The film is particularly noted for its remarkable cinematography by {w.person(f.cinematographer)}."
            ),
            lambda: f"Cinematographer {w.person(f.cinematographer)} fills the frame with light and smoke.",
        ),
        pick(
            rng,
            lambda: f"{w.possessive(f.composer)} musical score further enhances the film's emotional resonance.",
            lambda: f"The music by {w.person(f.composer)} is used sparingly but well.",
            lambda: "",
        ),
        pick(
            rng,
            lambda: f"{w.possessive(f.director)} direction emphasises the human cost of it all.",
            lambda: f"Director {w.person(f.director)} achieves something else, a masterpiece of film making.",
            lambda: "",
        ),
    ]
    honours = []
    for prize, festival, outcome, year, category in f.awards:
        if outcome == "won":
            honours.append(rng.choice([
                f"The film was honoured with the {prize} at the {year} {festival}.",
                f"It won the {prize} at the {year} {festival}" + (f", as well as {category} ({a1})." if category
                                                                   else "."),
            ]))  # fmt: skip
        else:
            honours.append(f"It was nominated for the {prize} at the {year} {festival}" + (
                f" for {category}." if category else "."))  # fmt: skip
    if f.oscar_nominations:
        count = NUMBER_WORDS[min(f.oscar_nominations, 8)]
        honours.append(f"It was nominated for {count} Academy Awards, including Best Director.")
    if f.based_on:
        kind, author = f.based_on
        honours.append(f"It is based on the {kind} by {w.person(author)}.")
    other = rng.choice(w.world.films)
    comparison = ""
    if rng.random() < 0.3:
        comparison = f"It reminded me of {w.possessive(other.director)} '{other.title}' ({other.year})."
    filler = rng.sample(FILLER_EN, rng.randint(4, 8))
    closing = [w.rating_line()] if rng.random() < 0.6 else []
    parts = [[opening, filler[0], plot], [lead, *cast_sentences, filler[1]], [*craft, filler[2], comparison],
             [*honours, *filler[3:], *closing]]  # fmt: skip
    return _paragraphs(parts)


def review_es(w: Writer) -> str:
    """A Spanish review: "el director X", "X (Actor)", "la fotografía de X", awards and a score."""
    rng, f = w.rng, w.film
    (a1, c1), (a2, c2) = w.cast_pair(0), w.cast_pair(1)
    sentences = [
        pick(
            rng,
            lambda: (
                f"No fue hasta {f.year} cuando el director {w.person(f.director)} y el escritor "
                f"{w.person(f.writer)} produjeron '{f.original} / {f.title_es}', una de las mejores películas de "
                f"{GENRES_ES[f.genres[0]]}."
            ),
            lambda: f"'{f.title_es}' es una película dirigida por {w.person(f.director)} en {f.year}.",
        ),
        rng.choice(FILLER_ES),
        f"En la película, {c1} ({a1}) y {c2} ({a2}) se separan por culpa de la guerra.",
        f"La fotografía de {w.person(f.cinematographer)} es extraordinaria.",
        pick(rng, lambda: f"La música de {w.person(f.composer)} acompaña sin estorbar.", lambda: ""),
    ]
    for index in range(2, min(len(f.cast), 4)):
        actor, character = w.cast_pair(index)
        sentences.append(rng.choice([f"{actor} interpreta a {character}.", f"{character} ({actor}) convence."]))
    for prize, festival, outcome, year, _category in f.awards:
        where = festival.replace(" Film Festival", "")
        if outcome == "won":
            sentences.append(f"La película de {w.person(f.director)} fue honrada con el {prize} en el Festival de "
                             f"Cine de {where} de {year}.")  # fmt: skip
        else:
            sentences.append(f"Fue nominada al {prize} en el Festival de Cine de {where} de {year}.")
    if f.oscar_nominations:
        sentences.append(f"Estuvo nominada a {NUMBER_WORDS_ES[min(f.oscar_nominations, 8)]} premios de la Academia.")
    sentences.extend(rng.sample(FILLER_ES, 2))
    if rng.random() < 0.6:
        sentences.append(f"Puntuación: {max(1, min(10, round(f.rating)))}/10")
    half = len(sentences) // 2
    return _paragraphs([sentences[:half], sentences[half:]], " ")


def review_fr(w: Writer) -> str:
    """A French review in the Allociné manner: "réalisé par X", "Personnage (Acteur)", "la photographie de X"."""
    rng, f = w.rng, w.film
    (a1, c1), (a2, c2) = w.cast_pair(0), w.cast_pair(1)
    sentences = [
        f"{f.title_fr}, réalisé par {w.person(f.director)} en {f.year}, est un film "
        f"{rng.choice(['bouleversant', 'magnifique', 'étrange'])}.",
        rng.choice(FILLER_FR),
        f"On y suit {c1} ({a1}) et {c2} ({a2}), séparés par la guerre.",
        f"Le directeur de la photographie {w.person(f.cinematographer)} signe des plans d'une véritable splendeur.",
        f"La musique de {w.person(f.composer)} accompagne chaque scène.",
    ]
    for index in range(2, min(len(f.cast), 4)):
        actor, character = w.cast_pair(index)
        sentences.append(f"{actor} incarne {character} avec justesse.")
    for prize, festival, outcome, year, _category in f.awards:
        where = festival.replace(" Film Festival", "")
        verb = "a remporté" if outcome == "won" else "a été nommé pour"
        sentences.append(f"Le film {verb} le {prize} au festival de {where} en {year}.")
    sentences.extend(rng.sample(FILLER_FR, 2))
    if rng.random() < 0.5:
        sentences.append(f"Note : {max(1, min(10, round(f.rating)))}/10")
    return " ".join(s for s in sentences if s)


def blog_review(w: Writer) -> str:
    """A blog post under a `Key: Value` header, then Synopsis / Review / Criticisms / Conclusion sections."""
    rng, f = w.rng, w.film
    month, day = f.release
    header = [
        f"{f.title} ({f.year}) – A {f.country[1]} Cinematic {rng.choice(['Masterpiece', 'Curiosity', 'Triumph'])}",
        f"Title: {f.title}",
        f"Director: {f.director.name}",
        f"Release Date: {MONTHS[month - 1]} {day}, {f.year}",
        f"Genre: {', '.join(f.genres)}",
    ]
    if rng.random() < 0.5:
        header.append(f"Starring: {', '.join(actor.name for actor, _c in f.cast[:3])}")
    if f.services:
        first, *rest = f.services
        header.append(f"Streaming Services: Available on {first}" + (
            f" and for rent or purchase on {', '.join(rest)}." if rest else "."))  # fmt: skip
    (a1, c1), (a2, c2) = w.cast_pair(0), w.cast_pair(1)
    synopsis = (f"“{f.title}” is a {f.country[1]} {f.genres[0].lower()} directed by {f.director.name}. The film "
                f"follows {c1} ({a1}) and {c2} ({a2}) through {rng.choice(THEMES)}.")  # fmt: skip
    review = [
        f"“{f.title}” is a {rng.choice(PRAISE)} film that explores themes of {rng.choice(THEMES)}.",
        f"{w.possessive(f.director)} direction, combined with {w.possessive(f.cinematographer)} innovative "
        "cinematography, creates a powerful experience.",
        f"{a1} delivers an unforgettable performance as {c1}.",
        f"{a2}, as {c2}, brings warmth and sincerity to his role.",
        f"{w.possessive(f.composer)} musical score further enhances the film's emotional resonance.",
    ]
    criticisms = rng.sample(FILLER_EN, 2)
    conclusion = f"“{f.title}” is a landmark of {f.country[1]} cinema."
    body = [*header, "Synopsis", synopsis, "Review", *review, "Criticisms", " ".join(criticisms), "Conclusion",
            conclusion]  # fmt: skip
    if rng.random() < 0.5:
        body.append(w.rating_line())
    return "\n".join(body)


def listing_page(w: Writer) -> str:
    """A film's listing page with its facts and several embedded user reviews, one per line."""
    rng, f = w.rng, w.film
    month, day = f.release
    hours, minutes = divmod(f.minutes, 60)
    language = f.country[2]
    lines = [
        f.title,
        "",
        f'{f.year} "{f.tagline}"',
        f.title,
        f"{f.rating}| {hours}h{minutes:02d}m| {language}| More Info",
        f"Released: {day} {MONTHS[month - 1]} {f.year} Released",
        f"{rng.choice(['Produced By', 'Producted By'])}: {f.studio}",
        f"Country: {f.country[0]}",
        "Budget: 0",
        "Revenue: 0",
        "Official Website:",
        "Synopsis",
        "",
        f"{f.cast[0][1]} and {f.cast[1][1]} meet shortly before {rng.choice(THEMES)} tears them apart.",
        "",
        "... View More",
        "Stream Online",
        "",
        "The movie is currently not available online" if not f.services else f"Watch on {f.services[0]}",
        "",
        "Director",
        "",
        f.director.name,
        "",
        "Trailers & Images",
        "",
        "Reviews",
        "",
    ]
    for _ in range(rng.randint(2, 5)):
        user = rng.choice(w.world.users)
        text = review_en(Writer(rng, w.world, f)).replace("<br /><br />", "")
        lines.append(f"{user} {text}")
    return "\n".join(lines)


KINDS = (("en", 0.58, review_en), ("es", 0.14, review_es), ("fr", 0.05, review_fr), ("blog", 0.12, blog_review),
         ("listing", 0.11, listing_page))  # fmt: skip


def generate(docs: int, seed: int) -> list[tuple[str, str]]:
    """Return `docs` (file name, text) pairs; the same arguments always give the same corpus."""
    world_rng = random.Random(f"filmkg-corpus:{seed}:{docs}")
    world = World(world_rng, films=max(4, docs // 6))
    out = []
    for index in range(docs):
        rng = random.Random(f"filmkg-doc:{seed}:{index}")
        film = world.films[min(int(rng.paretovariate(1.2)) - 1, len(world.films) - 1)] if rng.random() < 0.1 else (
            rng.choice(world.films))  # fmt: skip
        roll, total = rng.random(), 0.0
        write = KINDS[-1][2]
        for _name, share, kind_writer in KINDS:
            total += share
            if roll < total:
                write = kind_writer
                break
        text = write(Writer(rng, world, film))
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        out.append((f"{index:06d}_{digest}.txt", text))
    return out


def write_corpus(docs: int, seed: int, out: Path) -> int:
    """Write the corpus as .txt files into `out` (created; stale .txt files removed); return bytes written."""
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.txt"):
        stale.unlink()
    written = 0
    for name, text in generate(docs, seed):
        data = text.encode("utf-8")
        (out / name).write_bytes(data)
        written += len(data)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="number of documents")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="folder to write the .txt files into")
    args = parser.parse_args(argv)
    written = write_corpus(args.docs, args.seed, args.out)
    print(f"wrote {args.docs} documents, {written / 1e6:.1f} MB, to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
