"""Errors under /api/v1 are RFC 9457 problem details, never a 500, in the asked language when it is valid."""

import pytest

PROBLEM = "application/problem+json"


def problem(response, status):
    assert response.status_code == status, response.text
    assert response.mimetype == PROBLEM
    body = response.get_json(force=True)
    assert body["status"] == status
    assert body["title"].strip() and body["detail"].strip()
    return body


def bad_parameters(client, url):
    body = problem(client.get(url), 400)
    assert body["type"].endswith("/api/v1/openapi.json#/components/responses/InvalidParameters")
    assert all(error["message"].strip() for error in body["errors"])
    return [error["parameter"] for error in body["errors"]]


@pytest.mark.parametrize(("query", "parameter"), [
    ("kind=pirate", "kind"),
    ("sector=Z", "sector"),
    ("italian=D9", "italian"),
    ("page=abc", "page"),
    ("page=0", "page"),
    ("page=-1", "page"),
    ("page=²", "page"),
    ("per_page=0", "per_page"),
    ("per_page=1000", "per_page"),
    ("per_page=ten", "per_page"),
    ("per_page=²", "per_page"),
    ("lang=xx", "lang"),
    ("q=" + "parola " * 20, "q"),
    ("protected=maybe", "protected"),
    ("recent=2", "recent"),
    ("town=" + "x" * 81, "town"),
    ("hours=%20full_time", "hours"),  # taken as written, as the document lists it
    ("protected=TRUE", "protected"),
    ("lang=%20it", "lang"),
    ("page=1.5", "page"),
])
def test_each_bad_parameter_is_named(client, query, parameter):
    assert bad_parameters(client, f"/api/v1/offers?{query}") == [parameter]


@pytest.mark.both_databases
def test_nul_bytes_and_odd_text_never_break_the_database(client, make_offer):
    make_offer(texts={"it": {"title": "Cuoco di linea"}})
    # A control character parts words like a space: no NUL byte reaches PostgreSQL, and the search still finds.
    assert client.get("/api/v1/offers?town=La%00Spezia&q=cuoco%00linea").get_json()["total"] == 1
    assert client.get("/api/v1/offers?town=%00").get_json()["total"] == 1
    for query in ["q=%22", "q=NEAR(", "q=*", "town=%27%3B--"]:
        assert client.get(f"/api/v1/offers?{query}").status_code == 200, query


def test_every_bad_parameter_is_reported_at_once(client):
    names = bad_parameters(client, "/api/v1/offers?kind=x&protected=maybe&page=abc&per_page=0&lang=xx")
    assert sorted(names) == ["kind", "lang", "page", "per_page", "protected"]


def test_good_values_with_a_bad_one_still_fail(client):
    assert bad_parameters(client, "/api/v1/offers?kind=job&lang=en&per_page=101") == ["per_page"]


def test_messages_follow_a_valid_lang_and_fall_back_to_italian(client):
    arabic = client.get("/api/v1/offers?lang=ar&kind=pirate")
    body = problem(arabic, 400)
    assert arabic.headers["Content-Language"] == "ar"
    assert [e["parameter"] for e in body["errors"]] == ["kind"]
    assert isinstance(body["errors"][0]["message"], str) and body["errors"][0]["message"]

    wrong = client.get("/api/v1/offers?lang=klingon&kind=pirate")
    problem(wrong, 400)
    assert wrong.headers["Content-Language"] == "it"


def test_unknown_offer_is_a_404_problem(client, app):
    body = problem(client.get("/api/v1/offers/424242?lang=en"), 404)
    assert body["type"] == "about:blank"
    problem(client.get("/api/v1/offers/99999999999999999999"), 404)  # past any database integer
    problem(client.get("/api/v1/offers/abc"), 404)


def test_bad_lang_on_the_detail_is_a_400(client, make_offer):
    offer = make_offer()
    assert bad_parameters(client, f"/api/v1/offers/{offer.id}?lang=xx") == ["lang"]


def test_unknown_paths_and_methods_under_the_api_are_problems(client):
    problem(client.get("/api/v1/nowhere"), 404)
    problem(client.get("/api/v1"), 404)
    not_allowed = client.patch("/api/v1/offers")
    problem(not_allowed, 405)
    assert "GET" in not_allowed.headers["Allow"] and "POST" in not_allowed.headers["Allow"]
    problem(client.delete("/api/v1/offers/99999999999"), 404)  # no offer can have this id, whatever the method
    problem(client.delete("/api/v1/openapi.json?lang=fr"), 405)


def test_errors_outside_the_api_are_left_alone(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype != PROBLEM
