"""The server's voice: espeak-ng reads text into a WAV file, kept in a folder of bounded size.

The display's calls and the kiosk's "listen" control both speak through here. A text is a list of segments, each
with its language, so an offer whose details are still in Italian is read in Italian where the screen shows Italian.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import threading
import wave
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Voice:
    """An espeak-ng voice and its speed in words per minute."""

    name: str
    rate: int


# espeak-ng's voice for each catalogue language (Debian's espeak-ng-data has all nine). 140 words a minute is a little
# slower than espeak's 175: visitors often listen in a second language, in a room with other voices. Arabic and
# Mandarin are read a touch slower again, as espeak's voices for them run their syllables close together.
VOICES = {
    "it": Voice("it", 140), "en": Voice("en", 140), "fr": Voice("fr", 140), "es": Voice("es", 140),
    "ar": Voice("ar", 130), "uk": Voice("uk", 140), "ro": Voice("ro", 140), "sq": Voice("sq", 140),
    "zh_Hans": Voice("cmn", 130),
}
PROGRAM = "espeak-ng"
TIMEOUT_SECONDS = 30  # espeak-ng reads many times faster than speech: a long offer takes a second or two
MAX_CHARACTERS = 8000  # the longest text read at once (an offer is usually 2,000 to 4,000 characters)
DEFAULT_CACHE_BYTES = 200 * 1024 * 1024
_made = 0  # WAV files made by this process: the tests read it to tell a cached answer from a new one
_lock = threading.Lock()


def program() -> str | None:
    """Return the path of espeak-ng, or None when it is not installed."""
    return shutil.which(PROGRAM)


def available() -> bool:
    """Say whether this server can speak (espeak-ng is installed)."""
    return program() is not None


def made_count() -> int:
    """Return how many WAV files this process has made with espeak-ng."""
    return _made


def command(lang: str, output: Path, espeak: str = PROGRAM) -> list[str]:
    """Return the espeak-ng command that reads stdin in a language's voice into a WAV file."""
    voice = VOICES[lang]
    # The text goes through stdin, never a shell or the argument list: nothing in it can become an option.
    return [espeak, "-v", voice.name, "-s", str(voice.rate), "-w", str(output), "--stdin"]


def cached_path(segments: list[tuple[str, str]], folder: Path) -> Path | None:
    """Return where the WAV of these segments is kept, or None when a language has no voice."""
    if not segments or any(lang not in VOICES for _text, lang in segments):
        return None
    spoken = "\0".join(f"{VOICES[lang].name}\0{VOICES[lang].rate}\0{text}" for text, lang in segments)
    return folder / f"{segments[0][1]}-{hashlib.sha256(spoken.encode()).hexdigest()[:32]}.wav"


def speak(segments: list[tuple[str, str]], folder: Path, cache_bytes: int = DEFAULT_CACHE_BYTES) -> Path | None:
    """Return a WAV file of the segments read in turn, made once and kept in `folder`; None if it cannot be made."""
    segments = trimmed(segments)
    path, espeak = cached_path(segments, folder), program()
    if path is None:
        return None
    if path.is_file():
        return path
    if espeak is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{path.name}.{os.getpid()}.{threading.get_ident()}"
    try:
        audio = [_one_segment(espeak, text, lang, partial) for text, lang in segments]
        if any(part is None for part in audio):
            return None
        _join(audio, partial)
        os.replace(partial, path)  # atomic: a listener never reads half a file
    finally:
        partial.unlink(missing_ok=True)
    _count_one()
    keep_within(folder, cache_bytes, path)
    return path


def trimmed(segments: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return the non-empty segments, cut to MAX_CHARACTERS in all."""
    kept, left = [], MAX_CHARACTERS
    for text, lang in segments:
        text = " ".join(text.split())[:left]
        if text:
            kept.append((text, lang))
            left -= len(text)
    return kept


def keep_within(folder: Path, cache_bytes: int, keep: Path | None = None) -> None:
    """Delete the least recently made WAV files until the folder holds at most `cache_bytes`."""
    files = []
    for path in folder.glob("*.wav"):
        try:
            files.append((path.stat().st_mtime, path.stat().st_size, path))
        except OSError:  # another worker removed it meanwhile
            continue
    total = sum(size for _mtime, size, _path in files)
    for _mtime, size, path in sorted(files, key=lambda item: item[0]):
        if total <= cache_bytes:
            break
        if path != keep:
            path.unlink(missing_ok=True)
            total -= size


def _one_segment(espeak: str, text: str, lang: str, partial: Path) -> tuple[tuple, bytes] | None:
    part = partial.with_suffix(partial.suffix + ".part")
    try:
        done = subprocess.run(command(lang, part, espeak), input=text.encode(), capture_output=True,
                              timeout=TIMEOUT_SECONDS, check=False)
        if done.returncode != 0 or not _is_wav(part):
            return None
        with wave.open(str(part), "rb") as reader:
            return reader.getparams(), reader.readframes(reader.getnframes())
    except (OSError, EOFError, wave.Error, subprocess.TimeoutExpired):
        return None
    finally:
        part.unlink(missing_ok=True)


def _join(audio: list[tuple[tuple, bytes]], output: Path) -> None:
    """Write the segments' sound one after the other, with a short pause between them (all voices share a format)."""
    params = audio[0][0]
    pause = b"\0" * (params.sampwidth * params.nchannels * (params.framerate * 2 // 5))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setparams(params)
        writer.writeframes(pause.join(frames for _params, frames in audio))
    output.write_bytes(buffer.getvalue())


def _count_one() -> None:
    global _made
    with _lock:
        _made += 1


def _is_wav(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            head = file.read(12)
    except OSError:
        return False
    return head[:4] == b"RIFF" and head[8:12] == b"WAVE" and path.stat().st_size > 44
