"""Who reaches what: every route of the app × every method × anonymous, admin, editor and receptionist.

Generated from `app.url_map`, so a route nobody thought about fails here by its name. A back-office route says who
may open it with `kiosk.admin.access.allow` (the view's `allowed_roles`); every other route's rule is in `RULES`
below. URL parameters name real records made for the test, so an answer is about access, not a 404.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from flask import url_for
from werkzeug.routing import AnyConverter, Rule

from kiosk.api import keys
from kiosk.audit.services import Actor
from kiosk.extensions import db
from kiosk.network.models import SiteClosure
from kiosk.queue.models import TicketEvent
from kiosk.staff import services as staff
from kiosk.sync import tokens
from kiosk.terminal import registry
from tests.admin.conftest import other_organisation, people  # noqa: F401 - one account of every role
from tests.counter.conftest import Browser, quick_hashes  # noqa: F401 - light hashes: many sign-ins here

ANONYMOUS, ADMIN, EDITOR, RECEPTIONIST = "anonymous", "admin", "editor", "receptionist"
STAFF = frozenset({ADMIN, EDITOR, RECEPTIONIST})
EVERYONE = STAFF | {ANONYMOUS}
WRITES = ("POST", "PUT", "PATCH", "DELETE")
# Who plays each role: staff of La Spezia and of Tempor, where the records below belong.
PEOPLE = {ADMIN: "admin", EDITOR: "elena", RECEPTIONIST: "giulia"}


@dataclass(frozen=True)
class Expect:
    """Who gets through, and how the others are refused: "login" (403 signed in, the sign-in page anonymous)
    or "401" (no API key: refused whoever asks, session or not)."""

    allowed: frozenset
    refusal: str = "login"
    signs_out: bool = False  # the route ends the session: allowed means "sent to the sign-in page, signed out"


PUBLIC = Expect(EVERYONE)
# Routes outside the back office, by endpoint first, then by blueprint (the part before the dot).
RULES: dict[str, Expect] = {
    # the touch screen, its offers and tickets, the phone pages, the display, sheets and printing: nobody signs in
    "terminal": PUBLIC, "enrolment": PUBLIC, "offers": PUBLIC, "tickets": PUBLIC, "public": PUBLIC, "display": PUBLIC,
    "sheets": PUBLIC, "printing": PUBLIC, "health": PUBLIC, "static": PUBLIC, "listen": PUBLIC, "glossary": PUBLIC,
    "fit": PUBLIC, "rating": PUBLIC,
    "staff.login": PUBLIC,
    "staff.logout": Expect(STAFF, signs_out=True),
    # kiosk/counter/views.py `staff_only`: signed in, and a role in access.COUNTER_ROLES; anyone signed in may
    # sign out from there (an editor who opened it by mistake too)
    "counter": Expect(frozenset({ADMIN, RECEPTIONIST})),
    "counter.sign_out": Expect(STAFF, signs_out=True),
    # the API reads are public; its writes need an organisation's API key, which no role's session carries
    "api:GET": PUBLIC,
    "api:WRITE": Expect(frozenset(), refusal="401"),
    # a desk's pull of the catalogue: its own bearer token, which no role's session carries
    "api.sync_changes": Expect(frozenset(), refusal="401"),
    # a desk's phone requests and its answers to them: its own bearer token too
    "api.sync_requests": Expect(frozenset(), refusal="401"),
    "api.sync_request_outcomes": Expect(frozenset(), refusal="401"),

    # a desk's push of its events: the same
    "api.sync_events": Expect(frozenset(), refusal="401"),
}


def expectation(app, rule: Rule, method: str) -> Expect | None:
    """Return who may send this method to this route, or None when nobody said."""
    roles = getattr(app.view_functions[rule.endpoint], "allowed_roles", None)
    if roles is not None:
        return Expect(frozenset(roles))
    blueprint = rule.endpoint.rpartition(".")[0] or rule.endpoint
    if blueprint == "admin":
        return None  # a back-office view without `allow(...)`
    if rule.endpoint in RULES:
        return RULES[rule.endpoint]
    if blueprint == "api":
        return RULES["api:GET" if method == "GET" else "api:WRITE"]
    return RULES.get(rule.endpoint) or RULES.get(blueprint)


def routes(app) -> list[tuple[Rule, str]]:
    return [(rule, method) for rule in sorted(app.url_map.iter_rules(), key=lambda rule: (rule.rule, rule.endpoint))
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]


@pytest.fixture
def records(app, people, make_service, make_counter, make_offer, make_ticket, mid_morning):  # noqa: F811
    """Real records of La Spezia and of Tempor for every URL parameter the routes take."""
    site = people["site"]
    service = make_service(site, "A", "orientation", "Orientamento")
    counter = make_counter(site, 1, [service])
    offer = make_offer()
    ticket = make_ticket(service)
    terminal = registry.register(db.session, registry.Settings(site.id, "Ingresso", "none", "", 60, 5, 5),
                                 Actor("test"), mid_morning)
    api_key, _ = keys.make_key(db.session, people["organisation"].id, "Gestionale", Actor("test"), mid_morning)
    desk_token, _ = tokens.make_token(db.session, site, Actor("test"), mid_morning)
    zeno = staff.create_user(db.session, "zeno", "a long secret 1", "editor",
                             organisation_id=people["organisation"].id)  # an account to change, of nobody here
    closure = SiteClosure(site_id=site.id, starts=mid_morning.date(), ends=mid_morning.date(), reason="Sciopero")
    db.session.add(closure)
    db.session.commit()
    event = db.session.scalar(sa.select(TicketEvent).where(TicketEvent.ticket_uuid == ticket.uuid))
    return {
        "counter_id": counter.id, "offer_id": offer.id, "service_id": service.id, "site_id": site.id,
        "organisation_id": people["organisation"].id, "user_id": zeno.id, "ticket_id": ticket.id,
        "terminal_id": terminal.id, "key_id": api_key.id, "closure_id": closure.id,
        "token_id": desk_token.id, "code": ticket.code,
        "site_slug": site.slug, "slug": service.slug, "token": ticket.token, "event_uuid": event.uuid,
        "lang": "it", "filename": "admin.css", "key": "ccnl",  # a shipped glossary term
    }


def fill(rule: Rule, records: dict) -> dict | str:
    """Return the values for a route's URL parameters, or the name of one nobody made a record for."""
    values = {}
    for name in rule.arguments:
        converter = rule._converters.get(name)
        if isinstance(converter, AnyConverter):
            values[name] = sorted(converter.items)[0]
        elif name in records:
            values[name] = records[name]
        elif name.endswith("_id") and (found := _first_id(name.removesuffix("_id"))) is not None:
            values[name] = found  # a new kind of record: the first row of the table named like it
        else:
            return name
    return values


