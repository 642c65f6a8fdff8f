"""Fixtures for the phone pages: a job with every way to apply, and the usage events recorded."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.usage.models import UsageEvent

JOB_TEXTS = {
    "it": {"title": "Gruista portuale", "summary": "Cerchiamo 2 gruisti per il porto.",
           "description": "Lavoro su gru di banchina.\nTre turni.", "requirements": "Patente CQC",
           "how_to_apply": "Invia il CV con il riferimento."},
    "en": {"title": "Port crane operator", "summary": "We are looking for 2 crane operators for the port.",
           "description": "Work on quay cranes.\nThree shifts.", "requirements": "CQC licence",
           "how_to_apply": "Send your CV with the reference."},
    "ar": {"title": "مشغل رافعة في الميناء", "summary": "نبحث عن مشغلين اثنين للرافعات في الميناء.",
           "description": "العمل على رافعات الرصيف.", "requirements": "رخصة CQC",
           "how_to_apply": "أرسل سيرتك الذاتية مع الرمز المرجعي."},
}


@pytest.fixture
def make_job(make_offer):
    """Return a function that saves a job with an email, a telephone and a website to apply through."""

    def make(**values):
        defaults = dict(texts=JOB_TEXTS, kind="job", reference="SP-2026-0101", positions=2, contract="fixed_term",
                        hours="full_time", address="Molo Garibaldi", apply_email="selezione@tempor.example.it",
                        apply_phone="+39 0187 555 510", apply_url="https://tempor.example.it/jobs/101")
        return make_offer(**(defaults | values))

    return make


@pytest.fixture
def events(app):
    """Return a function that lists the usage events recorded so far, oldest first."""
    return lambda: db.session.scalars(select(UsageEvent).order_by(UsageEvent.id)).all()


def json_ld(page: str) -> list[dict]:
    """Return the JSON-LD blocks of a page, parsed."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, flags=re.S)
    return [json.loads(block) for block in blocks]
