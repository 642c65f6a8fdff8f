"""GET /api/v1/offers and /api/v1/offers/<id>: the terminal's filters, paging, the texts in a language."""

from datetime import timedelta

import pytest

from kiosk.extensions import db


def refs(client, query=""):
    response = client.get(f"/api/v1/offers?per_page=100&{query}")
    assert response.status_code == 200, response.text
    return {item["reference"] for item in response.get_json()["items"]}


@pytest.mark.both_databases
def test_list_filters_like_the_terminal(client, make_offer, today):
    make_offer(reference="JOB-SP", kind="job", town="La Spezia", italian_level="B2",
               published_on=today - timedelta(days=20))
    make_offer(reference="COURSE-SZ", kind="course", town="Sarzana", italian_level="A2", contract="none",
               sector="Q", hours="part_time", published_on=today - timedelta(days=2))
    make_offer(reference="ART1", kind="job", town="Sarzana", italian_level="none", protected_category="art1")
    make_offer(reference="GONE", expires_on=today - timedelta(days=1))

    assert refs(client) == {"JOB-SP", "COURSE-SZ", "ART1"}
    assert refs(client, "kind=course") == {"COURSE-SZ"}
    assert refs(client, "town=Sarzana") == {"COURSE-SZ", "ART1"}
    assert refs(client, "sector=Q&contract=none&hours=part_time") == {"COURSE-SZ"}
    assert refs(client, "italian=A2") == {"COURSE-SZ", "ART1"}  # needs at most A2
    assert refs(client, "italian=none") == {"ART1"}
    assert refs(client, "protected=1") == {"ART1"}
    assert refs(client, "protected=false") == {"JOB-SP", "COURSE-SZ", "ART1"}
    assert refs(client, "recent=true") == {"COURSE-SZ"}
    assert refs(client, "kind=job&town=Sarzana") == {"ART1"}


@pytest.mark.both_databases
def test_search_in_italian_arabic_and_chinese(client, make_offer):
    make_offer(reference="COOK", texts={
        "it": {"title": "Cuoco di linea", "summary": "Ristorante a Portovenere"},
        "ar": {"title": "طباخ في مطعم"},
        "zh_Hans": {"title": "餐厅厨师"},
    })
    make_offer(reference="CRANE", texts={"it": {"title": "Gruista portuale"}, "en": {"title": "Crane"}})

    assert refs(client, "q=cuoco") == {"COOK"}
    assert refs(client, "q=portovenere") == {"COOK"}
    assert refs(client, "q=طباخ") == {"COOK"}
    assert refs(client, "q=厨师") == {"COOK"}
    assert refs(client, "q=gruista") == {"CRANE"}
    assert refs(client, "q=gruista&kind=course") == set()


@pytest.mark.both_databases
def test_paging_totals_and_order(client, make_offer, today):
    for days in range(7):
        make_offer(reference=f"P{days}", published_on=today - timedelta(days=days))

    first = client.get("/api/v1/offers?per_page=3").get_json()
    assert (first["total"], first["page"], first["per_page"], first["pages"]) == (7, 1, 3, 3)
    assert [item["reference"] for item in first["items"]] == ["P0", "P1", "P2"]
    last = client.get("/api/v1/offers?per_page=3&page=3").get_json()
    assert [item["reference"] for item in last["items"]] == ["P6"]
    beyond = client.get("/api/v1/offers?per_page=3&page=9").get_json()
    assert (beyond["items"], beyond["total"], beyond["page"]) == ([], 7, 9)
    default = client.get("/api/v1/offers").get_json()
    assert (default["per_page"], len(default["items"])) == (20, 7)
    assert client.get("/api/v1/offers?kind=event").get_json() | {"items": None} == {
        "items": None, "total": 0, "page": 1, "per_page": 20, "pages": 1}


@pytest.mark.both_databases
def test_items_in_the_asked_language_with_italian_standing_in(client, make_offer, organisation):
    make_offer(reference="BOTH", employer=None, texts={
        "it": {"title": "Magazziniere", "summary": "Turni"},
        "ar": {"title": "أمين مستودع", "summary": "مناوبات"},
    })
    make_offer(reference="IT-ONLY", texts={"it": {"title": "Saldatore", "summary": "Cantiere"}})

    items = {i["reference"]: i for i in client.get("/api/v1/offers?lang=ar").get_json()["items"]}
    shown = {ref: (i["title"], i["summary"], i["lang"], i["translated"]) for ref, i in items.items()}
    assert shown == {
        "BOTH": ("أمين مستودع", "مناوبات", "ar", True),
        "IT-ONLY": ("Saldatore", "Cantiere", "it", False),
    }
    assert items["BOTH"]["employer"] is None
    assert items["IT-ONLY"]["employer"] == "Cantiere del Golfo"
    offer_id = items["BOTH"]["id"]
    assert items["BOTH"]["url"] == f"http://localhost/offers/{offer_id}?lang=ar"

    italian = {i["reference"]: i for i in client.get("/api/v1/offers").get_json()["items"]}
    assert (italian["IT-ONLY"]["lang"], italian["IT-ONLY"]["translated"]) == ("it", True)
    chinese = client.get("/api/v1/offers?lang=zh").get_json()["items"][0]
    assert chinese["url"].endswith("lang=zh_Hans") and chinese["lang"] == "it" and not chinese["translated"]


