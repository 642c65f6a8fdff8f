"""Addresses: public ones for QR codes follow KIOSK_PUBLIC_URL; a page to go back to is always one of ours; a number
in an address or a form that no database row can have is simply not found, never a server error."""

import pytest
from werkzeug.routing import IntegerConverter, ValidationError

from kiosk import create_app
from kiosk.ids import MAX_ID
from kiosk.urls import local_path, public_url
from tests.conftest import base_config
from tests.counter.conftest import Browser, desk, quick_hashes, take  # noqa: F401 - fixtures used here
from tests.terminal.conftest import request_token_on

# Addresses a browser would open on another site (it reads a backslash as a slash and drops tabs and line breaks),
# or not as a page at all.
OFFSITE = ["https://evil.example/", "//evil.example/", "/\\evil.example", "/\\/evil.example", "\\\\evil.example",
           "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/evil\x00.example", "javascript:alert(1)",
           "evil.example", "http:/evil.example", "", None]
# Past PostgreSQL's integer, past SQLite's (and PostgreSQL's bigint), far past both, and below zero.
OUT_OF_RANGE = [str(2**31), str(2**63), "99999999999999999999", "-1"]


def test_public_url_is_the_servers_own_by_default(app):
    with app.test_request_context("/", base_url="http://desk.local:8000"):
        assert public_url("public.offer", offer_id=3, lang="ar") == "http://desk.local:8000/m/o/3?lang=ar"


def test_public_url_follows_the_setting_without_repeating_the_mount_point(app):
    app.config["KIOSK_PUBLIC_URL"] = "https://lavoro.example.it/kiosk/"
    with app.test_request_context("/", base_url="http://10.0.0.5/kiosk"):
        assert public_url("public.offer", offer_id=3, lang="it") == "https://lavoro.example.it/kiosk/m/o/3?lang=it"


@pytest.mark.parametrize("target", OFFSITE)
def test_a_page_to_go_back_to_is_never_on_another_site(target):
    assert local_path(target) is None


@pytest.mark.parametrize("target", ["/home", "/offers?kind=job&page=2", "/counter/3?lang=ar", "/offers/%5Cthing"])
def test_a_page_of_ours_is_kept_as_it_is(target):
    assert local_path(target) == target


def _integer_rules() -> list:
    """Every rule of the app with a number in its address, with the methods it answers."""
    app = create_app(base_config("sqlite://"))
    rules = []
    for rule in app.url_map.iter_rules():
        if any(isinstance(converter, IntegerConverter) for converter in rule._converters.values()):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                rules.append(pytest.param(rule.rule, method, id=f"{method} {rule.rule}"))
    return rules


def _address(rule: str, number: str) -> str:
    """Fill a rule's numbers with `number` and its other parts with a value they accept."""
    import re

    def fill(match: re.Match) -> str:
        converter, arguments = match.group("converter") or "default", match.group("arguments") or ""
        if converter == "int":
            return number
        if converter == "any":
            return arguments.split(",")[0].strip(" '\"")
        return "x"

    return re.sub(r"<(?:(?P<converter>\w+)(?:\((?P<arguments>[^)]*)\))?:)?\w+>", fill, rule)


@pytest.mark.both_databases
@pytest.mark.parametrize(("rule", "method"), _integer_rules())
def test_a_number_past_the_databases_range_in_an_address_is_not_found(app, desk, rule, method):  # noqa: F811
    # Signed in at a counter, so the counter's addresses reach their views rather than the sign-in page.
    browser = Browser(app, "giulia")
    for number in OUT_OF_RANGE:
        response = browser.post(_address(rule, number)) if method == "POST" else browser.get(_address(rule, number))
        assert response.status_code == 404, (number, response.status_code)


def test_a_new_route_with_a_number_is_bounded_too(app):
    converter = app.url_map.converters["int"](app.url_map)
    assert converter.to_python(str(MAX_ID)) == MAX_ID
    for number in (str(MAX_ID + 1), "9" * 5000):
        with pytest.raises(ValidationError):
            converter.to_python(number)


@pytest.mark.both_databases
@pytest.mark.parametrize("number", OUT_OF_RANGE + ["١٢", "1e3", " 7"])
def test_numbers_in_counter_forms_are_refused_or_not_found(app, desk, take, number):  # noqa: F811
    browser = Browser(app, "giulia")
    one = desk["one"].id
    assert browser.post(f"/counter/{one}/open").status_code == 302
    ticket = take("A")
    assert browser.post(f"/counter/{one}/call", data={"ticket_id": number}).status_code == 404
    for action in ("recall", "start", "finish", "no-show", "transfer", "reprint"):
        assert browser.post(f"/counter/{one}/{action}", data={"ticket_id": number}).status_code == 404
    moved = browser.post(f"/counter/{one}/transfer", data={"ticket_id": ticket.id, "service_id": number})
    assert moved.status_code == 400
    assert "The request could not be understood." in moved.text  # the error page, in the staff's language
    given = browser.post(f"/counter/{one}/give", data={"service_id": number, "lang": "it",
                                                       "request_token": "a" * 32})
    assert given.status_code == 400


@pytest.mark.both_databases
@pytest.mark.parametrize("number", OUT_OF_RANGE + ["١٢"])
def test_an_offer_number_past_the_range_on_the_ticket_pages_is_ignored(app, client, desk, number):  # noqa: F811
    assert client.get(f"/ticket?offer={number}").status_code == 200
    form = client.get(f"/ticket/orientation?offer={number}")
    assert form.status_code == 200
    taken = client.post("/ticket/orientation", data={"offer": number, "request_token": request_token_on(form.text)})
    assert taken.status_code == 303
