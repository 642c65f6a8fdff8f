"""The sentences of the counter's status line: what an action did, or why nothing changed."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from kiosk import i18n
from kiosk.counter.desk import Outcome
from kiosk.queue.overview import service_text

PAUSE_REASONS = {
    "break": _l("Break"),
    "phone": _l("Phone call"),
    "back_office": _l("Back-office work"),
    "other": _l("Other reason"),
}

CHANNELS = {
    "kiosk": _l("Ticket from the kiosk"),
    "remote": _l("Ticket taken remotely"),
    "desk": _l("Ticket from the reception"),
}


def pause_reason(reason: str) -> str:
    """Return a pause reason's label in the active language."""
    return str(PAUSE_REASONS.get(reason, PAUSE_REASONS["other"]))


def describe(outcome: Outcome) -> str:
    """Return the status line's sentence for an outcome, in the active language."""
    code, counter = _isolate(outcome.code), outcome.counter
    if outcome.kind == "moved_on":
        return _moved_on(outcome.detail, code, counter)
    if outcome.kind == "leaving_busy":
        return _("%(code)s is still at this counter: finish it, mark it as no-show or transfer it before leaving.",
                 code=code)
    if outcome.kind == "busy":
        if outcome.detail == "serving":
            return _("You are serving %(code)s: finish or transfer it before calling someone else.", code=code)
        return _("%(code)s is still called to this counter: start, mark it as no-show or transfer it before "
                 "calling someone else.", code=code)
    if outcome.kind == "paused":
        return _("Counter %(counter)s is paused (%(reason)s): nobody is called.", counter=counter,
                 reason=pause_reason(outcome.detail))
    if outcome.kind == "given":
        name = service_text(outcome.service, i18n.current_language())["name"] if outcome.service else ""
        return _("%(code)s given for %(service)s: it waits in line like the others.", code=code, service=name)
    if outcome.kind == "transferred":
        name = service_text(outcome.service, i18n.current_language())["name"] if outcome.service else ""
        return _("%(code)s transferred to %(service)s: it keeps its place in line.", code=code, service=name)
    sentences = {
        "called": lambda: _("%(code)s called to counter %(counter)s", code=code, counter=counter),
        "recalled": lambda: _("%(code)s called again to counter %(counter)s", code=code, counter=counter),
        "started": lambda: _("Serving %(code)s", code=code),
        "finished": lambda: _("%(code)s finished", code=code),
        "no_show": lambda: _("%(code)s marked as no-show", code=code),
        "resumed": lambda: _("Counter %(counter)s is calling again.", counter=counter),
        "left": lambda: _("You left counter %(counter)s.", counter=counter),
        "printed": lambda: _("The ticket %(code)s is being printed again.", code=code),
        "print_repeated": lambda: _("The ticket %(code)s was already sent to the printer.", code=code),
        "print_failed": lambda: _("The ticket %(code)s could not be printed: check the printer.", code=code),
        "nobody_waiting": lambda: _("Nobody is waiting for the services of this counter."),
        "paused_counter": lambda: _("This counter is paused: resume it to call tickets."),
        "not_seated": lambda: _("You no longer sit at counter %(counter)s: nothing was changed.", counter=counter),
        "other_day": lambda: _("%(code)s is a ticket from another day: nothing was changed.", code=code),
        "same_service": lambda: _("Choose another service to transfer %(code)s to.", code=code),
    }
    return sentences[outcome.kind]()


def _moved_on(status: str, code: str, counter: int | None) -> str:
    if status == "called":
        return _("%(code)s was already called at counter %(counter)s: nothing was changed.", code=code,
                 counter=counter)
    if status == "serving":
        return _("%(code)s is already being served at counter %(counter)s: nothing was changed.", code=code,
                 counter=counter)
    if status == "done":
        return _("%(code)s was already finished: nothing was changed.", code=code)
    if status == "no_show":
        return _("%(code)s was already marked as no-show: nothing was changed.", code=code)
    if status == "cancelled":
        return _("%(code)s was cancelled by its holder: nothing was changed.", code=code)
    return _("%(code)s is waiting in line and is not at this counter: nothing was changed.", code=code)


def _isolate(code: str) -> str:
    """Keep a ticket code whole inside right-to-left text."""
    return f"\u2068{code}\u2069" if code and i18n.language().rtl else code
