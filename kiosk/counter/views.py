"""The counter screen at /counter: choose a counter, then call, serve and move tickets on from it."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    get_flashed_messages,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from kiosk import clock, i18n, tokens
from kiosk.caching import no_store
from kiosk.counter import access, messages, panel, receptionist
from kiosk.counter.reprint import reprint as reprint_ticket
from kiosk.extensions import db
from kiosk.htmx import render
from kiosk.ids import parse_id
from kiosk.network import services as network
from kiosk.network.models import Site
from kiosk.queue.models import Counter, Service, Ticket
from kiosk.queue.ordering import rule_from_settings
from kiosk.queue.receipt import print_receipt
from kiosk.queue.services import service_text
from kiosk.queue.staffing import PAUSE_REASONS
from kiosk.staff.views import end_staff_session
from kiosk.sync.status import LinkStatus, link_status

bp = Blueprint("counter", __name__, url_prefix="/counter")
bp.after_request(no_store)  # every answer, fragments and redirects too: they show who waits and who serves
PAGE = "counter/screen.html"


@bp.before_request
def staff_only():
    """Send a signed-out browser to the sign-in page; refuse a role that does not work at counters."""
    if not current_user.is_authenticated:
        back = request.full_path.rstrip("?") if request.method == "GET" else url_for("counter.choose")
        login = url_for("staff.login", next=back)
        if request.htmx:  # a fragment would swap the sign-in form into the panel: reload the whole page
            response = make_response("", 401)
            response.headers["HX-Redirect"] = login
            return response
        return redirect(login)
    if current_user.role not in access.COUNTER_ROLES and request.endpoint != "counter.sign_out":
        return _refused("role")
    return None


@bp.errorhandler(access.Refused)
def refused(error: access.Refused):
    return _refused(error.reason)


@bp.get("")
def choose():
    """Show the counters of the desk, to choose the one to sit at."""
    site = access.site_to_work_at(db.session, current_user, request.args.get("site"),
                                  current_app.config["KIOSK_SITE"])
    if site is None:
        abort(404)
    sites = network.list_sites(db.session) if current_user.role == "admin" else []
    choices = receptionist.site_counters(db.session, site.id, current_user.id)
    lang = i18n.current_language()
    return render_template("counter/choose.html", site=site, sites=sites, choices=choices, central=_central(),
                           service_name=lambda service: service_text(service, lang)["name"])


@bp.post("/<int:counter_id>/open")
def open_counter(counter_id: int):
    """Sit at a counter and go to its screen."""
    counter, _site = _counter(counter_id)
    if not counter.active:  # taken out of service in the back office: nobody sits there any more
        abort(404)
    receptionist.sit_at(db.session, counter, current_user.id, clock.now())
    db.session.commit()
    return redirect(url_for("counter.screen", counter_id=counter.id))


@bp.post("/<int:counter_id>/leave")
def leave(counter_id: int):
    """Leave the counter (it closes) and go back to the choice of counters."""
    counter, site = _counter(counter_id)
    outcome = receptionist.leave(db.session, counter, current_user.id, clock.now())
    db.session.commit()
    flash(messages.describe(outcome), "ok" if outcome.ok else "refused")
    if not outcome.ok:
        return redirect(url_for("counter.screen", counter_id=counter.id))
    return redirect(url_for("counter.choose", site=site.slug if current_user.role == "admin" else None))


@bp.post("/sign-out")
def sign_out():
    """Leave every counter one sits at, then sign out everywhere."""
    end_staff_session()
    return redirect(url_for("staff.login"))


@bp.get("/<int:counter_id>")
def screen(counter_id: int):
    """Show the counter's screen: the ticket in hand, the actions and the waiting line."""
    counter, site = _counter(counter_id)
    flashed = get_flashed_messages(with_categories=True)
    context = panel.panel_context(db.session, counter, site, current_user.id) | _line_context(counter, site)
    return render(PAGE, **context, **_extras(), message=flashed[-1][1] if flashed else None,
                  message_ok=not flashed or flashed[-1][0] == "ok")


