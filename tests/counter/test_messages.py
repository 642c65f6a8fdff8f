"""Every outcome of a counter action has its sentence, in every language the counter screen speaks."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from kiosk import i18n
from kiosk.counter.messages import BY_STATUS, SENTENCES, describe
from kiosk.counter.receptionist import Outcome, OutcomeKind
from kiosk.queue.models import Service, Status


def test_every_outcome_kind_has_a_sentence():
    assert set(SENTENCES) == set(OutcomeKind)
    assert {kind for kind, _status in BY_STATUS} <= set(OutcomeKind)


def test_an_outcome_of_no_kind_cannot_be_made():
    with pytest.raises(ValueError):
        Outcome("teleported")


@pytest.mark.parametrize("lang", [language.code for language in i18n.LANGUAGES])
def test_every_sentence_reads_whole_in_every_language(app, lang):
    service = Service(slug="cv-help", prefix="B", texts={"it": {"name": "Curriculum"}})
    details = ["", "break", *Status]
    with app.test_request_context(), force_locale(lang):
        for kind in OutcomeKind:
            for detail in details:
                sentence = describe(Outcome(kind, code="B017", counter=2, detail=detail, service=service))
                assert sentence and "%(" not in sentence and "None" not in sentence, (kind, detail, sentence)
