"""Offer sheets: cached by (offer, revision, language), never stale, made ahead of time, served thinly."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from kiosk.extensions import db
from kiosk.offers import pdf, sheets
from kiosk.offers.models import OfferSheet, OfferTranslation


@pytest.fixture
def renders(monkeypatch):
    """Count the sheets rendered (by any thread), rendering them for real."""
    made: list[tuple[int, str]] = []
    real = pdf.render_sheet

    def counting(session, offer, lang, public_url=None):
        made.append((offer.id, lang))
        return real(session, offer, lang, public_url)

    monkeypatch.setattr(pdf, "render_sheet", counting)
    return made


@pytest.fixture
def offer(make_offer, make_site):
    make_site()
    return make_offer(reference="SP-2026-0101", texts={
        "it": {"title": "Gruista portuale", "how_to_apply": "Invia il CV."},
        "ar": {"title": "مشغّل رافعة في الميناء"},
        "zh_Hans": {"title": "港口起重机司机"},
    })


def change(offer, title: str) -> None:
    """Edit an offer the way the admin and the sync do: new texts and a new revision."""
    offer.text("it").title = title
    offer.revision += 1
    db.session.commit()


@pytest.mark.both_databases
def test_a_second_request_is_served_from_the_store(app, offer, renders):
    first = sheets.get_sheet(db.session, offer, "ar")
    db.session.commit()
    assert first.startswith(b"%PDF-")
    assert sheets.get_sheet(db.session, offer, "ar") == first
    assert renders == [(offer.id, "ar")]
    assert db.session.scalar(select(OfferSheet.revision).where(OfferSheet.offer_id == offer.id)) == offer.revision


@pytest.mark.both_databases
def test_a_change_makes_a_new_sheet_and_the_old_one_is_never_served(app, offer, renders):
    old = sheets.get_sheet(db.session, offer, "it")
    db.session.commit()
    change(offer, "Gruista di banchina")
    assert sheets.stored_sheet(db.session, offer.id, "it") is None  # the stored row is of the old revision
    new = sheets.get_sheet(db.session, offer, "it")
    db.session.commit()
    assert new != old and b"%PDF-" in new
    assert len(renders) == 2
    assert sheets.get_sheet(db.session, offer, "it") == new
    row = db.session.execute(select(OfferSheet.revision, OfferSheet.pdf).where(OfferSheet.offer_id == offer.id)).one()
    assert row.revision == offer.revision and row.pdf == new


@pytest.mark.both_databases
def test_an_older_revision_never_replaces_a_newer_sheet(app, offer):
    sheets.store_sheet(db.session, offer.id, 5, "it", b"%PDF- five")
    sheets.store_sheet(db.session, offer.id, 4, "it", b"%PDF- four")
    db.session.commit()
    assert db.session.scalar(select(OfferSheet.pdf).where(OfferSheet.offer_id == offer.id)) == b"%PDF- five"


def test_a_sheet_made_on_an_earlier_day_is_made_again(app, offer, renders):
    sheets.get_sheet(db.session, offer, "it")
    db.session.execute(update(OfferSheet).values(made_at=datetime.now(UTC) - timedelta(days=1)))
    db.session.commit()
    sheets.get_sheet(db.session, offer, "it")
    assert len(renders) == 2  # it prints the date, and an offer opens and closes by date


def test_a_closed_offer_is_never_served_from_the_store(app, offer, renders, today):
    sheets.get_sheet(db.session, offer, "it")
    offer.expires_on = today - timedelta(days=1)
    db.session.commit()
    assert sheets.stored_sheet(db.session, offer.id, "it") is None
    sheets.get_sheet(db.session, offer, "it")
    assert len(renders) == 2


def test_prepare_makes_each_language_the_offer_has_once(app, offer, renders):
    assert sheets.prepare_sheets(db.session, [offer]) == 3
    db.session.commit()
    assert sorted(lang for _id, lang in renders) == ["ar", "it", "zh_Hans"]
    assert sheets.prepare_sheets(db.session, [offer]) == 0
    assert sheets.prepare_sheets(db.session, [offer], langs=["en"]) == 1
    assert sheets.prepare_sheets(db.session, [offer], force=True) == 3


def test_prepare_leaves_closed_offers_alone(app, make_offer, make_site, renders, today):
    make_site()
    closed = make_offer(expires_on=today - timedelta(days=2))
    assert sheets.prepare_sheets(db.session, [closed]) == 0


# ---- The background runner ----

def test_a_changed_offer_gets_its_sheets_in_the_background_without_waiting(app, offer, monkeypatch):
    app.config["KIOSK_SHEETS_IN_BACKGROUND"] = True
    release, threads = threading.Event(), []
    real = pdf.render_sheet

    def slow(session, offer_, lang, public_url=None):
        threads.append(threading.current_thread().name)
        assert release.wait(10)
        return real(session, offer_, lang, public_url)

    monkeypatch.setattr(pdf, "render_sheet", slow)
    change(offer, "Gruista di banchina")  # returns at once: the render waits for `release`
    assert db.session.scalar(select(OfferSheet.offer_id)) is None
    release.set()
    sheets.sheet_maker(app).wait(30)
    db.session.rollback()  # a fresh look at what the other thread committed
    stored = db.session.execute(select(OfferSheet.lang, OfferSheet.revision)).all()
    assert sorted(stored) == [("ar", offer.revision), ("it", offer.revision), ("zh_Hans", offer.revision)]
    assert threads and all(name.startswith("offer-sheets") for name in threads)


def test_a_new_translation_counts_as_a_change(app, offer, renders):
    app.config["KIOSK_SHEETS_IN_BACKGROUND"] = True
    offer.translations.append(OfferTranslation(lang="uk", title="Кранівник у порту"))
    offer.revision += 1
    db.session.commit()
    sheets.sheet_maker(app).wait(30)
    assert ("uk" in {lang for _id, lang in renders}) and len(renders) == 4


def test_tests_and_commands_make_no_sheets_in_the_background(app, offer, renders):
    assert app.config.get("KIOSK_SHEETS_IN_BACKGROUND") is None and app.testing
    assert not sheets.in_background(app)
    change(offer, "Gruista di banchina")
    assert renders == []


def test_the_sheets_command_makes_the_stale_sheets(app, runner, offer, renders):
    result = runner.invoke(args=["kiosk", "sheets", "--niceness", "0"])  # this test process keeps its priority
    assert result.exit_code == 0, result.output
    assert "Offer sheets: 3 made for 1 current offers" in result.output
    assert runner.invoke(args=["kiosk", "sheets", "--niceness", "0"]).output.startswith("Offer sheets: 0 made")
    assert "3 made" in runner.invoke(args=["kiosk", "sheets", "--force", "--niceness", "0"]).output


def test_the_sheets_command_runs_at_the_lowest_priority_and_leaves_a_core_to_the_server(sqlite_template, tmp_path):
    """`make run` and the systemd timer start it beside a serving desk: it must never slow the kiosk."""
    import os
    import shutil

    from kiosk.offers.sheet_views import background_processes
    from tests.serving import environment, flask

    path = tmp_path / "kiosk.sqlite3"
    shutil.copy(sqlite_template, path)
    done = flask(environment(f"sqlite:///{path}"), "kiosk", "sheets")
    assert "at niceness 19" in done.stdout
    assert background_processes() == max(1, min((os.cpu_count() or 1) - 1, 4))


# ---- The view ----

def test_the_view_sends_the_pdf_inline_with_a_name_and_an_etag(client, offer):
    response = client.get(f"/offers/{offer.id}/sheet.pdf?lang=ar")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF-")
    assert response.headers["Content-Disposition"] == 'inline; filename="SP-2026-0101-ar.pdf"'
    assert response.headers["ETag"] == f'"{offer.id}/{offer.revision}/ar"'
    assert "no-cache" in response.headers["Cache-Control"]
    db.session.rollback()
    assert db.session.scalar(select(OfferSheet.lang)) == "ar"  # kept for the next visitor


def test_the_view_answers_not_modified_until_the_offer_changes(client, offer):
    etag = client.get(f"/offers/{offer.id}/sheet.pdf?lang=it").headers["ETag"]
    again = client.get(f"/offers/{offer.id}/sheet.pdf?lang=it", headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.data
    change(offer, "Gruista di banchina")
    after = client.get(f"/offers/{offer.id}/sheet.pdf?lang=it", headers={"If-None-Match": etag})
    assert after.status_code == 200 and after.headers["ETag"] != etag


def test_the_view_takes_language_aliases_and_defaults_to_the_visitors(client, offer):
    chinese = client.get(f"/offers/{offer.id}/sheet.pdf?lang=zh")
    assert chinese.headers["Content-Disposition"] == 'inline; filename="SP-2026-0101-zh-Hans.pdf"'
    client.get("/offers?lang=ar")  # the visitor chose Arabic on the kiosk
    assert client.get(f"/offers/{offer.id}/sheet.pdf").headers["ETag"].endswith('/ar"')


def test_the_view_refuses_an_unknown_language_and_an_unknown_offer(client, offer):
    assert client.get(f"/offers/{offer.id}/sheet.pdf?lang=xx").status_code == 400
    assert client.get(f"/offers/{offer.id}/sheet.pdf?lang=").status_code == 400
    assert client.get("/offers/999999/sheet.pdf?lang=it").status_code == 404


def test_the_view_serves_a_stored_sheet_without_rendering(client, offer, renders):
    client.get(f"/offers/{offer.id}/sheet.pdf?lang=it")
    client.get(f"/offers/{offer.id}/sheet.pdf?lang=it")
    assert renders == [(offer.id, "it")]
