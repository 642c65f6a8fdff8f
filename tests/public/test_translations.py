"""Every string a phone user reads on the public pages goes through the catalogue."""

from __future__ import annotations

import shutil
from datetime import timedelta

from babel import Locale
from babel.dates import get_day_names, get_month_names

from kiosk import create_app
from kiosk.clock import today
from kiosk.extensions import babel, db
from kiosk.i18n import LANGUAGES
from kiosk.network.models import Organisation
from kiosk.offers.models import Offer, OfferTranslation
from tests.conftest import base_config
from tests.pseudo import write_catalogue
from tests.test_translations import CLOSE, OPEN, unmarked, words_of_the_field


def data(text: str) -> str:
    """Mark what the database says: it is not ours to translate."""
    return f"{OPEN}{text}{CLOSE}"


def add_offer(reference: str, **values) -> int:
    org = Organisation(slug=f"o-{reference}", name=data("Org"), kind="agency")
    fields = dict(reference=data(reference), kind="job", organisation=org, employer=None, town=data("Town"),
                  address=data("Street"), sector="C", ateco_code="30.11", profession_code="6.2.1.8.0",
                  contract="fixed_term", hours="part_time", positions=2, education="vocational",
                  experience_years=2, driving_licence=data("B"), italian_level="A2", italian_rank=2,
                  protected_category="art1", published_on=today() - timedelta(days=9), expires_on=today(),
                  starts_on=today(), duration_hours=40, apply_email=data("x@y.it"), apply_phone="0187 555",
                  apply_url=data("https://y.it"))
    offer = Offer(**(fields | values))
    offer.translations = [OfferTranslation(lang="it", title=data("T"), summary=data("S"), description=data("D"),
                                           requirements=data("R"), how_to_apply=data("H"))]
    db.session.add(offer)
    db.session.commit()
    return offer.id


def test_every_visible_string_on_the_phone_pages_is_marked(tmp_path, sqlite_template):
    pseudo = tmp_path / "translations"
    write_catalogue(pseudo, "en", data)
    shutil.copy(sqlite_template, tmp_path / "db.sqlite3")
    config = base_config(f"sqlite:///{tmp_path / 'db.sqlite3'}") | {"BABEL_TRANSLATION_DIRECTORIES": str(pseudo)}
    app = create_app(config)
    with app.app_context():
        offers = [add_offer("open"), add_offer("expired", expires_on=today() - timedelta(days=1)),
                  add_offer("withdrawn", status="withdrawn")]
        db.engine.dispose()

    locale = Locale.parse("en")
    allowed = {language.autonym for language in LANGUAGES} | {"InfoLavoro", "ATECO", "CP2021"} | words_of_the_field(app)
    for width in ("wide", "abbreviated"):
        allowed |= set(get_month_names(width, locale=locale).values())
        allowed |= set(get_day_names(width, locale=locale).values())
    client = app.test_client()
    with app.app_context():  # Flask-Babel caches catalogues per process: read the pseudo one, then forget it
        babel.domain_instance.cache.clear()
        try:
            for url in [f"/m/o/{offer_id}" for offer_id in offers] + ["/m/o/99999"]:
                response = client.get(f"{url}?lang=en")
                leftovers = unmarked(response.text, allowed)
                assert not leftovers, f"{url}: not marked for translation: {leftovers}"
        finally:
            babel.domain_instance.cache.clear()
            db.engine.dispose()
