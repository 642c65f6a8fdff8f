"""One-time form tokens: made fresh, and refused with a 400 when a form sends one that cannot be."""

import pytest
from werkzeug.exceptions import BadRequest

from kiosk import tokens


def test_a_new_token_is_one_a_form_may_send_back(app):
    token = tokens.new_token()
    with app.test_request_context(method="POST", data={"token": token}):
        assert tokens.form_token() == token


@pytest.mark.parametrize("sent", [{}, {"token": "short"}, {"token": "x" * 65}, {"other": "y" * 32}])
def test_a_missing_or_impossible_token_is_a_bad_request(app, sent):
    with app.test_request_context(method="POST", data=sent), pytest.raises(BadRequest):
        tokens.form_token()
