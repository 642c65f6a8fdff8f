"""Writing offers: the list, the editor with the nine languages side by side, publishing and archiving."""

from __future__ import annotations

import dataclasses

from flask import abort, flash, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from kiosk import clock
from kiosk.admin import bp
from kiosk.admin.access import ADMIN, EDITOR, actor, allow, check_organisation, organisation_scope
from kiosk.admin.offer_form import (
    FIELD_LABELS,
    OTHER_LANGUAGES,
    TEXT_LABELS,
    OfferForm,
    blank,
    from_offer,
    read_form,
    with_problems,
)
from kiosk.audit.services import history
from kiosk.extensions import db
from kiosk.htmx import render
from kiosk.ids import parse_id
from kiosk.network.models import Organisation
from kiosk.offers import staff_list, writing
from kiosk.offers.models import Offer
from kiosk.offers.richtext import to_plain
from kiosk.offers.services import parse_page

LIST = "admin/offers/list.html"
EDIT = "admin/offers/edit.html"
STATUS_DONE = {"published": _l("The offer is published: it is on the kiosks from its publishing date."),
               "withdrawn": _l("The offer is withdrawn: it is no longer on the kiosks."),
               "archived": _l("The offer is archived."),
               "draft": _l("The offer is a draft again: it is not on the kiosks.")}

# The labels the offer pages' macros use, in the page's language.
for _name, _labels in {"offer_status_labels": staff_list.STATUS_LABELS, "offer_sort_labels": staff_list.SORTS,
                       "offer_expiry_labels": staff_list.EXPIRY,
                       "offer_completeness_labels": staff_list.COMPLETENESS_LABELS}.items():
    bp.add_app_template_global(_labels, _name)


@bp.get("/offers")
@allow(ADMIN, EDITOR)
def offers():
    """List the offers the signed-in person may touch, filtered, searched, sorted and paged; htmx gets the list."""
    return _list_page(LIST, "offer_list", "admin.offers")


@bp.get("/offers/missing-translations")
@allow(ADMIN, EDITOR)
def missing_translations():
    """List the offers not yet complete in every language (or in one), with each language's mark."""
    counts = staff_list.incomplete_counts(db.session, organisation_scope(), clock.today())
    return _list_page("admin/offers/missing.html", "offer_list", "admin.missing_translations", counts=counts,
                      missing_only=True)


@bp.route("/offers/new", methods=["GET", "POST"])
@allow(ADMIN, EDITOR)
def new_offer():
    """Show the form of a new offer; save it as a draft when it passes its check."""
    if request.method == "GET":
        return edit_page(blank(clock.today(), organisation_scope()), None)
    organisation_id = _chosen_organisation()
    draft, shown, problems = read_form(request.form)
    problems += writing.check(db.session, draft, clock.today(), organisation_id=organisation_id)
    if organisation_id is None:
        problems.append(writing.Problem("organisation_id", writing.REQUIRED_MESSAGE))
    if problems:
        shown.organisation_id = organisation_id
        return edit_page(with_problems(shown, problems), None, status=422)
    offer = writing.create_offer(db.session, draft, organisation_id, actor(), clock.now())
    db.session.commit()
    flash(_l("The offer is saved as a draft: it is not on the kiosks until it is published."), "ok")
    return redirect(url_for("admin.edit_offer", offer_id=offer.id), 303)


@bp.route("/offers/<int:offer_id>", methods=["GET", "POST"])
@allow(ADMIN, EDITOR)
def edit_offer(offer_id: int):
    """Show an offer's form and history; save a change that passes its check (a new revision, audited)."""
    offer = _offer_or_404(offer_id)
    if request.method == "GET":
        return edit_page(from_offer(offer), offer)
    _same_organisation(offer)
    draft, shown, problems = read_form(request.form)
    problems += writing.check(db.session, draft, clock.today(), offer) + _changed_meanwhile(offer)
    if problems:
        shown.organisation_id = offer.organisation_id
        return edit_page(with_problems(shown, problems), offer, status=422)
    changes = writing.update_offer(db.session, offer, draft, actor(), clock.now())
    db.session.commit()
    flash(_l("Your changes are saved.") if changes else _l("Nothing was changed."), "ok")
    return redirect(url_for("admin.edit_offer", offer_id=offer.id), 303)


