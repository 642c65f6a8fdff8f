"""The glossary on the pages: terms marked in an offer on the kiosk and the phone, their dialogs in the visitor's
language, the service page, and the glossary's own pages."""

from __future__ import annotations

import re

import pytest

from kiosk.glossary.seed import seed_rows

TEXTS = {
    "it": {"title": "Meccanico in apprendistato", "summary": "Officina cerca un giovane in apprendistato.",
           "description": "<p>Contratto di apprendistato professionalizzante, CCNL Metalmeccanici.</p>"
                          '<p>Vedi il <a href="https://example.it/bando">bando del tirocinio</a>.</p>',
           "requirements": "Patente B\nIscrizione al Centro per l'Impiego"},
    "ar": {"title": "ميكانيكي متدرب", "summary": "ورشة تبحث عن شاب.",
           "description": "<p>عقد apprendistato مهني، CCNL Metalmeccanici.</p>",
           "requirements": "رخصة قيادة B"},
    "uk": {"title": "Механік-учень", "summary": "Майстерня шукає молоду людину.",
           "description": "<p>Контракт — професійне учнівство (apprendistato), CCNL Metalmeccanici.</p>",
           "requirements": "Посвідчення водія категорії B"},
}


@pytest.fixture
def offer(make_offer, shipped_terms):
    return make_offer(texts=TEXTS)


def marked(page: str) -> list[str]:
    return re.findall(r'<button type="button" class="term"[^>]*data-term="([^"]+)"', page)


def key_facts(page: str) -> str:
    start = page.index('class="facts"')
    return page[start:page.index("</dl>", start)]


def dialog(page: str, key: str) -> str:
    found = re.search(rf'<dialog id="term-{key}".*?</dialog>', page, re.S)
    assert found, f"no dialog for {key}"
    return found.group()


def test_the_kiosk_marks_the_terms_of_an_italian_offer_once_each(client, offer):
    page = client.get(f"/offers/{offer.id}?lang=it").text
    # The summary's apprendistato, the contract in the key facts, then the texts' words.
    assert marked(page) == ["apprendistato", "tempo-indeterminato", "ccnl", "patente", "centro-per-l-impiego"]
    assert '<a href="https://example.it/bando" rel="noopener noreferrer nofollow">bando del tirocinio</a>' in page
    assert "Il tirocinio è un periodo" not in page  # only the terms marked get a dialog
    said = dialog(page, "apprendistato")
    assert 'lang="it" dir="ltr"' in said and "L&#39;apprendistato è un vero contratto di lavoro" in said
    assert page.index('<dialog id="term-apprendistato"') > page.index("</main>")
    assert 'id="term-hint"' in page


@pytest.mark.parametrize(("lang", "direction", "words"), [
    ("ar", "rtl", "الـ apprendistato عقد عمل حقيقي للشباب"),
    ("uk", "ltr", "Apprendistato — це справжній трудовий договір для молоді"),
])
def test_an_offer_in_another_language_keeps_the_italian_term_and_explains_it_there(client, offer, lang, direction,
                                                                                     words):
    page = client.get(f"/offers/{offer.id}?lang={lang}").text
    assert marked(page)[:3] == ["tempo-indeterminato", "apprendistato", "ccnl"]  # the key facts' contract first
    said = dialog(page, "apprendistato")
    assert f'lang="{lang}" dir="{direction}"' in said and words in said
    assert '<span lang="it" dir="ltr">apprendistato</span>' in said


def test_the_phone_page_of_an_offer_marks_and_explains_too(client, offer):
    page = client.get(f"/m/o/{offer.id}?lang=uk").text
    assert "apprendistato" in marked(page)
    assert "Apprendistato — це справжній трудовий договір" in dialog(page, "apprendistato")
    assert 'href="/m/glossary?lang=uk#glossary-apprendistato"' in dialog(page, "apprendistato")


