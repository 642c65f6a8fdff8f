"""The terminal's "Is this for me?" pages: one question per screen, then the offer list with the answers' filters."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for

from kiosk import clock, i18n
from kiosk.extensions import db
from kiosk.offers import services as offers
from kiosk.queue.services import service_text, site_services
from kiosk.queue.taking import choose_service
from kiosk.terminal import enrolment, fit

bp = Blueprint("fit", __name__)
SESSION_KEY = "fit"  # the visit's answers; "start over" clears the whole session, and them with it
QUESTION = "<any(looking, italian, town):question>"


@bp.get(f"/fit/{QUESTION}")
def question(question: str):
    """Ask one question, with a big button per answer and one to skip it."""
    return _question_page(question)


@bp.post(f"/fit/{QUESTION}")
def answer(question: str):
    """Keep the answer for this visit, then ask the next question or show the offers that fit."""
    try:
        value = fit.check_answer(question, request.form.get("answer", ""), _towns())
    except fit.NotAChoice:
        return _question_page(question, refused=True), 400
    session[SESSION_KEY] = {**session.get(SESSION_KEY, {}), question: value}
    following = fit.next_question(question)
    if following:
        return redirect(url_for("fit.question", question=following), 303)
    return redirect(url_for("offers.offer_list", **_answers().filters()), 303)


@bp.app_context_processor
def suggestion() -> dict:
    """Let the offer list say which service fits this visit's answers (nothing before a question is answered)."""
    return {"fit_suggestion": suggested_service}


def suggested_service() -> dict | None:
    """Return the service this visit's answers suggest, as {"slug", "name"}, or None."""
    answers = _answers()
    site = enrolment.terminal_site() if answers.started else None
    if site is None:
        return None
    service = choose_service(site_services(db.session, site.id), answers.service_slug())
    if service is None:
        return None
    return {"slug": service.slug, "name": service_text(service, i18n.current_language())["name"]}


def _answers() -> fit.Answers:
    return fit.read_answers(session.get(SESSION_KEY))


def _towns() -> list[str]:
    return offers.towns(db.session, clock.today())


def _question_page(question: str, refused: bool = False) -> str:
    choices = {
        "looking": list(fit.LOOKING.items()),
        "italian": list(fit.ITALIAN.items()),
        "town": [(town, town) for town in _towns()],
    }[question]
    return render_template(
        "fit/question.html", question=question, choices=choices, number=fit.QUESTIONS.index(question) + 1,
        total=len(fit.QUESTIONS), chosen=getattr(_answers(), question), previous=fit.previous_question(question),
        anywhere=fit.ANYWHERE, refused=refused,
    )
