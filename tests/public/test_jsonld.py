"""JobPosting data from an offer, without an app or a database."""

from __future__ import annotations

import json
from datetime import date

import pytest

from kiosk.network.models import Organisation
from kiosk.offers import services
from kiosk.offers.models import Offer, OfferTranslation
from kiosk.public import jsonld


def offer(**values) -> Offer:
    defaults = dict(reference="SP-1", kind="job", organisation=Organisation(name="Comune della Spezia", website=""),
                    employer="Cantiere del Golfo", town="Sarzana", address="", contract="permanent",
                    hours="part_time", positions=3, published_on=date(2026, 3, 2), expires_on=date(2026, 7, 31))
    made = Offer(**(defaults | values))
    made.translations = [OfferTranslation(lang="it", title="Saldatore", summary="Saldatore a filo.",
                                          description="Cantiere navale.\n\n  Turno   di giorno.",
                                          requirements="", how_to_apply="Porta il CV.")]
    return made


@pytest.mark.parametrize(("contract", "hours", "types"), [
    ("permanent", "full_time", ["FULL_TIME"]),
    ("permanent", "part_time", ["PART_TIME"]),
    ("fixed_term", "full_time", ["FULL_TIME", "TEMPORARY"]),
    ("seasonal", "shifts", ["TEMPORARY"]),
    ("agency", "part_time", ["PART_TIME", "TEMPORARY"]),
    ("internship", "full_time", ["FULL_TIME", "INTERN"]),
    ("on_call", "flexible", ["PER_DIEM"]),
    ("freelance", "flexible", ["CONTRACTOR"]),
    ("apprenticeship", "full_time", ["FULL_TIME"]),
    ("permanent", "shifts", ["OTHER"]),
    ("none", "flexible", ["OTHER"]),
])
def test_employment_types(contract, hours, types):
    assert jsonld.employment_types(contract, hours) == types


def test_job_posting_fields():
    job = offer()
    posting = jsonld.job_posting(job, services.texts(job, "en"), "https://lavoro.example.it/m/o/7?lang=en")
    assert posting == {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": "Saldatore",
        "description": "Saldatore a filo.\nCantiere navale.\nTurno di giorno.\nPorta il CV.",
        "datePosted": "2026-03-02",
        "validThrough": "2026-07-31T23:59:59+02:00",  # summer time in Rome
        "employmentType": ["PART_TIME"],
        "hiringOrganization": {"@type": "Organization", "name": "Cantiere del Golfo"},
        "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": "Sarzana",
                                                      "addressRegion": "SP", "addressCountry": "IT"}},
        "identifier": {"@type": "PropertyValue", "name": "Comune della Spezia", "value": "SP-1"},
        "directApply": False,
        "totalJobOpenings": 3,
        "url": "https://lavoro.example.it/m/o/7?lang=en",
    }


def test_an_undisclosed_employer_is_the_publishing_organisation():
    job = offer(employer=None, address="Via Roma 1", expires_on=date(2026, 1, 15),
                organisation=Organisation(name="Tempor spa", website="https://tempor.example.it"))
    posting = jsonld.job_posting(job, services.texts(job, "it"))
    assert posting["hiringOrganization"] == {"@type": "Organization", "name": "Tempor spa",
                                             "sameAs": "https://tempor.example.it"}
    assert posting["jobLocation"]["address"]["streetAddress"] == "Via Roma 1"
    assert posting["validThrough"] == "2026-01-15T23:59:59+01:00"
    assert "url" not in posting


def test_script_json_is_valid_json_that_cannot_leave_its_script_element():
    data = {"title": "</script><script>alert('x')</script>", "description": "<!-- a & b -->", "n": "العربية"}
    text = jsonld.script_json(data)
    assert json.loads(str(text)) == data
    assert not set("<>&") & set(text)
    assert "العربية" in text  # readable, not \u-escaped
    assert str(text.__html__()) == str(text)  # Markup: Jinja writes it as it is
