"""GET /api/v1/sync/changes: the catalogue's changes for a desk, with the desk's own bearer token (and the desk
heard from: kiosk/sync/links.py)."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import lazy_gettext as _l

from kiosk import bearer, clock
from kiosk.api import params, problems
from kiosk.api.views import bp
from kiosk.extensions import db
from kiosk.ids import parse_whole
from kiosk.offers.services import FilterError
from kiosk.sync import feed, links, tokens


@bp.get("/sync/changes")
def sync_changes():
    """Answer the catalogue's changes after a revision, oldest first, to a desk with a live token."""
    token, answer = authenticate()
    if answer is not None:
        return answer
    lang, errors = params.parse_language(request.args)
    since, limit, paging_errors = _paging()
    if errors or paging_errors:
        return problems.invalid_parameters(errors + paging_errors, lang)
    changes = feed.changes_since(db.session, since, limit)
    heard_from(token, pulled=since)
    db.session.commit()  # the token's last use, the desk's link
    return jsonify(changes)


def _paging() -> tuple[int, int, list[FilterError]]:
    errors = []
    since = parse_whole(request.args.get("since") or "0", 0, feed.MAX_REVISION)
    if since is None:
        errors.append(FilterError("since", _l("Give a whole number from 0 to %(max)s.", max=feed.MAX_REVISION)))
    limit = parse_whole(request.args.get("limit") or str(feed.DEFAULT_LIMIT), 1, feed.MAX_LIMIT)
    if limit is None:
        errors.append(FilterError("limit", _l("Give a whole number from 1 to %(max)s.", max=feed.MAX_LIMIT)))
    return since or 0, limit or feed.DEFAULT_LIMIT, errors


def authenticate():
    """Return the live desk token the request carries and None, or None and the 401 answer to give."""
    secret = bearer.bearer_token(request.headers.get("Authorization", ""))
    token = tokens.find_token(db.session, secret, clock.now()) if secret else None
    if token is not None:
        return token, None
    answer = problems.bearer_refused(_l("A desk token is needed"),
                                     _l("Send the desk's token as Authorization: Bearer <token>."),
                                     _l("This token is not valid or has been revoked."), "InfoLavoro sync",
                                     sent=bool(secret), lang=problems.message_language())
    return None, answer


def heard_from(token, pulled: int | None = None) -> None:
    """Note that the token's desk called now, with what it says of itself; the caller commits."""
    links.note_contact(db.session, token.site_id, clock.now(), links.reported(request.headers), pulled=pulled)
