"""Public addresses for QR codes follow KIOSK_PUBLIC_URL."""

from kiosk.urls import public_url


def test_public_url_is_the_servers_own_by_default(app):
    with app.test_request_context("/", base_url="http://desk.local:8000"):
        assert public_url("public.offer", offer_id=3, lang="ar") == "http://desk.local:8000/m/o/3?lang=ar"


def test_public_url_follows_the_setting_without_repeating_the_mount_point(app):
    app.config["KIOSK_PUBLIC_URL"] = "https://lavoro.example.it/kiosk/"
    with app.test_request_context("/", base_url="http://10.0.0.5/kiosk"):
        assert public_url("public.offer", offer_id=3, lang="it") == "https://lavoro.example.it/kiosk/m/o/3?lang=it"