@pytest.mark.both_databases
def test_detail_has_every_field(client, make_offer, today):
    offer = make_offer(
        reference="SP-2026-0412", kind="course", employer=None, address="Via Roma 1", sector="Q",
        ateco_code="85.59.20", profession_code="5.2.2.1.0", contract="none", hours="part_time", positions=12,
        education="upper_secondary", experience_years=2, driving_licence="B", italian_level="A2",
        other_languages=[{"lang": "en", "level": "B1"}], protected_category="art18",
        starts_on=today + timedelta(days=14), duration_hours=200, apply_phone="+39 0187 111111",
        apply_url="https://example.org/apply",
        texts={
            "it": {"title": "Corso HACCP", "summary": "Breve", "description": "Lungo",
                   "requirements": "Nessuno", "how_to_apply": "Telefonare"},
            "en": {"title": "HACCP course", "summary": "Short"},
        },
    )
    body = client.get(f"/api/v1/offers/{offer.id}?lang=en").get_json()
    assert body["title"] == "HACCP course" and body["summary"] == "Short"
    assert body["description"] == "Lungo" and body["how_to_apply"] == "Telefonare"
    assert body["text_langs"] == {"title": "en", "summary": "en", "description": "it", "requirements": "it",
                                  "how_to_apply": "it"}
    assert (body["lang"], body["translated"], body["status"]) == ("en", False, "open")
    assert body["organisation"] == {"slug": "tempor", "name": "Tempor spa"}
    assert body["apply"] == {"email": "lavoro@example.it", "phone": "+39 0187 111111",
                             "url": "https://example.org/apply"}
    assert body["starts_on"] == (today + timedelta(days=14)).isoformat()
    assert body["expires_on"] == (today + timedelta(days=30)).isoformat()
    assert (body["positions"], body["duration_hours"], body["driving_licence"]) == (12, 200, "B")
    assert body["other_languages"] == [{"lang": "en", "level": "B1"}]
    assert (body["employer"], body["address"], body["protected_category"]) == (None, "Via Roma 1", "art18")
    assert body["url"] == f"http://localhost/offers/{offer.id}?lang=en"


@pytest.mark.both_databases
def test_detail_of_withdrawn_and_expired_offers_is_closed(client, make_offer, today):
    withdrawn = make_offer(status="withdrawn")
    expired = make_offer(expires_on=today - timedelta(days=1))
    for offer in (withdrawn, expired):
        response = client.get(f"/api/v1/offers/{offer.id}")
        assert response.status_code == 200
        assert response.get_json()["status"] == "closed"
    withdrawn.status = "published"
    db.session.commit()
    assert client.get(f"/api/v1/offers/{withdrawn.id}").get_json()["status"] == "open"


@pytest.mark.both_databases
def test_an_empty_parameter_is_as_if_absent(client, make_offer):
    offer = make_offer(reference="ANY")
    every = "kind=&town=&sector=&contract=&hours=&italian=&protected=&recent=&q=&lang=&page="
    assert refs(client, every) == {"ANY"}  # what a form's empty choices send
    detail = client.get(f"/api/v1/offers/{offer.id}?lang=")
    assert detail.status_code == 200 and detail.get_json()["lang"] == "it"


@pytest.mark.both_databases
@pytest.mark.parametrize("text", ["😀", "🩷", "𠀀", "\U0002ebf0", "\U000f4b7f"])
def test_any_text_is_a_search(client, make_offer, text):
    # Emoji, CJK extensions, characters newer than Python's own Unicode tables, private use: words all.
    make_offer(reference="HEART", texts={"it": {"title": f"Cuoco {text}"}})
    make_offer(reference="CRANE", texts={"it": {"title": "Gruista"}})
    assert client.get(f"/api/v1/offers?q={text}").status_code == 200
    assert refs(client, f"q=cuoco {text}") == {"HEART"}


def test_a_whole_number_may_have_a_zero_fraction(client, make_offer):
    make_offer()
    listing = client.get("/api/v1/offers?page=1.0&per_page=20.0").get_json()
    assert (listing["page"], listing["per_page"], listing["total"]) == (1, 20, 1)