def test_an_offer_without_terms_has_no_marks_and_no_dialogs(client, make_offer, shipped_terms):
    offer = make_offer(texts={"it": {"title": "Cuoco", "description": "<p>Cucina di mare, orario spezzato.</p>"}},
                       contract="freelance")  # no word of the field in its key facts either
    page = client.get(f"/offers/{offer.id}?lang=it").text
    assert marked(page) == [] and "<dialog id=\"term-" not in page and 'id="term-hint"' not in page
    assert "<p>Cucina di mare, orario spezzato.</p>" in page


def test_a_deactivated_term_is_not_marked(client, offer):
    from kiosk.extensions import db
    from kiosk.glossary.models import GlossaryTerm

    db.session.query(GlossaryTerm).filter_by(key="ccnl").update({"active": False})
    db.session.commit()
    assert "ccnl" not in marked(client.get(f"/offers/{offer.id}?lang=it").text)


def test_the_service_page_explains_its_words(client, make_site, make_service, shipped_terms):
    site = make_site()
    make_service(site, "C", "registration", texts={"it": {"name": "Iscrizione al Centro per l'Impiego",
                                                          "description": "DID e iscrizione al programma GOL"}},
                 documents=["tax_code", "residence_permit"])
    page = client.get("/ticket/registration?lang=it").text
    assert marked(page) == ["did", "gol", "codice-fiscale", "permesso-di-soggiorno"]


@pytest.mark.parametrize("path", ["/glossary?lang={lang}", "/m/glossary?lang={lang}"])
@pytest.mark.parametrize(("lang", "words"), [("it", "Il tirocinio è un periodo"),
                                             ("ar", "الـ tirocinio فترة تتعلّم فيها"),
                                             ("uk", "Tirocinio — це період")])
def test_the_glossary_page_lists_every_term_in_the_visitors_language(client, shipped_terms, path, lang, words):
    page = client.get(path.format(lang=lang)).text
    for row in seed_rows():
        assert f'id="glossary-{row["key"]}"' in page
    assert words in page and page.count('class="glossary-entry"') == len(seed_rows())
    assert marked(page) == []  # the glossary itself is not marked


def test_the_home_screen_leads_to_the_glossary(client, shipped_terms):
    assert 'href="/glossary"' in client.get("/home?lang=it").text
    assert 'href="/m/glossary?lang=ar"' in client.get("/m/?lang=ar").text


@pytest.mark.parametrize(("lang", "label", "value"), [("ar", "بالإيطالية:", "تلمذة مهنية"),
                                                      ("uk", "Італійською:", "Учнівство")])
def test_the_key_facts_give_the_italian_word_an_office_will_use_and_explain_it(client, make_offer, shipped_terms,
                                                                              lang, label, value):
    offer = make_offer(texts={"it": {"title": "Apprendista cuoco"}}, kind="apprenticeship",
                       contract="apprenticeship", hours="part_time")
    page = " ".join(client.get(f"/offers/{offer.id}?lang={lang}").text.split())
    facts = key_facts(page)
    assert f'{value}<span class="fact-italian">{label} <span lang="it" dir="ltr"><button type="button" class="term"' \
           in facts
    assert marked(facts) == ["apprendistato", "part-time"]  # the contract's apprendistato: marked once, with the kind
    assert 'lang="it" dir="ltr">apprendistato</span>' in facts
    assert "<dialog id=\"term-apprendistato\"" in page and "<dialog id=\"term-part-time\"" in page
    phone = " ".join(client.get(f"/m/o/{offer.id}?lang={lang}").text.split())
    assert marked(key_facts(phone)) == ["apprendistato", "part-time"]


def test_in_italian_the_value_itself_is_explained(client, make_offer, shipped_terms):
    offer = make_offer(texts={"it": {"title": "Cuoco"}}, contract="fixed_term")
    page = " ".join(client.get(f"/offers/{offer.id}?lang=it").text.split())
    facts = key_facts(page)
    assert marked(facts) == ["tempo-determinato"] and "fact-italian" not in facts
