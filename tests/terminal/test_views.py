"""The terminal's pages through the test client, as a walk-in visitor's browser would ask for them."""

import re

import pytest
from markupsafe import escape

from kiosk.i18n import LANGUAGES
from tests.catalogues import say
from tests.test_urls import OFFSITE


def test_start_screen_offers_every_language_in_its_own_name(client):
    page = client.get("/").text
    for language in LANGUAGES:
        assert f'lang="{language.tag}"' in page
        assert language.autonym in page
    assert 'href="/home?lang=ar"' in page


def test_language_comes_from_the_choice_never_from_the_browser(client, make_site):
    make_site()
    page = client.get("/home", headers={"Accept-Language": "fr"}).text
    assert '<html lang="it" dir="ltr"' in page
    page = client.get("/home?lang=ar").text
    assert '<html lang="ar" dir="rtl"' in page
    # Kept in the session for the next page, whatever the browser says.
    page = client.get("/about", headers={"Accept-Language": "en"}).text
    assert '<html lang="ar" dir="rtl"' in page
    page = client.get("/home?lang=zh").text
    assert '<html lang="zh-Hans" dir="ltr"' in page


def test_unknown_language_parameter_keeps_the_current_one(client, make_site):
    make_site()
    client.get("/home?lang=uk")
    assert '<html lang="uk"' in client.get("/home?lang=xx").text


def test_start_over_forgets_the_visitor(client, make_site):
    make_site()
    client.get("/home?lang=ar")
    client.post("/display-mode", data={"mode": "large_text", "next": "/home"})
    assert 'class="text-large' in client.get("/home").text
    response = client.post("/start-over")
    assert response.status_code == 303 and response.location.endswith("/?lang=it")
    page = client.get("/home").text
    assert '<html lang="it"' in page and "text-large" not in page


def test_display_modes_toggle_and_stay_on_this_site(client, make_site):
    make_site()
    response = client.post("/display-mode", data={"mode": "high_contrast", "next": "/offers?kind=job"})
    assert response.location == "/offers?kind=job"
    assert "contrast-high" in client.get("/home").text
    client.post("/display-mode", data={"mode": "high_contrast", "next": "https://evil.example/"})
    assert "contrast-high" not in client.get("/home").text
    assert client.post("/display-mode", data={"mode": "dance"}).status_code == 400


def test_display_mode_needs_a_csrf_token(app, make_site):
    make_site()
    app.config["WTF_CSRF_ENABLED"] = True
    assert app.test_client().post("/display-mode", data={"mode": "large_text"}).status_code == 400


def test_about_shows_this_desk_first_with_opening_hours(client, make_site):
    make_site()
    make_site(slug="sarzana", name="InfoLavoro Sarzana", town="Sarzana")
    page = client.get("/about?lang=it").text
    assert "InfoLavoro Sarzana" in page
    assert "You are here" in client.get("/about?lang=en").text
    assert "lunedì" in page and "09:00–12:30" in page
    assert "Monday" in client.get("/about?lang=en").text


def test_list_shows_count_cards_and_filters_in_the_url(client, make_offer):
    make_offer(texts={"it": {"title": "Gruista"}, "en": {"title": "Crane operator"}}, kind="job")
    make_offer(texts={"it": {"title": "Corso HACCP"}}, kind="course")
    page = client.get("/offers?lang=en&kind=job").text
    assert "Crane operator" in page and "Corso HACCP" not in page
    assert "1 opportunity found" in page
    # The offer's link brings the filters back to the list.
    link = re.search(r'href="(/offers/\d+\?[^"]*)"', page).group(1)
    assert "kind=job" in link
    detail = client.get(link.replace("&amp;", "&")).text
    assert 'href="/offers?kind=job"' in detail


def test_htmx_request_gets_the_list_fragment_only(client, make_offer):
    make_offer()
    response = client.get("/offers?kind=job", headers={"HX-Request": "true", "HX-Target": "offer-list"})
    assert response.status_code == 200
    assert "<html" not in response.text and 'id="offer-list"' in response.text
    assert "HX-Request" in response.headers["Vary"]
    assert response.headers["HX-Push-Url"] == "/offers?kind=job"
    full = client.get("/offers?kind=job")
    assert "<html" in full.text and "HX-Request" in full.headers["Vary"]


def test_bad_filter_is_explained_and_ignored(client, make_offer):
    make_offer(texts={"it": {"title": "Magazziniere"}})
    page = client.get("/offers?lang=en&kind=spaceship&page=abc").text
    assert "This choice is not available." in page
    assert "This page does not exist." in page
    assert "Magazziniere" in page


def test_missing_translation_is_shown_in_italian_with_a_note(client, make_offer):
    offer = make_offer(texts={"it": {"title": "Addetto alle pulizie", "description": "Uffici a Sarzana"}})
    page = client.get(f"/offers/{offer.id}?lang=en").text
    assert "Addetto alle pulizie" in page and 'lang="it"' in page
    assert "not yet translated into your language" in page


def test_offer_page_shows_every_fact_and_how_to_apply(client, make_offer):
    offer = make_offer(texts={"it": {"title": "Saldatore", "how_to_apply": "Inviare il CV"}},
                       employer=None, driving_licence="B", positions=3, reference="SP-1")
    page = client.get(f"/offers/{offer.id}?lang=en").text
    for expected in ("Employer not disclosed", "Driving licence", "SP-1", "Inviare il CV", "lavoro@example.it",
                     "Apply by", "Positions"):
        assert expected in page


def test_closed_offer_says_so(client, make_offer, today):
    offer = make_offer(status="withdrawn")
    assert "This opportunity has closed" in client.get(f"/offers/{offer.id}?lang=en").text
    assert client.get("/offers/999999").status_code == 404


def test_healthz(client):
    body = client.get("/healthz").get_json()
    assert body == {"status": "ok", "role": "standalone", "site": "la-spezia", "database": "sqlite"}


def test_home_counts_what_is_open_by_kind(client, make_site, make_offer, today):
    from datetime import timedelta

    make_site()
    make_offer(kind="job")
    make_offer(kind="job")
    make_offer(kind="course")
    make_offer(kind="event", expires_on=today - timedelta(days=1))
    page = client.get("/home?lang=en").text
    assert 'href="/offers?kind=job"' in page and 'href="/offers?kind=course"' in page
    assert 'href="/offers?kind=event"' not in page
    assert '<span class="count">2</span>' in page


@pytest.mark.parametrize("lang", ["it", "ar"])
def test_starting_over_is_a_form_not_a_link(app, client, make_site, lang):
    make_site()
    page = client.get(f"/home?lang={lang}").text
    assert 'href="/start-over"' not in page and 'id="start-over" method="post" action="/start-over"' in page
    assert 'form="start-over"' in page  # "Finish" sends it
    # A link on another site (an image, a prefetch) cannot end the visit.
    followed = client.get("/start-over")
    assert followed.status_code == 405
    assert str(escape(say(lang, "The request could not be understood. Please go back and try again."))) \
        in followed.text
    assert f'<html lang="{lang}"' in client.get("/home").text
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/start-over").status_code == 400
    assert f'<html lang="{lang}"' in client.get("/home").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/home").text).group(1)
    assert client.post("/start-over", data={"csrf_token": token}).status_code == 303
    assert '<html lang="it"' in client.get("/home").text


@pytest.mark.parametrize("target", [target for target in OFFSITE if target])
def test_display_modes_never_send_the_visitor_elsewhere(client, make_site, target):
    make_site()
    response = client.post("/display-mode", data={"mode": "large_text", "next": target})
    assert response.status_code == 302 and response.location == "/home"