@bp.get("/<int:counter_id>/panel")
def panel_fragment(counter_id: int):
    """Show the counter's panel alone, after it changed elsewhere."""
    counter, site = _counter(counter_id)
    if not request.htmx:
        return redirect(url_for("counter.screen", counter_id=counter.id))
    return render(PAGE, block="panel", **panel.panel_context(db.session, counter, site, current_user.id),
                  **_extras())


@bp.get("/<int:counter_id>/line")
def line_fragment(counter_id: int):
    """Show the waiting line; answer 204 when nothing changed, and ask the panel to reload when it changed."""
    counter, site = _counter(counter_id)
    if not request.htmx:
        return redirect(url_for("counter.screen", counter_id=counter.id))
    context = _line_context(counter, site)
    if request.args.get("seen") == context["digest"]:
        response = make_response("", 204)
    else:
        response = render(PAGE, block="line", **context)
    if request.args.get("state", context["state"]) != context["state"]:
        response.headers["HX-Trigger"] = "panel-changed"
    return response


@bp.post("/<int:counter_id>/next")
def call_next(counter_id: int):
    """Call the next ticket in line to this counter."""
    counter, site = _counter(counter_id)
    rule = rule_from_settings(current_app.config)
    outcome = receptionist.call_next(db.session, counter, current_user.id, site.slug, clock.now(), rule)
    return _answer(counter, site, outcome)


@bp.post("/<int:counter_id>/call")
def call(counter_id: int):
    """Call one waiting ticket to this counter, out of turn."""
    counter, site = _counter(counter_id)
    ticket = _ticket(site)
    outcome = receptionist.call_ticket(db.session, counter, ticket, current_user.id, site.slug, clock.now())
    return _answer(counter, site, outcome)


@bp.post("/<int:counter_id>/<any(recall, start, finish, 'no-show'):action>")
def act(counter_id: int, action: str):
    """Recall, start, finish or mark as no-show the ticket in hand."""
    counter, site = _counter(counter_id)
    ticket = _ticket(site)
    outcome = receptionist.act(db.session, counter, ticket, action, current_user.id, site.slug, clock.now())
    return _answer(counter, site, outcome)


@bp.post("/<int:counter_id>/transfer")
def transfer(counter_id: int):
    """Send the ticket in hand to another service of the desk."""
    counter, site = _counter(counter_id)
    ticket = _ticket(site)
    service = db.session.get(Service, request.form.get("service_id", type=parse_id) or 0)
    if service is None or service.site_id != site.id:
        abort(400)
    outcome = receptionist.transfer(db.session, counter, ticket, service, current_user.id, site.slug, clock.now())
    return _answer(counter, site, outcome)


@bp.post("/<int:counter_id>/pause")
def pause(counter_id: int):
    """Pause the counter for a reason: nobody is called until it resumes."""
    counter, site = _counter(counter_id)
    reason = request.form.get("reason", "")
    if reason not in PAUSE_REASONS:
        abort(400)
    return _answer(counter, site, receptionist.pause(counter, reason, current_user.id, clock.now()))


@bp.post("/<int:counter_id>/resume")
def resume(counter_id: int):
    """Take calls again after a pause."""
    counter, site = _counter(counter_id)
    return _answer(counter, site, receptionist.resume(counter, current_user.id))


@bp.post("/<int:counter_id>/reprint")
def reprint(counter_id: int):
    """Print the receipt of the ticket in hand again, once per press."""
    counter, site = _counter(counter_id)
    ticket = _ticket(site)
    token = tokens.form_token()
    config = current_app.config
    outcome = reprint_ticket(db.session, counter, ticket, token, current_user.id, clock.now(), site_slug=site.slug,
                             backend=config["KIOSK_PRINT_BACKEND"], printer=config["KIOSK_PRINTER"])
    print_url = None
    if outcome.kind == receptionist.OutcomeKind.PRINTED and outcome.detail == "browser":
        print_url = _receipt_url(ticket.token)
    return _answer(counter, site, outcome, print_url=print_url)


