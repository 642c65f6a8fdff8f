"""Is this for me? Three questions a visitor may answer or skip, read as the list's filters and a service.

Plain values in, plain values out: the answers live in the visit's session only (the views keep them there) and
"start over" forgets them with everything else of the visit. Nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from kiosk.queue.taking import DEFAULT_SERVICE, service_slug_for_offer

QUESTIONS = ("looking", "italian", "town")
SKIPPED = ""  # an answer the visitor chose not to give: stored, so the question counts as seen

# What the visitor looks for, and the kind of offer each answer lists (advice lists every kind).
LOOKING = {
    "job": _l("A job"),
    "course": _l("A training course"),
    "internship": _l("An internship"),
    "apprenticeship": _l("An apprenticeship"),
    "advice": _l("Advice on what to do"),
}
KIND_FOR = {"job": "job", "course": "course", "internship": "internship", "apprenticeship": "apprenticeship"}

# How much Italian, in the visitor's words, and the highest level an offer may ask for (the list's "italian"
# filter keeps the offers needing at most that level). Mother tongue: every offer, so no filter.
ITALIAN = {
    "few_words": _l("A few words"),
    "basic": _l("Basic: I get by"),
    "good": _l("Good: I speak it well"),
    "native": _l("It is my mother tongue"),
}
ITALIAN_LEVEL_FOR = {"few_words": "A1", "basic": "A2", "good": "B2", "native": None}

ANYWHERE = "anywhere"  # the third question's answer for "I can get anywhere": no town filter


class NotAChoice(ValueError):
    """An answer that is none of the question's choices."""


@dataclass(frozen=True)
class Answers:
    """A visit's answers so far: a choice's key, SKIPPED, or None for a question not reached yet."""

    looking: str | None = None
    italian: str | None = None
    town: str | None = None

    def filters(self) -> dict[str, str]:
        """Return the offer list's URL parameters that the answers set."""
        params = {}
        if kind := KIND_FOR.get(self.looking or ""):
            params["kind"] = kind
        if level := ITALIAN_LEVEL_FOR.get(self.italian or ""):
            params["italian"] = level
        if self.town and self.town != ANYWHERE:
            params["town"] = self.town
        return params

    def service_slug(self) -> str:
        """Return the slug of the service to take a ticket for: the one that talks about what is looked for."""
        kind = KIND_FOR.get(self.looking or "")
        return service_slug_for_offer(kind, "", "") if kind else DEFAULT_SERVICE

    @property
    def started(self) -> bool:
        """Tell whether the visitor has answered or skipped any question."""
        return any(getattr(self, name) is not None for name in QUESTIONS)


def read_answers(stored) -> Answers:
    """Return the answers kept in a session, leaving out anything that is not a string of sensible length."""
    if not isinstance(stored, dict):
        return Answers()
    return Answers(**{name: value for name in QUESTIONS
                      if isinstance(value := stored.get(name), str) and len(value) <= 80})


def check_answer(question: str, value: str, towns: list[str]) -> str:
    """Return an answer as stored (SKIPPED for an empty one); raise NotAChoice for anything not offered."""
    if value == SKIPPED:
        return SKIPPED
    allowed = {"looking": LOOKING, "italian": ITALIAN, "town": [*towns, ANYWHERE]}[question]
    if value not in allowed:
        raise NotAChoice(value)
    return value


def next_question(question: str) -> str | None:
    """Return the question after this one, or None after the last."""
    position = QUESTIONS.index(question)
    return QUESTIONS[position + 1] if position + 1 < len(QUESTIONS) else None


def previous_question(question: str) -> str | None:
    """Return the question before this one, or None before the first."""
    position = QUESTIONS.index(question)
    return QUESTIONS[position - 1] if position else None
