"""The counter screen at /counter."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("counter", __name__, url_prefix="/counter")
