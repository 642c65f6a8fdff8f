"""Finding the terms in texts: forms, case, accents and apostrophes; marking them without breaking the HTML."""

from __future__ import annotations

from markupsafe import Markup

from kiosk.glossary.matching import Entry, Matcher, fold, mark
from kiosk.glossary.seed import seed_rows
from kiosk.offers.richtext import to_html

MATCHER = Matcher(Entry(row["key"], (row["term"], *row["forms"])) for row in seed_rows())


def keys(text: str) -> list[str]:
    return MATCHER.keys_in(text)


def test_folding_keeps_every_character_in_its_place():
    text = "Disponibilità all’uso di gru\u00a0e CCNL"
    assert len(fold(text)) == len(text)
    assert fold(text) == "Disponibilita all'uso di gru e CCNL"


def test_italian_terms_are_found_in_their_forms_whatever_the_case_and_accents():
    text = ("Tirocini e APPRENDISTATO per iscritti al Centro per l’impiego (art. 1 e art.18), "
            "contratto a tempo determinato, Garanzia di Occupabilita dei Lavoratori, NASPI, patente B.")
    assert keys(text) == ["tirocinio", "apprendistato", "centro-per-l-impiego", "art-1", "art-18",
                          "tempo-determinato", "gol", "naspi", "patente"]


def test_a_longer_form_wins_and_a_number_is_not_cut():
    assert keys("Iscrizione all'art. 18") == ["art-18"]
    assert keys("Riferimento art. 180 del codice") == []
    assert MATCHER.find("patente di guida C")[0][:2] == (0, len("patente di guida"))


def test_acronyms_count_only_in_capitals():
    assert keys("Did you see the gol? Our cpi and ccnl") == []
    assert keys("DID, GOL, CPI, CCNL") == ["did", "gol", "centro-per-l-impiego", "ccnl"]


def test_terms_kept_in_italian_are_found_in_arabic_and_ukrainian_texts():
    arabic = "عقد apprendistato لمدة 36 شهراً وفق الاتفاقية الجماعية (CCNL Commercio) مع شهادة HACCP."
    ukrainian = "Контракт — професійне учнівство (apprendistato), реєстрація в Centro per l'Impiego, CCNL Туризм."
    assert keys(arabic) == ["apprendistato", "ccnl", "haccp"]
    assert keys(ukrainian) == ["apprendistato", "centro-per-l-impiego", "ccnl"]


def test_a_word_is_never_found_inside_another():
    assert keys("interinalmente, apprendistatissimo, tirocinioX") == []


def test_marking_makes_the_first_appearance_a_button_that_opens_its_dialog():
    html = to_html("<p>Un tirocinio di 6 mesi. Alla fine del tirocinio, assunzione.</p>")
    marked = str(mark(html, MATCHER))
    assert marked.count('<button type="button" class="term"') == 1
    assert ('<button type="button" class="term" lang="it" dir="ltr" data-term="tirocinio" aria-haspopup="dialog" '
            'aria-expanded="false" aria-controls="term-tirocinio" aria-describedby="term-hint">tirocinio</button>'
            in marked)
    assert marked.endswith("Alla fine del tirocinio, assunzione.</p>")


def test_nothing_is_marked_inside_a_link_or_a_heading():
    html = Markup('<p><a href="https://example.it/tirocinio">Bando tirocinio e CCNL</a> e <strong>CCNL</strong></p>'
                  "<h2>Il tirocinio</h2>")
    marked = str(mark(html, MATCHER))
    assert '<a href="https://example.it/tirocinio">Bando tirocinio e CCNL</a>' in marked
    assert "<h2>Il tirocinio</h2>" in marked
    assert '<strong><button type="button" class="term" lang="it" dir="ltr" data-term="ccnl"' in marked
    assert 'data-term="tirocinio"' not in marked


def test_a_text_without_terms_comes_back_unchanged():
    html = to_html("<p>Cerchiamo un cuoco &amp; un aiuto cuoco: l'orario è <b>spezzato</b>.</p><ul><li>Uno</li></ul>")
    assert str(mark(html, MATCHER)) == str(html)


def test_text_is_escaped_again_around_the_terms():
    marked = str(mark(Markup("<p>CCNL &lt;script&gt; &amp; l&#39;orario</p>"), MATCHER))
    assert "&lt;script&gt; &amp; l&#39;orario</p>" in marked and "<script>" not in marked


def test_a_term_already_marked_on_the_page_is_not_marked_again():
    seen: set[str] = set()
    mark(Markup("<p>CCNL Commercio</p>"), MATCHER, seen)
    assert str(mark(Markup("<p>CCNL Turismo e tirocinio</p>"), MATCHER, seen)).count('class="term"') == 1
    assert seen == {"ccnl", "tirocinio"}
