"""Word stems for the search, per language: a visitor's "кухар" finds "кухаря", "طباخ" finds "مطبخ".

Stems come out folded as kiosk.offers.search.fold folds text (lower case, no accents or vowel marks, Arabic and
Ukrainian letter variants made one), so that a query typed without accents meets the accented text of the offer.

- Italian, English, French, Spanish, Romanian: the Snowball stemmers (the `snowballstemmer` package), when it
  is installed; without it, a light suffix stripper of our own, so that the search still bridges plurals and
  common endings. Italian stems ending in "ch"/"gh" lose the "h" (cuoco/cuochi, collega/colleghi meet), a
  Spanish stem's final "z" is "c" (aprendiz/aprendices meet): spelling rules Snowball leaves apart.
- Arabic: a light stemmer written here (Larkey's "light10" idea): the conjunctions و ف, the article ال with
  the prepositions ب ك ل before it, and the clitic and inflection suffixes come off; then, for a stem of four
  letters, the root that the common patterns فعّال مفعل فاعل فعيل فعول leave (as the ISRI stemmer does), so
  that طباخ (cook) and مطبخ (kitchen) meet at طبخ. Both the light stem and that root are kept.
- Ukrainian and Albanian: Snowball has neither and no maintained Python stemmer exists for them, so each has
  a light suffix stripper here (the longest inflection ending that leaves a stem of at least three letters).
- Chinese needs none: every character is a word of its own in the index.

A stemmer change makes the stored stems stale: `flask kiosk reindex` writes them again.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import metadata

try:  # pragma: no cover - depends on what is installed
    import snowballstemmer
except ImportError:  # pragma: no cover
    snowballstemmer = None

SNOWBALL = {"it": "italian", "en": "english", "fr": "french", "es": "spanish", "ro": "romanian"}
LATIN = ("it", "en", "fr", "es", "ro", "sq")
MIN_STEM = 3


# The combining marks dropped are the Basic Multilingual Plane's, where every script of the kiosk is: a pattern of
# ranges there is one table lookup a character, where ranges past it would be tested one by one for every character.
_LAST_MARK = 0xFFFF
_TATWEEL = 0x0640  # stretches an Arabic letter; not a mark, dropped with them
_VARIANTS = {"\u0629": "\u0647", "\u0649": "\u064a", "\u0491": "\u0433"}  # ة → ه, ى → ي, ґ → г


@cache
def _marks() -> re.Pattern:
    """Return a pattern of every combining mark and Arabic's tatweel: what folding drops."""
    points = [point for point in range(_LAST_MARK + 1) if unicodedata.combining(chr(point))] + [_TATWEEL]
    ranges, start, end = [], None, None
    for point in sorted(points):
        if start is not None and point == end + 1:
            end = point
            continue
        if start is not None:
            ranges.append((start, end))
        start = end = point
    ranges.append((start, end))
    return re.compile("[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges) + "]")


def fold_letters(value: str) -> str:
    """Fold text as the search index does (kiosk.offers.search.fold, which also sets Han characters apart): lower
    case, no combining marks, letter variants made one. A pattern and plain replacements: both scan in C."""
    folded = unicodedata.normalize("NFC", _marks().sub("", unicodedata.normalize("NFKD", value))).casefold()
    for variant, letter in _VARIANTS.items():
        folded = folded.replace(variant, letter)
    return folded


def _folded(words: str) -> tuple[str, ...]:
    """Fold endings written in their own alphabet the way the index folds text, longest first."""
    return tuple(sorted({fold_letters(word) for word in words.split()}, key=len, reverse=True))


# The light strippers used when Snowball is not installed.
_LIGHT = {
    "it": _folded("azioni azione amenti amento mente iste isti ista ismo ismi trici trice tori tore ante anti ente "
                  "enti ando endo are ere ire ato ata ati ate ito ita iti ite uto uta uti ute ia ie io i e a o"),
    "en": _folded("ations ation ings ing ers er ies ied ed es e s"),
    "fr": _folded("ations ation ements ement euses euse eurs eur trices trice ices ice ées ée és é es e s x"),
    "es": _folded("aciones acion amientos amiento mente adoras adora adores ador eras era eros ero as os es a o e"),
    "ro": _folded("urilor ilor elor ului ul ule uri ile ele ii ei ea ă a e i u"),
}

_UKRAINIAN = _folded(
    "ського ському ськими ських ська ське ські ський ування ювання уванням "
    "ннями нням ннях нню ння нні "
    "ами ями ові еві ого ому ими іми ого ої ою ую юю ій ий их іх ім им ах ях ом ем ею єю ів їв ей ам ям "
    "ати ити іти яти ала али ало ать ять уть ють ить ете ите емо имо "
    "а я у ю і и е о ь й ї є"
)
_UKRAINIAN_REFLEXIVE = _folded("ся сь")

_ALBANIAN = _folded(
    "ëve ave eve ive ëse ëtë ësh "
    "it ut in un at ët et ën ës ja je në së të ve "
    "i a ë u"
)

# Arabic, written folded: ة is ه, ى is ي, the hamza forms of alif are ا.
_AR_CONJUNCTIONS = ("و", "ف")
_AR_ARTICLES = ("وال", "فال", "بال", "كال", "لل", "ال")
_AR_PREPOSITIONS = ("ب", "ك", "ل")
# Patterns of nouns made from a three-letter root (ف ع ل stand for its letters), as folded (أ is ا): broken plurals
# (مفاعل مطاعم, افعال اعمال, فواعل عوامل, مفاعيل مشاريع) and derived nouns (مفعول مطلوب, تفعيل تدريب, متفعل متدرب,
# افتعال اختبار, استفعال استقبال). The first that fits gives the root.
_AR_ROOT_MARKS = "فعل"
_AR_PATTERNS = {
    5: ("مفاعل", "افعال", "فواعل", "مفعول", "تفعيل", "متفعل"),
    6: ("مفاعيل", "افتعال"),
    7: ("استفعال",),
}
_AR_SUFFIXES = ("كما", "هما", "تين", "تان", "ها", "هم", "هن", "كم", "كن", "نا", "ات", "ان", "ون", "ين", "يه", "ية",
                "ه", "ي", "ك")


