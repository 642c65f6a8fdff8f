"""The print backends, with a stand-in `lp` program on PATH (CUPS itself is not on a test machine)."""

from sqlalchemy import func, select

from kiosk.extensions import db
from kiosk.printing import backends, services
from kiosk.printing.models import PrintJob

PDF = b"%PDF-1.7 a sheet"


def test_cups_sends_the_pdf_to_the_named_printer(lp):
    result = backends.send("cups", PDF, "SP-2026-0101", printer="office")
    assert result.ok and result.status == "sent" and "request id" in result.detail
    assert (lp / "job0.pdf").read_bytes() == PDF
    assert (lp / "job0.args").read_text().split() == ["-t", "SP-2026-0101", "-d", "office", "-"]


def test_a_failing_printer_is_reported_not_raised(lp, monkeypatch):
    monkeypatch.setenv("LP_FAIL", "1")
    result = backends.send("cups", PDF, "SP-1", printer="nowhere")
    assert not result.ok and "does not exist" in result.detail


def test_no_lp_on_the_machine(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = backends.send("cups", PDF, "SP-1")
    assert result.status == "failed" and "cups-client" in result.detail


def test_browser_and_none_do_not_touch_cups(lp):
    assert backends.send("browser", PDF, "SP-1").status == "browser"
    assert backends.send("none", PDF, "SP-1").status == "off"
    assert list(lp.iterdir()) == []


def test_one_token_prints_once(app, lp):
    made = []

    def make_pdf():
        made.append(1)
        return PDF

    options = dict(document="offer_sheet", title="SP-1", lang="ar", site="la-spezia", backend="cups", offer_id=7)
    first, new = services.print_once(db.session, "t" * 32, make_pdf, **options)
    db.session.commit()
    again, new_again = services.print_once(db.session, "t" * 32, make_pdf, **options)
    assert (new, new_again) == (True, False) and again.id == first.id and first.status == "sent"
    assert len(made) == 1 and len(list(lp.glob("*.pdf"))) == 1
    assert db.session.scalar(select(func.count()).select_from(PrintJob)) == 1


def test_a_sheet_that_cannot_be_made_is_a_failed_job(app, lp):
    def broken():
        raise RuntimeError("no fonts")

    job, _ = services.print_once(db.session, "u" * 32, broken, document="offer_sheet", title="SP-1", lang="it",
                                 site="la-spezia", backend="cups")
    assert job.status == "failed" and "could not be made" in job.detail
    assert list(lp.glob("*.pdf")) == []
