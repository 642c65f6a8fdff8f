"""The nine catalogues are complete, and every string a visitor reads is marked for translation."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from babel import Locale
from babel.dates import get_day_names, get_month_names
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from kiosk import ROOT, create_app
from kiosk.extensions import db
from kiosk.i18n import LANGUAGES
from tests.conftest import base_config
from tests.pseudo import extracted, write_catalogue

TRANSLATIONS = ROOT / "translations"


def source_messages() -> set[str]:
    """Return the msgid of every marked message."""
    return {message[0] if isinstance(message, tuple) else message for message in extracted()}


def forms(string: str | tuple[str, ...]) -> tuple[str, ...]:
    """Return a message's translations: one, or one per plural form."""
    return string if isinstance(string, tuple) else (string,)


def read_catalogue(code: str) -> Catalog:
    path = TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"
    assert path.exists(), f"{path} is missing"
    with path.open("rb") as handle:
        return read_po(handle, locale=code)


@pytest.mark.parametrize("code", [language.code for language in LANGUAGES])
def test_catalogue_is_complete_and_not_fuzzy(code):
    catalogue = read_catalogue(code)
    wanted = source_messages()
    have = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalogue if m.id}
    missing = sorted(wanted - set(have))
    assert not missing, f"{code}: {len(missing)} not in the catalogue (make translations-update): {missing[:5]}"
    untranslated = [key for key, m in have.items() if key in wanted and not all(forms(m.string))]
    assert not untranslated, f"{code}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    fuzzy = [key for key, m in have.items() if m.fuzzy]
    assert not fuzzy, f"{code}: fuzzy entries {fuzzy[:5]}"


def test_catalogue_placeholders_match():
    """A translation keeps the same %(name)s placeholders as the English text."""
    placeholder = re.compile(r"%\((\w+)\)s")
    for language in LANGUAGES:
        for message in read_catalogue(language.code):
            if not message.id or not any(message.string if isinstance(message.string, tuple) else [message.string]):
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            wanted = set(placeholder.findall(ids[-1])) | set(placeholder.findall(ids[0]))
            for string in strings:
                got = set(placeholder.findall(string))
                assert got <= wanted and (got or not wanted or len(strings) > 1), (language.code, message.id, string)


# ---- Every visible string goes through the catalogue ----

OPEN, CLOSE = "⟦", "⟧"


class VisibleText(HTMLParser):
    """Collect the text a person sees or hears: text nodes and the labelling attributes.

    Text runs through inline tags (a sentence with a <bdi> date in it stays one text).
    """

    SKIP = {"script", "style", "title"}
    INLINE = {"bdi", "span", "strong", "em", "b", "i", "abbr", "small"}
    VOID = {"meta", "link", "input", "br", "img", "hr"}
    ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.texts: list[str] = []
        self.buffer = ""

    def flush(self):
        if self.buffer.strip():
            self.texts.append(self.buffer)
        self.buffer = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in self.ATTRIBUTES & set(attrs):
            self.texts.append(attrs[name] or "")
        if tag in self.INLINE:
            return
        self.flush()
        if tag not in self.VOID:
            keyboard_key = "data-key" in attrs or "data-key-switch" in attrs
            self.stack.append("key" if keyboard_key else tag)

    def handle_endtag(self, tag):
        if tag in self.INLINE:
            return
        self.flush()
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] in self.SKIP | {"key"}:
            return
        self.buffer += data


def unmarked(html: str, allowed: set[str]) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    parser.flush()
    leftovers = []
    for text in parser.texts:
        text = re.sub(f"{OPEN}.*?{CLOSE}", " ", text, flags=re.S)
        for word in sorted(allowed, key=len, reverse=True):
            text = text.replace(word, " ")
        if re.search(r"[^\W\d_]", text):
            leftovers.append(text.strip())
    return leftovers


def words_of_the_field(app) -> set[str]:
    """The Italian words of the field, Italian on purpose, and the glossary's words and explanations in English,
    which are the database's (an admin edits them), not the catalogue's."""
    from sqlalchemy import select

    from kiosk.glossary.models import GlossaryTerm
    from kiosk.offers.facts import ITALIAN_WORDS

    found = {word for words in ITALIAN_WORDS.values() for word in words.values()}
    with app.app_context():
        for term in db.session.scalars(select(GlossaryTerm)):
            found |= {term.term, *term.forms, *(term.texts.get("en") or {}).values()}
        db.session.remove()
    return found


def test_every_visible_string_is_marked_for_translation(tmp_path, sqlite_template, fresh_translations):
    import shutil

    from kiosk.clock import today
    from kiosk.network.models import Organisation, Site
    from kiosk.offers.models import Offer, OfferTranslation
    from kiosk.offers.search import index_offers

    pseudo = tmp_path / "translations"
    write_catalogue(pseudo, "en", lambda text: f"{OPEN}{text}{CLOSE}")
    shutil.copy(sqlite_template, tmp_path / "db.sqlite3")
    config = base_config(f"sqlite:///{tmp_path / 'db.sqlite3'}") | {"BABEL_TRANSLATION_DIRECTORIES": str(pseudo)}
    app = create_app(config)
    data = lambda text: f"{OPEN}{text}{CLOSE}"  # noqa: E731 - what the database says is not ours to translate
    with app.app_context():
        db.session.add(Site(slug="la-spezia", name=data("Desk"), town=data("Town"), address=data("Street"),
                            postcode="19100", phone="0187", email=data("a@b.it"),
                            opening_hours=[{"days": [0, 3], "opens": "09:00", "closes": "12:00"}]))
        org = Organisation(slug="o", name=data("Org"), kind="agency")
        offer = Offer(reference=data("R-1"), kind="course", organisation=org, employer=None, town=data("Town"),
                      address=data("Street"), sector="C", ateco_code="30.11", profession_code="6.2.1.8.0",
                      contract="fixed_term", hours="part_time", positions=2, education="vocational",
                      experience_years=2, driving_licence=data("B"), italian_level="A2", italian_rank=2,
                      protected_category="art1", published_on=today(), expires_on=today(), starts_on=today(),
                      duration_hours=40, apply_email=data("x@y.it"), apply_phone="0187", apply_url=data("https://y.it"))
        offer.translations = [OfferTranslation(lang="it", title=data("T"), summary=data("S"),
                                               description=data("D"), requirements=data("R"), how_to_apply=data("H"))]
        db.session.add(offer)
        index_offers(db.session, [offer])
        db.session.commit()
        offer_id = offer.id
        db.engine.dispose()

    locale = Locale.parse("en")
    allowed = {language.autonym for language in LANGUAGES} | {"InfoLavoro", "ATECO", "CP2021", "ABC"}
    allowed |= words_of_the_field(app)
    for width in ("wide", "abbreviated"):
        allowed |= set(get_month_names(width, locale=locale).values())
        allowed |= set(get_day_names(width, locale=locale).values())
    client = app.test_client()
    pages = ["/", "/home", "/about", "/ticket", "/offers", "/offers?kind=job&q=zzz&page=x&sector=Z",
             f"/offers/{offer_id}", "/offers/99999"]
    for url in pages:
        response = client.get(url + ("&" if "?" in url else "?") + "lang=en")
        leftovers = unmarked(response.text, allowed)
        assert not leftovers, f"{url}: not marked for translation: {leftovers}"
