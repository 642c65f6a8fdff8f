"""Public addresses for QR codes follow KIOSK_PUBLIC_URL; a page to go back to is always one of ours."""

import pytest

from kiosk.urls import local_path, public_url

# Addresses a browser would open on another site (it reads a backslash as a slash and drops tabs and line breaks),
# or not as a page at all.
OFFSITE = ["https://evil.example/", "//evil.example/", "/\\evil.example", "/\\/evil.example", "\\\\evil.example",
           "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/evil\x00.example", "javascript:alert(1)",
           "evil.example", "http:/evil.example", "", None]


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