def stems(word: str, lang: str) -> set[str]:
    """Return the folded stems of a lower-case word of a text in `lang` (empty when the language has none).

    Snowball reads the word with its accents (its rules know them) and the stem is folded after; the light
    stemmers read the folded word, as their endings are written folded.
    """
    if lang == "ar":
        return set(_arabic(_plain(word)))
    if lang in SNOWBALL and snowballstemmer and word.isalpha() and len(word) > MIN_STEM:
        stem = _plain(_snowball(lang).stemWord(word))
    else:
        stem = _one_stem(_plain(word), lang)
    if lang == "it" and stem.endswith(("ch", "gh")):
        stem = stem[:-1]
    elif lang == "es" and stem.endswith("z"):
        stem = stem[:-1] + "c"
    return {stem} if stem else set()


@lru_cache(maxsize=4096)  # visitors type the same words all day; Snowball in pure Python is the slow part
def query_stems(word: str) -> frozenset[str]:
    """Return every stem a typed (lower-case) word may have, in the languages written in its script."""
    script = _script(_plain(word))
    if script == "arabic":
        return frozenset(stems(word, "ar"))
    if script == "cyrillic":
        return frozenset(stems(word, "uk"))
    if script == "latin":
        return frozenset(stem for lang in LATIN for stem in stems(word, lang))
    return frozenset()


def reads_accents(lang: str) -> bool:
    """Tell whether the stemmer of `lang` wants words with their accents (Snowball) rather than folded."""
    return lang in SNOWBALL and snowballstemmer is not None


@lru_cache(maxsize=200_000)
def _plain(word: str) -> str:
    """Fold one word as the index folds text."""
    return fold_letters(word)


def name() -> str:
    """Say which stemmers are in use: the index must be written again (flask kiosk reindex) when it changes."""
    snowball = f"snowball {metadata.version('snowballstemmer')}" if snowballstemmer else "light"
    return f"it en fr es ro: {snowball}; ar uk sq: light"


def _script(word: str) -> str:
    for char in word:
        if "\u0600" <= char <= "\u06ff":
            return "arabic"
        if "\u0400" <= char <= "\u04ff":
            return "cyrillic"
        if char.isascii() and char.isalpha():
            return "latin"
    return ""


@lru_cache(maxsize=200_000)
def _one_stem(word: str, lang: str) -> str:
    """Return the light stem of a folded word."""
    if len(word) <= MIN_STEM or not word.isalpha():
        return word
    if lang in _LIGHT:
        return _strip(word, _LIGHT[lang])
    if lang == "uk":
        return _ukrainian(word)
    if lang == "sq":
        return _strip(word, _ALBANIAN)
    return ""


@cache
def _snowball(lang: str):
    return snowballstemmer.stemmer(SNOWBALL[lang])


def _strip(word: str, suffixes: tuple[str, ...], min_stem: int = MIN_STEM) -> str:
    """Take off the longest suffix that leaves a stem of at least `min_stem` letters."""
    for suffix in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= min_stem:
            return word[: -len(suffix)]
    return word


def _ukrainian(word: str) -> str:
    word = _strip(word, _UKRAINIAN_REFLEXIVE, 4)
    return _strip(word, _UKRAINIAN).removesuffix("ь") or word


@lru_cache(maxsize=200_000)
def _arabic(word: str) -> frozenset[str]:
    """Return the light stems of an Arabic word (with and without a leading و or ف taken as "and"), and roots."""
    if not word.isalpha():
        return frozenset()
    found = {_arabic_light(word, conjunction=False)}
    if word.startswith(_AR_CONJUNCTIONS) and len(word) - 1 >= MIN_STEM:
        found.add(_arabic_light(word[1:], conjunction=True))
    found |= {root for stem in found if (root := _arabic_root(stem))}
    return frozenset(found)


def _arabic_light(word: str, conjunction: bool) -> str:
    for article in _AR_ARTICLES:
        if conjunction and article[0] in _AR_CONJUNCTIONS and len(article) == 3:
            continue
        if word.startswith(article) and len(word) - len(article) >= 2:
            word = word[len(article):]
            break
    else:
        if word.startswith(_AR_PREPOSITIONS) and len(word) - 1 >= 4:
            word = word[1:]
    for _ in range(2):  # a clitic after an ending: معلوماتها
        stripped = _strip(word, _AR_SUFFIXES)
        if stripped == word:
            break
        word = stripped
    return word


def _arabic_root(stem: str) -> str:
    """Guess the three-letter root of a stem from the patterns a long vowel, م or ت make (ISRI's step for four
    letters; the common broken plurals and derived nouns for five to seven): مطعم and مطاعم give طعم."""
    if len(stem) == 4:
        if stem[0] == "م":
            return stem[1:]
        if stem[1] == "ا":
            return stem[0] + stem[2:]
        if stem[2] in "اوي":
            return stem[:2] + stem[3]
        return ""
    for pattern in _AR_PATTERNS.get(len(stem), ()):
        if all(mark in _AR_ROOT_MARKS or mark == letter for mark, letter in zip(pattern, stem, strict=True)):
            return "".join(letter for mark, letter in zip(pattern, stem, strict=True) if mark in _AR_ROOT_MARKS)
    return ""
