"""Taking a queue ticket at the terminal: the services, one service, the ticket on screen and on paper."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user

from kiosk import CONTENT_SECURITY_POLICY, clock, i18n, tokens
from kiosk.caching import no_store
from kiosk.extensions import db, limiter, talisman
from kiosk.htmx import render
from kiosk.ids import parse_id
from kiosk.network import closures
from kiosk.network.models import Site
from kiosk.offers import services as offers
from kiosk.offers.models import Offer
from kiosk.queue import hours, line, receipt, taking
from kiosk.queue.models import Service, Status, Ticket
from kiosk.queue.services import service_lines, service_text, site_services
from kiosk.queue.to_bring import documents_to_bring
from kiosk.terminal import enrolment

bp = Blueprint("tickets", __name__)
bp.after_request(no_store)  # a visit's forms and tickets: Back after "start over" must not show them again
KEPT_TICKETS = 5  # the tickets a visitor's session may show again (their own, until "start over")
KEPT_FORMS = 5  # the "take the ticket" forms of a visit whose one-time token may still take (or find) its ticket


def a_repeated_touch() -> bool:
    """Tell whether this form's one-time token has taken its ticket already: a repeat is no new ticket.

    The limiter asks once per limit; the answer is kept for the request.
    """
    if "repeated_touch" not in g:
        token = _form_token()
        g.repeated_touch = token is not None and taking.ticket_for_request(db.session, token) is not None
    return g.repeated_touch


def too_many_tickets(_limit):
    """Refuse a terminal that has given many tickets this minute, politely and in the visitor's language."""
    return make_response(render_template("tickets/too_many.html"), 429)


@bp.get("/ticket")
def services():
    """Show the desk's services as tiles, with how many wait and how long; htmx refreshes the tiles alone."""
    site, now = _here(), clock.now()
    lang, opening = i18n.current_language(), desk_opening(site, now)
    lines = service_lines(db.session, site.id, now.date(), lang) if site and opening.open else []
    offer = _public_offer(request.args.get("offer"))
    return render("tickets/services.html", block="service_tiles", lines=lines, offer=offer,
                  offer_text=offers.texts(offer, lang) if offer else None, rounded_wait=taking.rounded_wait,
                  site=site, opening=opening, opens_in=opening.days_until_opening(now),
                  closes_at=lambda estimate: hours.closing_before_call(opening, now, estimate))


@bp.get("/ticket/offer/<int:offer_id>")
def for_offer(offer_id: int):
    """Go to the service that can best talk about an offer, carrying the offer along."""
    site, offer = _here(), _public_offer(offer_id)
    if site is None or offer is None:
        return redirect(url_for("tickets.services"))
    slug = taking.service_slug_for_offer(offer.kind, offer.contract, offer.organisation.kind)
    service = taking.choose_service(site_services(db.session, site.id), slug)
    if service is None:
        return redirect(url_for("tickets.services"))
    return redirect(url_for("tickets.service", slug=service.slug, offer=offer.id))


@bp.get("/ticket/<slug>")
def service(slug: str):
    """Show one service: what to bring, the priority choice and the button that takes the ticket."""
    site, chosen = _service_or_404(slug)
    lang, now = i18n.current_language(), clock.now()
    opening = desk_opening(site, now)
    if not opening.open:  # the services page says when the desk opens again
        return redirect(url_for("tickets.services", offer=request.args.get("offer")))
    line_now = next(item for item in service_lines(db.session, site.id, now.date(), lang)
                    if item.service.id == chosen.id)
    offer = _public_offer(request.args.get("offer"))
    return render_template(
        "tickets/service.html", line=line_now, wait=taking.rounded_wait(line_now.estimate),
        closes_at=hours.closing_before_call(opening, now, line_now.estimate),
        documents=documents_to_bring(chosen.documents, lang), offer=offer,
        offer_text=offers.texts(offer, lang) if offer else None, request_token=_new_form_token(),
    )


@bp.post("/ticket/<slug>")
@limiter.limit(enrolment.ticket_rate, key_func=enrolment.rate_key, on_breach=too_many_tickets,
               exempt_when=a_repeated_touch)
def take(slug: str):
    """Take a ticket for the service in the visitor's language; a double touch gives one ticket."""
    site, chosen = _service_or_404(slug)
    token = _form_token()
    if token is None:
        abort(400)
    offer, now = _public_offer(request.form.get("offer")), clock.now()
    if not desk_opening(site, now).open:  # no number for a line that will not be called: say when we open instead
        return redirect(url_for("tickets.services", offer=offer.id if offer else None), 303)
    ticket = taking.take_once(
        db.session, taking.service_ref(chosen, site), i18n.current_language(), now, token,
        priority=request.form.get("priority") == "1", offer_reference=offer.reference if offer else "",
    )
    session["tickets"] = [*session.get("tickets", [])[-(KEPT_TICKETS - 1):], ticket.token]
    return redirect(url_for("tickets.ticket", token=ticket.token), 303)


@bp.before_request
def only_the_holder() -> None:
    """Open a ticket's pages for the visit that took it (or staff) alone, before a rate limit answers for them."""
    g.held_ticket = None  # found once here, for the view and a rate limit's answer alike
    token = (request.view_args or {}).get("token")
    if token is not None:
        _ticket_or_404(token)


