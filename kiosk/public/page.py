"""What the phone page says about an offer besides its texts: open or closed, links to apply, a short description."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import quote, urlsplit

from kiosk.offers.models import Offer
from kiosk.offers.richtext import to_plain
from kiosk.offers.services import OfferText

DESCRIPTION_LENGTH = 160  # what search engines show of a meta description


def closing(offer: Offer, today: date) -> str | None:
    """Return why an offer no longer takes applications ("withdrawn", "expired"), or None while it is open."""
    if offer.status == "withdrawn":
        return "withdrawn"
    if offer.expires_on < today:
        return "expired"
    return None


def contact_links(offer: Offer) -> dict[str, str]:
    """Return mailto:, tel: and web links for the ways to apply; a web address that is not http(s) is no link."""
    links = {}
    if offer.apply_email and "@" in offer.apply_email:
        links["email"] = f"mailto:{quote(offer.apply_email.strip(), safe='@.+-_')}?subject={quote(offer.reference)}"
    digits = re.sub(r"[^\d+]", "", offer.apply_phone or "")
    if len(digits.lstrip("+")) >= 3:
        links["phone"] = f"tel:{digits}"
    url = (offer.apply_url or "").strip()
    if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc:
        links["url"] = url
    return links


def plain_text(*parts: str) -> str:
    """Join texts into plain paragraphs, one line each, without markup, blank or repeated whitespace."""
    lines = [" ".join(line.split()) for part in parts for line in to_plain(part or "").splitlines()]
    return "\n".join(line for line in lines if line)


def short_description(text: OfferText, limit: int = DESCRIPTION_LENGTH) -> str:
    """Return the summary (or the start of the description) in one line of at most `limit` characters."""
    line = " ".join(plain_text(text.summary or text.description).split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0] if " " in line[: limit - 1] else line[: limit - 1]
    return cut.rstrip(" ,.;:") + "…"
