"""The listen tests keep their recordings in an instance folder of their own."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def own_instance(app, tmp_path):
    app.instance_path = str(tmp_path / "instance")
    return app
