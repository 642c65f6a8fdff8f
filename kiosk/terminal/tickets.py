"""Taking a queue ticket at the terminal."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("tickets", __name__)
