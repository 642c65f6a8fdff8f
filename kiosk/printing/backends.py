"""The ways a desk prints: the kiosk browser's silent printing, CUPS `lp` to a named printer, or none.

A backend gets the PDF's bytes and says what happened; it never raises for a printer's trouble, so that
printing can never block what the visitor came for.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass

BACKENDS = ("browser", "cups", "none")
LP_TIMEOUT_SECONDS = 15


@dataclass(frozen=True)
class PrintResult:
    """What became of a print: `printed` on paper or in the browser's hands, or `failed` with a reason."""

    status: str  # "sent" (to CUPS), "browser" (the kiosk browser prints it), "failed", "off"
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.status in ("sent", "browser")


def send(backend: str, pdf: bytes, title: str, printer: str = "", lp: str | None = None) -> PrintResult:
    """Send a PDF through a backend and say what happened."""
    if backend == "none":
        return PrintResult("off")
    if backend == "browser":
        return PrintResult("browser")  # the page asks the kiosk browser to print the sheet's URL
    if backend == "cups":
        return send_to_cups(pdf, title, printer, lp)
    return PrintResult("failed", f"unknown print backend {backend!r}")


def send_to_cups(pdf: bytes, title: str, printer: str, lp: str | None = None) -> PrintResult:
    """Hand the PDF to CUPS with `lp`, to the named printer or the server's default one."""
    command = lp or shutil.which("lp")
    if not command:
        return PrintResult("failed", "lp is not installed (apt-get install cups-client)")
    args = [command, "-t", title[:100]]
    if printer:
        args += ["-d", printer]
    try:
        done = subprocess.run(args + ["-"], input=pdf, capture_output=True, timeout=LP_TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return PrintResult("failed", f"lp did not answer: {error}")
    if done.returncode != 0:
        return PrintResult("failed", done.stderr.decode(errors="replace").strip()[:300] or f"lp exit {done.returncode}")
    return PrintResult("sent", done.stdout.decode(errors="replace").strip()[:300])
