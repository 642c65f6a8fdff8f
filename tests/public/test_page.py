"""What the phone page says about an offer besides its texts, without an app or a database."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.offers import services
from kiosk.offers.models import Offer
from kiosk.offers.services import OfferText
from kiosk.public import page

TODAY = date(2026, 5, 10)


def offer(**values) -> Offer:
    defaults = dict(reference="SP 2026/01", status="published", published_on=date(2026, 5, 1),
                    expires_on=TODAY, apply_email="", apply_phone="", apply_url="")
    return Offer(**(defaults | values))


def text(summary: str = "", description: str = "") -> OfferText:
    return OfferText(asked="it", title="T", summary=summary, description=description, requirements="",
                     how_to_apply="", langs=dict.fromkeys(("title", "summary", "description"), "it"))


@pytest.mark.parametrize(("values", "public", "closing"), [
    ({}, True, None),  # the last day is still open
    ({"expires_on": date(2026, 5, 9)}, True, "expired"),
    ({"status": "withdrawn"}, True, "withdrawn"),
    ({"status": "withdrawn", "expires_on": date(2026, 5, 1)}, True, "withdrawn"),
    ({"published_on": date(2026, 5, 11)}, False, None),
    ({"status": "draft"}, False, None),
])
def test_public_and_closing(values, public, closing):
    subject = offer(**values)
    assert services.is_public(subject, TODAY) is public
    assert page.closing(subject, TODAY) == closing


def test_contact_links():
    links = page.contact_links(offer(apply_email="cv@example.it", apply_phone="+39 0187 55-55.10",
                                     apply_url="https://example.it/lavora?x=1&y=2"))
    assert links == {"email": "mailto:cv@example.it?subject=SP%202026/01", "phone": "tel:+390187555510",
                     "url": "https://example.it/lavora?x=1&y=2"}


@pytest.mark.parametrize("url", ["javascript:alert(1)", "www.example.it", "ftp://example.it/x", "https://", ""])
def test_only_web_addresses_become_links(url):
    assert "url" not in page.contact_links(offer(apply_url=url))


def test_no_link_without_an_address_or_a_number():
    assert page.contact_links(offer(apply_email="ask at the desk", apply_phone="n/a")) == {}


def test_short_description():
    assert page.short_description(text(summary="A cook  for\nthe summer.")) == "A cook for the summer."
    assert page.short_description(text(description="Line one.\nLine two.")) == "Line one. Line two."
    long = page.short_description(text(summary="word " * 60), limit=40)
    assert len(long) <= 40 and long.endswith("word…")
    assert page.short_description(text(summary="x" * 50), limit=20) == "x" * 19 + "…"