@bp.post("/<int:counter_id>/give")
def give(counter_id: int):
    """Give a ticket to someone at the reception (who cannot use the kiosk), and print it here."""
    counter, site = _counter(counter_id)
    service = db.session.get(Service, request.form.get("service_id", type=parse_id) or 0)
    lang = i18n.normalise_language(request.form.get("lang"))
    if service is None or not service.active or lang is None:
        abort(400)
    token = tokens.form_token("request_token")
    if service.site_id != site.id:
        raise access.Refused("site")
    outcome, ticket = receptionist.give_ticket(db.session, counter, service, lang, request.form.get("priority") == "1",
                                               token, current_user.id, site, clock.now())
    print_url = None
    config = current_app.config
    if ticket is not None and config["KIOSK_PRINT_BACKEND"] != "none":
        job, _new = print_receipt(db.session, ticket, f"give-{token}"[:64], site_slug=site.slug,
                                  backend=config["KIOSK_PRINT_BACKEND"], printer=config["KIOSK_PRINTER"])
        if job.status == "browser":
            print_url = _receipt_url(ticket.token)
    return _answer(counter, site, outcome, print_url=print_url)


def _answer(counter: Counter, site: Site, outcome: receptionist.Outcome, print_url: str | None = None):
    """Commit, then show the panel with the outcome (htmx) or go back to the screen with it (plain form)."""
    db.session.commit()
    message = messages.describe(outcome)
    if not request.htmx:
        flash(message, "ok" if outcome.ok else "refused")
        return redirect(url_for("counter.screen", counter_id=counter.id))
    response = render(PAGE, block="panel", **panel.panel_context(db.session, counter, site, current_user.id),
                      **_extras(), message=message, message_ok=outcome.ok, print_url=print_url)
    response.headers["HX-Trigger-After-Settle"] = "queue-changed"  # the line shows the change right away
    return response


def _line_context(counter: Counter, site: Site) -> dict:
    """Return the waiting line's context; on a desk with its link to central, which changes the line too."""
    context = panel.line_context(db.session, counter, site, current_user.id, rule_from_settings(current_app.config))
    central = _central()
    if central is not None:
        context["digest"] = f"{context['digest']}-{central.digest}"
    return context | {"central": central}


def _central() -> LinkStatus | None:
    """Return the desk's link to central; None on a server that has no central to sync with."""
    return link_status(db.session) if current_app.config["KIOSK_ROLE"] == "desk" else None


def _extras() -> dict:
    return {"print_token": tokens.new_token(), "give_token": tokens.new_token(),
            "pause_reasons": messages.PAUSE_REASONS, "channels": messages.CHANNELS,
            "print_backend": current_app.config["KIOSK_PRINT_BACKEND"]}


def _counter(counter_id: int) -> tuple[Counter, Site]:
    """Return a counter the signed-in user may work at, and its site; 404 or 403 otherwise."""
    counter = db.session.get(Counter, counter_id)
    if counter is None:
        abort(404)
    access.check_counter(current_user, counter)
    return counter, db.session.get(Site, counter.site_id)


def _ticket(site: Site) -> Ticket:
    """Return the ticket the form names: 404 if there is none, 403 if it belongs to another desk."""
    ticket = db.session.get(Ticket, request.form.get("ticket_id", type=parse_id) or 0)
    if ticket is None:
        abort(404)
    if ticket.site_id != site.id:
        raise access.Refused("site")
    return ticket


def _receipt_url(token: str) -> str:
    """Return the address of a ticket's receipt PDF, for the desk PC's browser to print."""
    return url_for("tickets.receipt_pdf", token=token)


def _refused(reason: str):
    return make_response(render_template("counter/refused.html", reason=reason), 403)
