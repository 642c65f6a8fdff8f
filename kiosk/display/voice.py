"""The display's voice: a call read by the server (kiosk/speech.py) in one language."""

from __future__ import annotations

from pathlib import Path

from kiosk import speech
from kiosk.speech import VOICES, available  # noqa: F401  (the display's views and templates ask these here)


def speech_wav(text: str, lang: str, folder: Path) -> Path | None:
    """Return a WAV file of `text` spoken in `lang`, made once and kept in `folder`; None if it cannot be made."""
    return speech.speak([(text, lang)], folder)
