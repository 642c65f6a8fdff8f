"""schema.org JobPosting data for a job's public page, so search engines can list it."""

from __future__ import annotations

import json
from datetime import datetime, time

from markupsafe import Markup

from kiosk.clock import LOCAL_ZONE
from kiosk.offers.models import Offer
from kiosk.offers.services import OfferText
from kiosk.public.page import plain_text

# schema.org/Google employmentType values; a contract or hours missing here says nothing about it.
HOURS_TYPES = {"full_time": "FULL_TIME", "part_time": "PART_TIME"}
CONTRACT_TYPES = {
    "fixed_term": "TEMPORARY",
    "seasonal": "TEMPORARY",
    "agency": "TEMPORARY",  # somministrazione: hired by the agency for a mission
    "internship": "INTERN",
    "on_call": "PER_DIEM",
    "freelance": "CONTRACTOR",
}
REGION = "SP"  # every desk of the network is in the Province of La Spezia
COUNTRY = "IT"


def employment_types(contract: str, hours: str) -> list[str]:
    """Return the employmentType values of a contract and working hours, "OTHER" when none fits."""
    found = [HOURS_TYPES.get(hours), CONTRACT_TYPES.get(contract)]
    return [value for value in found if value] or ["OTHER"]


def job_posting(offer: Offer, text: OfferText, url: str | None = None) -> dict:
    """Return the JobPosting of a job offer with its texts in the page's language."""
    publisher = offer.organisation
    organisation = {"@type": "Organization", "name": offer.employer or publisher.name}
    if not offer.employer and publisher.website:
        organisation["sameAs"] = publisher.website
    address = {"@type": "PostalAddress", "addressLocality": offer.town, "addressRegion": REGION,
               "addressCountry": COUNTRY}
    if offer.address:
        address["streetAddress"] = offer.address
    posting = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": text.title,
        "description": plain_text(text.summary, text.description, text.requirements, text.how_to_apply),
        "datePosted": offer.published_on.isoformat(),
        # Applications are taken until the end of the last day, desk time.
        "validThrough": datetime.combine(offer.expires_on, time(23, 59, 59), LOCAL_ZONE).isoformat(),
        "employmentType": employment_types(offer.contract, offer.hours),
        "hiringOrganization": organisation,
        "jobLocation": {"@type": "Place", "address": address},
        "identifier": {"@type": "PropertyValue", "name": publisher.name, "value": offer.reference},
        "directApply": False,
        "totalJobOpenings": offer.positions,
    }
    if url:
        posting["url"] = url
    return posting


def script_json(data: dict) -> Markup:
    """Return data as JSON safe inside a <script> element: no "<", ">" or "&" can end or comment it out."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # These characters only occur inside JSON strings, where their \\u escapes mean the same.
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