@bp.post("/offers/<int:offer_id>/status")
@allow(ADMIN, EDITOR)
def offer_status(offer_id: int):
    """Publish, withdraw, archive or bring back an offer, if its current status allows it."""
    offer = _offer_or_404(offer_id)
    status = request.form.get("status", "")
    if writing.set_status(db.session, offer, status, actor(), clock.now()):
        db.session.commit()
        flash(STATUS_DONE[status], "ok")
    else:
        flash(_l("This change is not possible from the offer's present status (%(status)s).",
                 status=staff_list.STATUS_LABELS[offer.status]), "refused")
    return redirect(url_for("admin.edit_offer", offer_id=offer.id), 303)


@bp.post("/offers/<int:offer_id>/duplicate")
@allow(ADMIN, EDITOR)
def duplicate_offer(offer_id: int):
    """Copy an offer into a new draft of the same organisation and open it."""
    copy = writing.duplicate_offer(db.session, _offer_or_404(offer_id), actor(), clock.now())
    db.session.commit()
    flash(_l("This is a copy, saved as a draft with a new reference."), "ok")
    return redirect(url_for("admin.edit_offer", offer_id=copy.id), 303)


def _list_page(template: str, block: str, endpoint: str, **extra):
    filters, errors = staff_list.parse_staff_filters(request.args)
    if extra.pop("missing_only", False):
        filters = dataclasses.replace(filters, incomplete=True, expiry=filters.expiry or "open")
    page_number, page_error = parse_page(request.args.get("page"))
    scope = organisation_scope()
    page = staff_list.list_staff_offers(db.session, filters, scope, page_number, clock.today())
    return render(template, block=block, filters=filters, errors=errors + ([page_error] if page_error else []),
                  page=page, organisations=_organisations() if scope is None else [],
                  page_url=lambda n: url_for(endpoint, **filters.params(), page=n),
                  completeness=staff_list.completeness, today=clock.today(), **extra)


def edit_page(form: OfferForm, offer: Offer | None, status: int = 200):
    """Render the offer's form: the fields, the nine languages beside the Italian text, the actions and history."""
    texts_state = staff_list.draft_completeness(form.texts)
    first_problem = next((key.split(".")[1] for key in form.problems if key.startswith("texts.")), None)
    return render(EDIT, status=status, form=form, offer=offer, completeness=texts_state,
                  writing_lang=first_problem or request.args.get("write") or "it",
                  organisations=_organisations() if organisation_scope() is None else [],
                  organisation=db.session.get(Organisation, form.organisation_id) if form.organisation_id else None,
                  entries=history(db.session, "offer", offer.id) if offer else [],
                  transitions=writing.TRANSITIONS.get(offer.status, ()) if offer else (),
                  field_labels=FIELD_LABELS, text_labels=TEXT_LABELS, rich_fields=writing.RICH_FIELDS, plain=to_plain,
                  other_languages=OTHER_LANGUAGES)


def _changed_meanwhile(offer: Offer) -> list[writing.Problem]:
    """Return a problem when someone saved the offer after this form was opened, so nobody overwrites it unseen.

    The form shown again carries the present revision: saving it once more keeps what this person wrote.
    """
    sent = parse_id(request.form.get("revision"))
    if sent is None or sent == offer.revision:
        return []
    return [writing.Problem("revision", _l("Someone else saved this offer while you were writing: see the history "
                                           "below. Check your text, then save again to keep it."))]


def _offer_or_404(offer_id: int) -> Offer:
    """Return the offer, or answer 404 when it does not exist or belongs to an organisation the person may not touch."""
    offer = db.session.get(Offer, offer_id)
    if offer is None:
        abort(404)
    check_organisation(offer.organisation_id)
    return offer


def _same_organisation(offer: Offer) -> None:
    """Refuse (404) a form that names another organisation than the offer's: an offer does not change hands."""
    sent = request.form.get("organisation_id")
    if sent not in (None, "") and parse_id(sent) != offer.organisation_id:
        abort(404)


def _chosen_organisation() -> int | None:
    """Return the organisation a new offer is for: the editor's own, or the one an admin chose (404 if none such)."""
    scope = organisation_scope()
    sent = request.form.get("organisation_id", "")
    chosen = parse_id(sent) if sent else scope
    if sent and chosen is None:
        abort(404)
    if chosen is not None:
        check_organisation(chosen)
        if db.session.get(Organisation, chosen) is None:
            abort(404)
    return chosen


def _organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))
