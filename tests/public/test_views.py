"""The phone page of an offer through the test client, as a phone that scanned the kiosk's QR code asks for it."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from babel.dates import format_date

from kiosk import i18n
from kiosk.i18n import LANGUAGES
from tests.browser.helpers import say
from tests.public.conftest import json_ld

pytestmark = pytest.mark.both_databases


def text_of(page: str) -> str:
    return html.unescape(page)


def test_language_comes_from_lang_alone(client, make_job):
    job = make_job()
    page = client.get(f"/m/o/{job.id}?lang=en", headers={"Accept-Language": "fr"}).text
    assert '<html lang="en" dir="ltr"' in page and "Port crane operator" in page
    page = client.get(f"/m/o/{job.id}", headers={"Accept-Language": "fr"}).text
    assert '<html lang="it" dir="ltr"' in page and "Gruista portuale" in page
    assert '<html lang="it"' in client.get(f"/m/o/{job.id}?lang=xx").text
    assert '<html lang="zh-Hans"' in client.get(f"/m/o/{job.id}?lang=zh").text


def test_a_kiosk_session_does_not_choose_the_phone_page_language(client, make_job):
    job = make_job()
    client.get("/?lang=ar")  # the kiosk's start screen keeps Arabic in the session
    with client:
        page = client.get(f"/m/o/{job.id}").text
        assert i18n.current_language() == "it"
    assert '<html lang="it" dir="ltr"' in page
    with client:
        client.get(f"/m/o/{job.id}?lang=uk")
        assert i18n.current_language() == "uk"


def test_arabic_is_right_to_left(client, make_job):
    job = make_job()
    page = client.get(f"/m/o/{job.id}?lang=ar").text
    assert '<html lang="ar" dir="rtl"' in page
    assert 'lang="ar" dir="rtl">مشغل رافعة في الميناء</h1>' in page


def test_italian_stands_in_for_a_missing_translation_and_says_so(client, make_job):
    job = make_job(texts={"it": {"title": "Cuoco", "description": "Cucina di mare."}})
    page = text_of(client.get(f"/m/o/{job.id}?lang=fr").text)
    assert say("fr", "This opportunity is not yet translated into your language: the text is shown in Italian.") in page
    assert 'lang="it" dir="ltr">Cuoco</h1>' in page
    translated = make_job(reference="SP-2", texts={"it": {"title": "Cuoco", "description": "Cucina di mare."},
                                                   "en": {"title": "Cook"}})
    page = client.get(f"/m/o/{translated.id}?lang=en").text
    assert "Part of this text is not yet translated into your language: it is shown in Italian." in page
    assert "not yet translated" not in client.get(f"/m/o/{make_job(reference='SP-3').id}?lang=en").text


def test_an_open_job_shows_everything_to_apply(client, make_job):
    job = make_job()
    page = client.get(f"/m/o/{job.id}?lang=en").text
    for text in ("Port crane operator", "Work on quay cranes.", "CQC licence", "Send your CV with the reference.",
                 "Key facts", "Fixed-term", "Apply by"):
        assert text in page
    assert '<strong dir="ltr">SP-2026-0101</strong>' in page
    assert 'href="mailto:selezione@tempor.example.it?subject=SP-2026-0101"' in page
    assert 'href="tel:+390187555510"' in page
    assert 'href="https://tempor.example.it/jobs/101"' in page


def test_a_web_address_that_is_not_http_is_no_link(client, make_job):
    job = make_job(apply_url="javascript:alert(1)")
    page = client.get(f"/m/o/{job.id}?lang=en").text
    assert 'href="javascript:' not in page and "javascript:alert(1)" in page


def test_the_sheet_link_keeps_the_language(client, make_job):
    job = make_job()
    page = client.get(f"/m/o/{job.id}?lang=ar").text
    assert f'href="/offers/{job.id}/sheet.pdf?lang=ar"' in page
    assert say("ar", "Download the sheet (PDF)") in text_of(page)


def test_the_language_switch_links_the_same_page_in_nine_languages(client, make_job):
    job = make_job()
    page = client.get(f"/m/o/{job.id}?lang=ar").text
    switch = re.search(r'<nav aria-label="[^"]*">(.*?)</nav>', page, flags=re.S).group(1)
    links = re.findall(r'<a href="([^"]*)" lang="([^"]*)" dir="([^"]*)"\s+hreflang="([^"]*)"[^>]*>([^<]*)</a>', switch)
    assert len(links) == len(LANGUAGES) == 9
    for (href, lang, direction, hreflang, name), language in zip(links, LANGUAGES, strict=True):
        assert href == f"/m/o/{job.id}?lang={language.code}"
        assert (lang, hreflang, direction, name) == (language.tag, language.tag, language.dir, language.autonym)
    assert switch.count('aria-current="page"') == 1
    assert re.search(r'hreflang="ar" aria-current="page"', switch)


def test_head_describes_the_page_for_search_engines_and_links(client, make_job):
    job = make_job()
    page = client.get(f"/m/o/{job.id}?lang=en").text
    assert '<meta name="description" content="We are looking for 2 crane operators for the port.">' in page
    assert f'<link rel="canonical" href="http://localhost/m/o/{job.id}?lang=en">' in page
    assert '<meta property="og:title" content="Port crane operator">' in page
    assert page.count('<link rel="alternate" hreflang=') == 10
    assert 'name="robots"' not in page


def test_canonical_address_is_on_the_public_url(app, client, make_job):
    app.config["KIOSK_PUBLIC_URL"] = "https://lavoro.example.it/"
    job = make_job()
    page = client.get(f"/m/o/{job.id}?lang=sq").text
    assert f'<link rel="canonical" href="https://lavoro.example.it/m/o/{job.id}?lang=sq">' in page
    assert json_ld(page)[0]["url"] == f"https://lavoro.example.it/m/o/{job.id}?lang=sq"


def test_a_phone_page_is_no_kiosk_screen(client, make_job):
    job = make_job()
    response = client.get(f"/m/o/{job.id}?lang=en")
    page = response.text
    assert "public.css" in page
    assert "kiosk.js" not in page and "idle-dialog" not in page and "data-idle-seconds" not in page
    assert "display-mode" not in page and "start-over" not in page
    assert response.cache_control.max_age == 60 and response.cache_control.private


def test_job_posting_json_ld(client, make_job, today):
    job = make_job()
    blocks = json_ld(client.get(f"/m/o/{job.id}?lang=en").text)
    assert len(blocks) == 1
    posting = blocks[0]
    assert posting["@context"] == "https://schema.org" and posting["@type"] == "JobPosting"
    assert posting["title"] == "Port crane operator"
    assert posting["description"].startswith("We are looking for 2 crane operators for the port.\nWork on quay")
    assert "<" not in posting["description"]
    assert posting["datePosted"] == (today - timedelta(days=10)).isoformat()
    assert posting["validThrough"].startswith(f"{(today + timedelta(days=30)).isoformat()}T23:59:59")
    assert posting["employmentType"] == ["FULL_TIME", "TEMPORARY"]
    assert posting["hiringOrganization"] == {"@type": "Organization", "name": "Cantiere del Golfo"}
    assert posting["jobLocation"]["address"] == {
        "@type": "PostalAddress", "streetAddress": "Molo Garibaldi", "addressLocality": "La Spezia",
        "addressRegion": "SP", "addressCountry": "IT"}
    assert posting["identifier"]["value"] == "SP-2026-0101"
    assert posting["directApply"] is False and posting["totalJobOpenings"] == 2
    assert posting["url"] == f"http://localhost/m/o/{job.id}?lang=en"


def test_json_ld_names_the_publisher_when_the_employer_is_not_disclosed(client, make_job, organisation):
    job = make_job(employer=None)
    posting = json_ld(client.get(f"/m/o/{job.id}?lang=it").text)[0]
    assert posting["hiringOrganization"]["name"] == organisation.name == "Tempor spa"
    assert posting["title"] == "Gruista portuale"


def test_json_ld_cannot_close_its_script_element(client, make_job):
    title = "Cuoco </script><script>alert(1)</script> <!-- & co"
    job = make_job(texts={"it": {"title": title}})
    page = client.get(f"/m/o/{job.id}").text
    assert json_ld(page)[0]["title"] == title
    script = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in script and ">" not in script and "&" not in script


def test_only_jobs_carry_json_ld(client, make_job):
    course = make_job(kind="course")
    assert json_ld(client.get(f"/m/o/{course.id}").text) == []


@pytest.mark.parametrize("lang", ["it", "en", "ar", "uk", "sq"])
def test_an_expired_offer_stays_up_and_says_when_it_closed(client, make_job, today, lang):
    expired = today - timedelta(days=3)
    job = make_job(published_on=today - timedelta(days=40), expires_on=expired)
    response = client.get(f"/m/o/{job.id}?lang={lang}")
    assert response.status_code == 200
    page = text_of(response.text)
    # The date without its weekday: "закрито пʼятниця" or "u mbyll më e premte" would not inflect the day.
    when = format_date(expired, "long", locale=i18n.babel_locale(lang))
    closed = say(lang, "This opportunity closed on %(date)s: it is no longer possible to apply.", date="{}")
    assert closed.format(f"<bdi>{when}</bdi>") in page
    assert json_ld(page) == [] and '<meta name="robots" content="noindex">' in page
    assert "sheet.pdf" not in page and "mailto:" not in page and 'id="section-how_to_apply"' not in page


def test_a_withdrawn_offer_stays_up_and_says_it_was_withdrawn(client, make_job):
    job = make_job(status="withdrawn")
    response = client.get(f"/m/o/{job.id}?lang=en")
    assert response.status_code == 200
    assert "This opportunity has been withdrawn: it is no longer possible to apply." in text_of(response.text)
    assert json_ld(response.text) == [] and "sheet.pdf" not in response.text


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_an_unknown_offer_is_a_404_page_in_the_language(client, make_job, lang, events):
    response = client.get(f"/m/o/99999?lang={lang}")
    assert response.status_code == 404
    language = i18n.language(lang)
    assert f'<html lang="{language.tag}" dir="{language.dir}"' in response.text
    assert say(lang, "Page not found") in text_of(response.text)
    assert "public.css" in response.text and "kiosk.js" not in response.text
    assert 'href="/m/o/99999?lang=it"' in response.text  # the language switch still works
    assert client.get(f"/m/o/{2**63}?lang={lang}").status_code == 404
    assert events() == []


def test_an_offer_not_yet_published_has_no_public_page(client, make_job, today, events):
    job = make_job(published_on=today + timedelta(days=1))
    assert client.get(f"/m/o/{job.id}").status_code == 404
    assert events() == []


def test_each_open_records_one_phone_event(client, make_job, events):
    job = make_job()
    assert events() == []
    client.get(f"/m/o/{job.id}?lang=ar", headers={"Accept-Language": "fr"})
    (event,) = events()
    assert (event.kind, event.offer_id, event.site, event.lang, event.terminal) == ("phone", job.id, "la-spezia",
                                                                                      "ar", "")
    assert event.uuid and event.sent_at is None
    client.get(f"/m/o/{job.id}?lang=zh")
    assert [(e.kind, e.lang) for e in events()] == [("phone", "ar"), ("phone", "zh_Hans")]


def test_a_closed_offer_s_page_is_counted_too(client, make_job, events):
    job = make_job(status="withdrawn")
    client.get(f"/m/o/{job.id}")
    assert [(e.kind, e.offer_id, e.lang) for e in events()] == [("phone", job.id, "it")]


def test_nothing_else_records_events(client, make_job, events):
    job = make_job()
    client.head(f"/m/o/{job.id}")  # a link preview asking for headers only
    client.get("/m/o/99999")
    client.get(f"/m/o/{job.id}?lang=en", headers={"HX-Request": "true"})
    assert [(e.kind, e.offer_id) for e in events()] == [("phone", job.id)]
