"""The sentences of the counter's status line: what an action did, or why nothing changed."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from kiosk import i18n
from kiosk.counter.receptionist import Outcome, OutcomeKind
from kiosk.queue.models import Channel, Status
from kiosk.queue.services import service_text

PAUSE_REASONS = {
    "break": _l("Break"),
    "phone": _l("Phone call"),
    "back_office": _l("Back-office work"),
    "other": _l("Other reason"),
}

CHANNELS: Mapping[Channel, LazyString] = {
    Channel.KIOSK: _l("Ticket from the kiosk"),
    Channel.REMOTE: _l("Ticket taken remotely"),
    Channel.DESK: _l("Ticket from the reception"),
}


# The sentence of each kind of outcome; `describe` fills in the ticket's code, the counter, the service and the
# pause reason. A test checks that every kind has one.
SENTENCES: Mapping[OutcomeKind, LazyString] = {
    OutcomeKind.CALLED: _l("%(code)s called to counter %(counter)s"),
    OutcomeKind.RECALLED: _l("%(code)s called again to counter %(counter)s"),
    OutcomeKind.STARTED: _l("Serving %(code)s"),
    OutcomeKind.FINISHED: _l("%(code)s finished"),
    OutcomeKind.NO_SHOW: _l("%(code)s marked as no-show"),
    OutcomeKind.TRANSFERRED: _l("%(code)s transferred to %(service)s: it keeps its place in line."),
    OutcomeKind.GIVEN: _l("%(code)s given for %(service)s: it waits in line like the others."),
    OutcomeKind.PAUSED: _l("Counter %(counter)s is paused (%(reason)s): nobody is called."),
    OutcomeKind.RESUMED: _l("Counter %(counter)s is calling again."),
    OutcomeKind.LEFT: _l("You left counter %(counter)s."),
    OutcomeKind.PRINTED: _l("The ticket %(code)s is being printed again."),
    OutcomeKind.PRINT_REPEATED: _l("The ticket %(code)s was already sent to the printer."),
    OutcomeKind.PRINT_FAILED: _l("The ticket %(code)s could not be printed: check the printer."),
    OutcomeKind.MOVED_ON: _l("%(code)s is waiting in line and is not at this counter: nothing was changed."),
    OutcomeKind.BUSY: _l("%(code)s is still called to this counter: start, mark it as no-show or transfer it before "
                         "calling someone else."),
    OutcomeKind.LEAVING_BUSY: _l("%(code)s is still at this counter: finish it, mark it as no-show or transfer it "
                                 "before leaving."),
    OutcomeKind.PAUSED_COUNTER: _l("This counter is paused: resume it to call tickets."),
    OutcomeKind.NOT_SEATED: _l("You no longer sit at counter %(counter)s: nothing was changed."),
    OutcomeKind.NOBODY_WAITING: _l("Nobody is waiting for the services of this counter."),
    OutcomeKind.OTHER_DAY: _l("%(code)s is a ticket from another day: nothing was changed."),
    OutcomeKind.SAME_SERVICE: _l("Choose another service to transfer %(code)s to."),
}

# Where the ticket's status (the outcome's detail) says more than the kind alone.
BY_STATUS: Mapping[tuple[OutcomeKind, Status], LazyString] = {
    (OutcomeKind.BUSY, Status.SERVING): _l("You are serving %(code)s: finish or transfer it before calling someone "
                                           "else."),
    (OutcomeKind.MOVED_ON, Status.CALLED): _l("%(code)s was already called at counter %(counter)s: nothing was "
                                              "changed."),
    (OutcomeKind.MOVED_ON, Status.SERVING): _l("%(code)s is already being served at counter %(counter)s: nothing "
                                               "was changed."),
    (OutcomeKind.MOVED_ON, Status.DONE): _l("%(code)s was already finished: nothing was changed."),
    (OutcomeKind.MOVED_ON, Status.NO_SHOW): _l("%(code)s was already marked as no-show: nothing was changed."),
    (OutcomeKind.MOVED_ON, Status.CANCELLED): _l("%(code)s was cancelled by its holder: nothing was changed."),
}


def pause_reason(reason: str) -> str:
    """Return a pause reason's label in the active language."""
    return str(PAUSE_REASONS.get(reason, PAUSE_REASONS["other"]))


def describe(outcome: Outcome) -> str:
    """Return the status line's sentence for an outcome, in the active language."""
    sentence = BY_STATUS.get((outcome.kind, outcome.detail), SENTENCES[outcome.kind])
    service = service_text(outcome.service, i18n.current_language())["name"] if outcome.service else ""
    return str(sentence) % {"code": _code(outcome.code), "counter": outcome.counter, "service": service,
                            "reason": pause_reason(outcome.detail)}


def _code(code: str) -> str:
    """Keep a ticket code whole inside right-to-left text."""
    return i18n.isolate(code) if code and i18n.language().rtl else code
