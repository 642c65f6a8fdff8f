"""The demo queue: every desk has services in nine languages, each served by a counter."""

from sqlalchemy import select

from kiosk.demo import loader
from kiosk.demo.queue_loader import document_names, load_queue
from kiosk.extensions import db
from kiosk.i18n import LANGUAGES
from kiosk.network.models import Site
from kiosk.queue.models import Counter, Service


def test_every_desk_has_services_served_by_its_counters(app, today):
    loader.load_demo(db.session, today)
    assert load_queue(db.session) >= 16
    load_queue(db.session)  # again: harmless
    db.session.commit()
    for site in db.session.scalars(select(Site)):
        services = db.session.scalars(select(Service).where(Service.site_id == site.id)).all()
        counters = db.session.scalars(select(Counter).where(Counter.site_id == site.id)).all()
        assert services and counters, site.slug
        served = {service.id for counter in counters for service in counter.services}
        assert {service.id for service in services} <= served, site.slug
        assert all(set(counter.languages) >= {"it"} for counter in counters)
        for service in services:
            assert {language.code for language in LANGUAGES} <= set(service.texts), service.slug
    prefixes = db.session.scalars(select(Service.prefix).join(Site).where(Site.slug == "la-spezia")).all()
    assert sorted(prefixes) == list("ABCDEF")


def test_documents_to_bring_are_named_in_every_language():
    names = document_names()
    assert {"id", "tax_code", "residence_permit", "cv"} <= set(names)
    for key, by_language in names.items():
        assert all(by_language.get(language.code) for language in LANGUAGES), key
