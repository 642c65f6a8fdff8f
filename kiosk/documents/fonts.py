"""The fonts every document is set in: one file per script and weight, loaded once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from weasyprint import CSS
from weasyprint.text.fonts import FontConfiguration

from kiosk.documents.fetcher import STATIC_DIR, STATIC_URL, static_fetcher

FONT_DIR = STATIC_DIR / "fonts"


@dataclass(frozen=True)
class FontFace:
    family_key: str  # sans (Latin, Cyrillic, Greek), arabic, sc (Simplified Chinese)
    family: str  # the name the documents' CSS asks for
    file: str  # in static/fonts/
    weight: int

    @property
    def weight_name(self) -> str:
        return "Bold" if self.weight >= 700 else "Regular"


FAMILIES = {"sans": "InfoLavoro Sans", "arabic": "InfoLavoro Arabic", "sc": "InfoLavoro SC"}
FONT_FILES: tuple[FontFace, ...] = (
    FontFace("sans", FAMILIES["sans"], "NotoSans-Regular.ttf", 400),
    FontFace("sans", FAMILIES["sans"], "NotoSans-Bold.ttf", 700),
    FontFace("arabic", FAMILIES["arabic"], "NotoSansArabic-Regular.ttf", 400),
    FontFace("arabic", FAMILIES["arabic"], "NotoSansArabic-Bold.ttf", 700),
    FontFace("sc", FAMILIES["sc"], "NotoSansCJKsc-Regular.otf", 400),
    FontFace("sc", FAMILIES["sc"], "NotoSansCJKsc-Bold.otf", 700),
)

# The script of the page's language comes first, so its punctuation and digits match its letters.
_FIRST = {"ar": "arabic", "zh_Hans": "sc"}


def font_stack(lang: str) -> str:
    """Return the CSS font-family list for a page in a language."""
    first = _FIRST.get(lang, "sans")
    keys = [first] + [key for key in FAMILIES if key != first]
    return ", ".join(f'"{FAMILIES[key]}"' for key in keys)


def font_face_rules() -> str:
    """Return one @font-face rule per shipped font file."""
    return "\n".join(
        f'@font-face {{ font-family: "{face.family}"; src: url("fonts/{face.file}"); '
        f"font-weight: {face.weight}; font-style: normal; }}"
        for face in FONT_FILES
    )


@lru_cache(maxsize=1)
def font_config() -> FontConfiguration:
    """Return the process's one font configuration, which keeps every font it has loaded."""
    return FontConfiguration()


@lru_cache(maxsize=1)
def font_stylesheet() -> CSS:
    """Return the @font-face stylesheet, parsed once; parsing it loads the fonts into `font_config()`."""
    return CSS(string=font_face_rules(), base_url=STATIC_URL, url_fetcher=static_fetcher(),
               font_config=font_config())
