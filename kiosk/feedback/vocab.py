"""The faces and reasons of a rating, and their labels for people."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from kiosk.feedback.models import FACES, REASONS

FACE_LABELS = {"good": _l("Good"), "so_so": _l("So-so"), "bad": _l("Bad")}
REASON_LABELS = {
    "waited_too_long": _l("I waited too long"),
    "not_understood": _l("I did not understand everything"),
    "not_found": _l("I did not find what I needed"),
    "found_it": _l("I found what I needed"),
    "staff_helpful": _l("The staff were very helpful"),
}
assert tuple(FACE_LABELS) == FACES and tuple(REASON_LABELS) == REASONS  # one list of each, labelled in full
