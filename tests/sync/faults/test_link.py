"""The fault proxy in front of a real central: each control fails the desk's real client the way a link fails,
and the link comes back afterwards. Central is gunicorn on PostgreSQL; nothing is mocked."""

from __future__ import annotations

import time

import httpx
import pytest
import sqlalchemy as sa

from kiosk.sync.client import CentralClient, LinkDown, Refused
from kiosk.sync.models import DeskToken

pytestmark = pytest.mark.postgres


@pytest.fixture
def token(central):
    return central.make_token("la-spezia")


@pytest.fixture
def through_proxy(proxy, token):
    """The desk's client for central's sync API, through the proxy, with no retries of its own."""
    client = CentralClient(proxy.url, token, transport=httpx.HTTPTransport(retries=0), timeout=10)
    yield client
    client.close()


def changes(client: CentralClient, since: int = 0, limit: int = 50) -> dict:
    return client.get("changes", since=since, limit=limit)


def test_the_proxy_passes_the_exchange_through_and_notes_each_request(through_proxy, proxy):
    first = changes(through_proxy)
    assert first["changes"] and first["more"] is True
    assert changes(through_proxy, since=first["next"])["changes"][0]["revision"] > first["next"]
    assert proxy.count("GET /api/v1/sync/changes?since=") == 2


def test_a_cut_link_refuses_connections_until_it_is_restored(through_proxy, proxy):
    changes(through_proxy)  # a kept-alive connection, which the cut closes too
    proxy.cut()
    with pytest.raises(LinkDown):
        changes(through_proxy)
    with pytest.raises(httpx.ConnectError):  # refused, not hanging: nothing listens
        httpx.get(proxy.url + "/healthz", timeout=2)
    proxy.restore()
    assert changes(through_proxy)["changes"]


def test_a_link_cut_in_the_middle_of_an_answer_is_a_link_down(through_proxy, proxy):
    whole = changes(through_proxy, limit=200)
    fault = proxy.cut_next_response_after(2000, match="/sync/changes")
    with pytest.raises(LinkDown):
        changes(through_proxy, limit=200)
    assert fault.wait(1) and "limit=200" in fault.request
    assert changes(through_proxy, limit=200) == whole  # the next request passes


def test_a_lost_answer_was_still_served_by_central(through_proxy, proxy, central, token):
    """The token's first use is committed at central although the desk never heard the answer."""
    fault = proxy.drop_next_response(match="/sync/changes")
    with pytest.raises(LinkDown):
        changes(through_proxy)
    assert fault.wait(1)
    engine = sa.create_engine(central.db_url)
    with engine.connect() as conn:
        used = conn.scalar(sa.select(DeskToken.last_used_at))
    engine.dispose()
    assert used is not None
    assert changes(through_proxy)["changes"]


def test_a_delayed_link_answers_late(through_proxy, proxy):
    proxy.delay(0.5)
    started = time.monotonic()
    changes(through_proxy, limit=1)
    assert time.monotonic() - started >= 0.5
    proxy.restore()
    started = time.monotonic()
    changes(through_proxy, limit=1)
    assert time.monotonic() - started < 0.5


def test_a_revoked_or_unknown_token_is_refused_through_the_link(through_proxy, central, token, proxy):
    changes(through_proxy)
    central.revoke(token)
    with pytest.raises(Refused) as refused:
        changes(through_proxy)
    assert refused.value.status == 401
    stranger = CentralClient(proxy.url, "ild_" + "Q" * 43)
    try:
        with pytest.raises(Refused):
            changes(stranger)
    finally:
        stranger.close()


def test_a_restarted_central_answers_again_on_the_same_address(through_proxy, central):
    central.kill()
    with pytest.raises(LinkDown):
        changes(through_proxy)
    central.start()
    assert changes(through_proxy)["changes"]