@bp.get("/ticket/t/<token>")
def ticket(token: str):
    """Show the ticket: its number, the people ahead, the wait, what to bring and the code for the phone."""
    return render_template("tickets/ticket.html", **_ticket_page(_ticket_or_404(token)))


@bp.post("/ticket/t/<token>/print")
# One count of printouts per terminal, shared with the offers' sheets.
@limiter.shared_limit(enrolment.print_rate, scope="print", key_func=enrolment.rate_key,
                      on_breach=lambda _limit: _print_box(too_many=True))
def print_ticket(token: str):
    """Print the ticket's receipt once per print token; the page shows the ticket whatever the printer does."""
    held = _ticket_or_404(token)
    print_token = tokens.form_token()
    here = enrolment.current_terminal()
    job, new = receipt.print_receipt(db.session, held, print_token, site_slug=here.site_slug,
                                     backend=here.print_backend, printer=here.printer, terminal=here.name)
    db.session.commit()
    return _print_box(held, job=job, new=new)


@bp.get("/ticket/t/<token>/receipt.pdf")
# The kiosk browser prints the receipt from a hidden frame of the ticket's page: same-origin framing only.
@talisman(frame_options="SAMEORIGIN", content_security_policy=CONTENT_SECURITY_POLICY | {"frame-ancestors": "'self'"})
def receipt_pdf(token: str):
    """Send the ticket's 80 mm receipt as a PDF, in the language it was taken in."""
    held = _ticket_or_404(token)
    response = Response(receipt.ticket_receipt(db.session, held), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="ticket-{held.code}.pdf"'
    return response


def _here() -> Site | None:
    return enrolment.terminal_site()


def desk_opening(site: Site | None, now) -> hours.Opening:
    """Return whether this server's desk is open now, as its settings say (KIOSK_ALWAYS_OPEN)."""
    return closures.site_opening(db.session, site, now, current_app.config["KIOSK_ALWAYS_OPEN"])


def _service_or_404(slug: str) -> tuple[Site, Service]:
    site = _here()
    chosen = taking.find_service(db.session, site.id, slug) if site else None
    if chosen is None:
        abort(404)
    return site, chosen


def _new_form_token() -> str:
    """Return a one-time token for a "take the ticket" form, remembered as this visit's."""
    token = tokens.new_token()
    session["ticket_forms"] = [*session.get("ticket_forms", [])[-(KEPT_FORMS - 1):], token]
    return token


def _form_token() -> str | None:
    """Return the form's one-time token when this visit was given it; None for another visit's or a made-up one.

    So a token read off someone else's screen (or replayed) neither takes a ticket nor finds the one it took.
    """
    token = request.form.get("request_token", "")
    return token if token in session.get("ticket_forms", []) else None


def _ticket_or_404(token: str) -> Ticket:
    """Return a ticket this visitor took (the kiosk forgets them at "start over"), or one staff reprint; else 404.

    So the next visitor at the kiosk cannot go back to the last one's ticket and follow or cancel it.
    """
    held = g.get("held_ticket")
    if held is not None and held.token == token:  # found already by `only_the_holder` in this request
        return held
    found = this_visits_ticket(token)
    if found is None:
        abort(404)
    g.held_ticket = found
    return found


def this_visits_ticket(token: str) -> Ticket | None:
    """Return a ticket this visit took (any, for staff), as its pages find it; None for anyone else's."""
    mine = token in session.get("tickets", []) or current_user.is_authenticated
    return db.session.scalar(db.select(Ticket).where(Ticket.token == token)) if mine and len(token) <= 64 else None


def _public_offer(offer_id) -> Offer | None:
    """Return the offer a ticket is about when it exists and is on show; anything else is ignored."""
    number = offer_id if isinstance(offer_id, int) else parse_id(offer_id)
    offer = offers.get_offer(db.session, number) if number else None
    return offer if offer is not None and offers.is_current(offer, clock.today()) else None


def _ticket_page(held: Ticket, job=None, new: bool = False, too_many: bool = False) -> dict:
    """Return what the ticket's page shows, in the visitor's language, with what became of a print."""
    lang, now = i18n.current_language(), clock.now()
    waiting = held.status == Status.WAITING and held.day == now.date()  # yesterday's line is gone
    ahead, estimate = line.wait_for(db.session, held) if waiting else (0, None)
    opening = desk_opening(db.session.get(Site, held.site_id), now) if waiting else hours.ALWAYS_OPEN
    return dict(
        ticket=held, service_name=service_text(held.service, lang)["name"], waiting=waiting, ahead=ahead,
        wait=taking.rounded_wait(estimate) if waiting else None,
        closes_at=hours.closing_before_call(opening, now, estimate) if waiting else None,
        taken_at=receipt.local_time(held.taken_at, lang),
        documents=documents_to_bring(held.service.documents, lang), phone_url=receipt.phone_url(held),
        auto_print_token=taking.auto_print_token(held), print_token=tokens.new_token(),
        receipt_url=url_for("tickets.receipt_pdf", token=held.token), job=job, new_job=new, too_many=too_many,
    )


def _print_box(held: Ticket | None = None, **print_state):
    """Answer a print with the print box alone for htmx, or the whole ticket page otherwise."""
    if held is None:  # the rate limit answers before the view has found the ticket: the holder's check again
        held = _ticket_or_404((request.view_args or {}).get("token", ""))
    return render("tickets/ticket.html", block="print_box", **_ticket_page(held, **print_state))
