"""The waiting-room display at /display/<site>."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("display", __name__, url_prefix="/display")