def _first_id(table: str) -> int | None:
    if table not in db.metadata.tables:
        return None
    return db.session.execute(sa.select(sa.func.min(db.metadata.tables[table].c.id))).scalar()


def test_every_route_says_who_may_use_it(app):
    unknown = [f"{method} {rule.rule} ({rule.endpoint})" for rule, method in routes(app)
               if expectation(app, rule, method) is None]
    assert not unknown, ("say who may use these routes (allow(...) on a back-office view, or RULES in "
                         "tests/test_access.py): " + ", ".join(unknown))


def test_every_route_can_be_asked_for_with_real_records(app, records):
    missing = [f"{rule.rule}: <{name}>" for rule, _ in routes(app) if isinstance(name := fill(rule, records), str)]
    assert not missing, "make a record for these URL parameters in `records`: " + ", ".join(missing)


@pytest.mark.parametrize("role", [ANONYMOUS, ADMIN, EDITOR, RECEPTIONIST])
def test_each_role_reaches_what_it_may_and_is_refused_everywhere_else(app, records, role):
    wrong = []
    browser = _browser(app, role)
    for rule, method in routes(app):
        expect, values = expectation(app, rule, method), fill(rule, records)
        if expect is None or isinstance(values, str):
            continue  # said by the two tests above
        with app.test_request_context():
            path = url_for(rule.endpoint, **values)
        response = browser.open(path, method=method)
        response.close()  # a display's event stream gives its slot back
        problem = _judge(expect, role, response)
        if problem is None and expect.signs_out and role in expect.allowed:
            problem = None if _browser_signed_out(browser) else "still signed in after signing out"
            browser = _browser(app, role)
        if problem:
            wrong.append(f"{method} {path} ({rule.endpoint}): {problem}")
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)


