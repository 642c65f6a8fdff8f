"""The server's voice: espeak-ng reads an announcement into a WAV file, cached on disk."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import threading
from pathlib import Path

# espeak-ng's voice for each catalogue language (Debian's espeak-ng-data has all nine).
VOICES = {"it": "it", "en": "en", "fr": "fr", "es": "es", "ar": "ar", "uk": "uk", "ro": "ro", "sq": "sq",
          "zh_Hans": "cmn"}
RATE = 140  # words per minute: a little slower than espeak's default, for a large room and a second language
TIMEOUT_SECONDS = 10
PROGRAM = "espeak-ng"


def program() -> str | None:
    """Return the path of espeak-ng, or None when it is not installed."""
    return shutil.which(PROGRAM)


def available() -> bool:
    """Say whether this server can speak (espeak-ng is installed)."""
    return program() is not None


def speech_wav(text: str, lang: str, folder: Path) -> Path | None:
    """Return a WAV file of `text` spoken in `lang`, made once and kept in `folder`; None if it cannot be made."""
    voice, espeak = VOICES.get(lang), program()
    if voice is None or espeak is None:
        return None
    key = hashlib.sha256(f"{voice}\0{RATE}\0{text}".encode()).hexdigest()[:32]
    path = folder / f"{lang}-{key}.wav"
    if path.is_file():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{path.name}.{os.getpid()}.{threading.get_ident()}"
    try:
        # The text goes through stdin, never a shell or the argument list: nothing in it can become an option.
        done = subprocess.run([espeak, "-v", voice, "-s", str(RATE), "-w", str(partial), "--stdin"],
                              input=text.encode(), capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        if done.returncode != 0 or not _is_wav(partial):
            return None
        os.replace(partial, path)  # atomic: a display never reads half a file
        return path
    except (OSError, subprocess.TimeoutExpired):
        return None
    finally:
        partial.unlink(missing_ok=True)


def _is_wav(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            head = file.read(12)
    except OSError:
        return False
    return head[:4] == b"RIFF" and head[8:12] == b"WAVE" and path.stat().st_size > 44
