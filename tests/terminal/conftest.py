"""A desk with a few services, as the ticket pages need it."""

from __future__ import annotations

import re

import pytest

from tests.printing.conftest import lp  # noqa: F401 - the stand-in printer, for the ticket's receipt

SERVICES = [
    # slug, prefix, Italian name and description, Arabic name and description, documents
    ("orientation", "A", ("Orientamento al lavoro", "Capire da dove cominciare"),
     ("التوجيه المهني", "نساعدك على معرفة من أين تبدأ"), ["id", "cv"]),
    ("cv-help", "B", ("Aiuto per CV e candidature", "Scrivere o migliorare il curriculum"),
     ("المساعدة في السيرة الذاتية", "نساعدك على كتابة سيرتك الذاتية"), ["cv", "certificates"]),
    ("training", "D", ("Informazioni sui corsi", "I corsi della zona"), ("معلومات عن الدورات", "دورات المنطقة"),
     ["id"]),
    ("agency", "E", ("Incontrare un'agenzia", "Agenzie partner"), ("لقاء وكالة توظيف", "وكالات شريكة"), ["id"]),
]


@pytest.fixture
def desk(make_site, make_service, make_counter, mid_morning):
    """The desk of la-spezia with four services, all served by one counter; return {slug: Service}."""
    site = make_site()
    services = {
        slug: make_service(site, prefix, slug, position=position, documents=documents,
                           texts={"it": {"name": italian[0], "description": italian[1]},
                                  "ar": {"name": arabic[0], "description": arabic[1]}})
        for position, (slug, prefix, italian, arabic, documents) in enumerate(SERVICES)
    }
    make_counter(site, 1, list(services.values()), ["it", "ar"])
    return services


def request_token_on(page: str) -> str:
    return re.search(r'name="request_token" value="([^"]+)"', page).group(1)


@pytest.fixture
def take(client):
    """Return a function that takes a ticket through the pages as a visitor does; it returns the ticket page."""

    def take_one(slug: str, lang: str = "it", **form):
        page = client.get(f"/ticket/{slug}?lang={lang}").text
        response = client.post(f"/ticket/{slug}", data={"request_token": request_token_on(page)} | form)
        assert response.status_code == 303, response.text[:500]
        return client.get(response.location)

    return take_one