def _judge(expect: Expect, role: str, response) -> str | None:
    """Return what is wrong with an answer, or None."""
    status, location = response.status_code, response.location or ""
    to_sign_in = status in (301, 302, 303) and location.startswith("/staff/login")
    if role in expect.allowed:
        if expect.signs_out:
            return None if to_sign_in else f"expected to be signed out, got {status}"
        if status == 403 or to_sign_in or status >= 500:
            return f"allowed, but answered {status} {location}".strip()
        return None
    if expect.refusal == "401":
        return None if status == 401 else f"expected 401 without a bearer token, got {status}"
    if role == ANONYMOUS:
        return None if to_sign_in else f"expected the sign-in page, got {status} {location}".strip()
    return None if status == 403 else f"expected 403, got {status} {location}".strip()


class _Client:
    """A browser of one role that sends any method; each request in its own app context, as on a server."""

    def __init__(self, app, role: str):
        self.app = app
        self.client = Browser(app, PEOPLE[role]).client if role != ANONYMOUS else app.test_client()

    @classmethod
    def of(cls, app, username: str) -> _Client:
        """Return the browser of one named person."""
        browser = cls(app, ANONYMOUS)
        browser.client = Browser(app, username).client
        return browser

    def open(self, path: str, method: str):
        with self.app.app_context():
            return self.client.open(path, method=method, data={})


def _browser(app, role: str) -> _Client:
    return _Client(app, role)


def _browser_signed_out(browser: _Client) -> bool:
    response = browser.open("/admin/password", "GET")
    return response.status_code == 302 and response.location.startswith("/staff/login")


def snapshot() -> dict:
    """Return every row of every table, to prove a refused request changed nothing."""
    db.session.expire_all()
    with db.engine.connect() as connection:
        return {table.name: sorted(map(repr, connection.execute(sa.select(table))))
                for table in db.metadata.sorted_tables}


def test_every_write_outside_the_api_needs_its_csrf_token(app, records):
    admin = _browser(app, ADMIN)  # signed in before the tokens are checked: the sign-in form needs one too
    app.config["WTF_CSRF_ENABLED"] = True
    before, wrong, checked = snapshot(), [], 0
    for rule, method in routes(app):
        values = fill(rule, records)
        if method not in WRITES or rule.endpoint.startswith("api.") or isinstance(values, str):
            continue
        with app.test_request_context():
            path = url_for(rule.endpoint, **values)
        response = admin.open(path, method)
        checked += 1
        if response.status_code != 400:
            wrong.append(f"{method} {path} ({rule.endpoint}): {response.status_code}")
    assert not wrong, "answered without a CSRF token:\n" + "\n".join(wrong)
    assert snapshot() == before
    assert checked >= 20
    assert not _browser_signed_out(admin)  # signing out without the token did not happen either


def test_a_receptionist_of_another_desk_is_refused_at_every_counter_of_this_one(app, records):
    """Sara works at Sarzana: each counter route of La Spezia's counter answers her 403 (kiosk/counter/access.py)."""
    sara = _Client.of(app, "sara")
    wrong, checked = [], 0
    for rule, method in routes(app):
        if not rule.endpoint.startswith("counter.") or "counter_id" not in rule.arguments:
            continue
        with app.test_request_context():
            path = url_for(rule.endpoint, **fill(rule, records))
        checked += 1
        if (status := sara.open(path, method).status_code) != 403:
            wrong.append(f"{method} {path}: {status}")
    assert checked >= 10
    assert not wrong, "a counter of another desk answered:\n" + "\n".join(wrong)


def test_a_new_route_nobody_said_anything_about_is_caught(app):
    """What the first test does when someone adds a page and forgets `allow(...)` or a line in RULES."""
    from kiosk.admin import access

    assert expectation(app, Rule("/admin/x", endpoint="admin.home"), "GET") == Expect(frozenset({ADMIN, EDITOR}))
    app.view_functions["admin.forgotten"] = lambda: ""
    app.view_functions["reports.chart"] = lambda: ""
    app.view_functions["admin.remembered"] = access.allow(ADMIN)(lambda: "")
    assert expectation(app, Rule("/admin/forgotten", endpoint="admin.forgotten"), "GET") is None
    assert expectation(app, Rule("/reports/chart", endpoint="reports.chart"), "GET") is None
    assert expectation(app, Rule("/admin/r", endpoint="admin.remembered"), "POST") == Expect(frozenset({ADMIN}))
    assert expectation(app, Rule("/api/v1/offers", endpoint="api.offer_list"), "POST").refusal == "401"
