"""Taking a ticket from a phone, anywhere: choose the desk and the service, then wait for the number.

At central the request waits for the desk's next round (a few seconds), and its page (/m/t/<token>) says so until
the number comes; a standalone server issues the ticket at once. A desk takes no requests from phones: it answers
central's.
"""

from __future__ import annotations

import hashlib
import re
import uuid

from flask import abort, current_app, g, make_response, redirect, render_template, request, url_for
from flask_babel import refresh

from kiosk import clock, i18n
from kiosk.extensions import db, limiter
from kiosk.htmx import render
from kiosk.ids import parse_id
from kiosk.network.models import Site
from kiosk.public.views import HTMX_STOP_POLLING, POLL_SECONDS, bp
from kiosk.queue import taking
from kiosk.queue.models import Channel, Service
from kiosk.queue.services import service_text
from kiosk.remote import services as remote
from kiosk.remote.models import RemoteRequest, RequestStatus

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def remote_rate() -> str:
    return current_app.config["KIOSK_REMOTE_RATE"]


def a_repeated_request() -> bool:
    """Tell whether this form was sent already (a second touch, a reload): a repeat is no new request."""
    asked = _request_uuid()
    return asked is not None and (remote.by_uuid(db.session, asked) is not None
                                  or taking.ticket_for_request(db.session, asked) is not None)


def too_many_requests(_limit):
    """Refuse a phone that asked for many tickets this hour, in its language."""
    return make_response(_take_page(notice="too_many"), 429)


@bp.before_request
def no_requests_at_a_desk() -> None:
    """A desk answers central's requests and takes none from phones itself."""
    if request.endpoint == "public.take" and current_app.config["KIOSK_ROLE"] == "desk":
        abort(404)


@bp.get("/take")
def take():
    """Show the desks and their services to choose from, to take a ticket from the phone."""
    return _take_page()


@bp.post("/take")
@limiter.limit(remote_rate, on_breach=too_many_requests, exempt_when=a_repeated_request)
def ask():
    """Ask for a ticket for the chosen service: at central the desk gives the number, standalone gives it now."""
    asked, found = _request_uuid(), _chosen()
    if asked is None or found is None:
        return _take_page(notice="choose"), 400
    site, service = found
    now, lang, central = clock.now(), i18n.current_language(), current_app.config["KIOSK_ROLE"] == "central"
    repeated = remote.by_uuid(db.session, asked) or taking.ticket_for_request(db.session, asked)
    why = None if repeated else remote.why_not_now(
        db.session, site, now, always_open=current_app.config["KIOSK_ALWAYS_OPEN"], needs_desk=central)
    if why is not None:
        return _take_page(notice=why, chosen=service.id), 409
    if central:
        token = remote.ask(db.session, site, service, lang, now, asked).token
        db.session.commit()
    else:
        token = taking.take_once(db.session, taking.service_ref(service, site), lang, now, asked,
                                 channel=Channel.REMOTE).token
    return redirect(url_for("public.ticket", token=token, lang=lang), 303)


def request_page(token: str):
    """Show a phone's ticket request: waiting for the desk, its number, or why there is none; 404 if none."""
    return render_template("public/request.html", **_request_context(_held_request(token)))


def request_status(token: str):
    """Return where a request stands for htmx: 204 unchanged, 286 when nothing more will happen."""
    context = _request_context(_held_request(token))
    if request.htmx and not context["final"] and request.args.get("seen") == context["seen"]:
        return "", 204
    status = HTMX_STOP_POLLING if request.htmx and context["final"] else 200
    return render("public/request.html", block="ticket_status", status=status, **context)


def _held_request(token: str) -> RemoteRequest:
    found = remote.find_request(db.session, token, clock.now())
    if found is None:
        abort(404)
    db.session.commit()  # an expiry noticed just now
    g.lang = i18n.normalise_language(request.args.get("lang")) or i18n.normalise_language(found.lang) \
        or i18n.DEFAULT_LANGUAGE
    refresh()
    return found


def _request_context(found: RemoteRequest) -> dict:
    lang = i18n.current_language()
    final = found.status in (RequestStatus.REFUSED, RequestStatus.EXPIRED)
    seen = hashlib.blake2s(repr((lang, found.status, found.reason, found.code)).encode(), digest_size=8).hexdigest()
    service = db.session.get(Service, found.service_id)
    return dict(
        asked=found, final=final, seen=seen, poll_seconds=POLL_SECONDS, site=db.session.get(Site, found.site_id),
        service_name=service_text(service, lang)["name"],
        status_url=url_for("public.ticket_status", token=found.token, lang=lang, seen=seen),
    )


def _take_page(notice: str | None = None, chosen: int | None = None) -> str:
    lang = i18n.current_language()
    return render_template("public/take.html", choices=remote.choices(db.session, lang), notice=notice,
                           chosen=chosen if chosen is not None else request.form.get("service", type=parse_id),
                           request_uuid=str(uuid.uuid4()), lang_code=lang)


def _request_uuid() -> str | None:
    """Return the form's one-time uuid, or None for a missing or malformed one."""
    asked = request.form.get("request_uuid", "")
    return asked if _UUID.fullmatch(asked) else None


def _chosen() -> tuple[Site, Service] | None:
    service = db.session.get(Service, request.form.get("service", type=parse_id) or 0)
    return remote.find_choice(db.session, service.site_id, service.id) if service is not None else None
