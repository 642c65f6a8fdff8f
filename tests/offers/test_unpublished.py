"""A draft, an archived offer or one not yet published is the back office's business only: no public address
shows it, whoever guesses its id."""

from __future__ import annotations

from datetime import timedelta

import pytest


@pytest.mark.parametrize("values", [{"status": "draft"}, {"status": "archived"}, {"published_on": "tomorrow"}])
def test_no_public_address_opens_an_unpublished_offer(client, make_offer, today, values):
    if values.get("published_on") == "tomorrow":
        values = {"published_on": today + timedelta(days=1)}
    hidden = make_offer(**values)
    shown = make_offer()
    for address in ("/offers/{id}", "/m/o/{id}", "/api/v1/offers/{id}", "/offers/{id}/sheet.pdf"):
        assert client.get(address.format(id=shown.id)).status_code == 200, address
        assert client.get(address.format(id=hidden.id)).status_code == 404, address
    assert client.post(f"/offers/{hidden.id}/print").status_code == 404
    listed = client.get("/api/v1/offers").json["items"]
    assert [item["id"] for item in listed] == [shown.id]


def test_a_withdrawn_offer_keeps_its_phone_page_to_say_it_is_closed(client, make_offer):
    offer = make_offer(status="withdrawn")
    assert client.get(f"/m/o/{offer.id}").status_code == 200
