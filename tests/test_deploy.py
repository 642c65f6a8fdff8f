"""The deployment files name only settings the app reads, and every unit runs a command that exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
CONFIG = (ROOT / "kiosk" / "config.py").read_text()


@pytest.mark.parametrize("example", sorted(DEPLOY.glob("*.env.example")), ids=lambda path: path.name)
def test_every_setting_in_an_environment_example_is_read_by_the_app(example):
    names = re.findall(r"^#?(KIOSK_[A-Z_]+|SECRET_KEY)=", example.read_text(), flags=re.MULTILINE)
    assert names
    unknown = [name for name in names if f'"{name}"' not in CONFIG and name != "KIOSK_BIND"]
    assert not unknown, f"{example.name} sets what kiosk/config.py never reads: {unknown}"


@pytest.mark.parametrize("unit", sorted(DEPLOY.glob("infolavoro-*.service")), ids=lambda path: path.name)
def test_every_unit_reads_an_environment_file_that_has_an_example(unit):
    text = unit.read_text()
    if "kiosk-terminal.sh" in text:
        assert (DEPLOY / "kiosk-terminal.sh").exists()
        return
    env = re.search(r"^EnvironmentFile=/etc/(\S+)$", text, flags=re.MULTILINE)
    assert env and (DEPLOY / f"{env[1]}.example").exists(), unit.name
    assert re.search(r"^ExecStart=/opt/infolavoro-kiosk/\.venv/bin/(gunicorn -c deploy/gunicorn\.conf\.py wsgi:app|"
                     r"flask --app wsgi kiosk (sync|sheets))$", text, flags=re.MULTILINE), unit.name
