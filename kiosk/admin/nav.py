"""The back office's sections, in the order the menu shows them, and who sees each."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l

from kiosk.admin.access import ADMIN, EDITOR, STAFF


@dataclass(frozen=True)
class Section:
    endpoint: str
    label: object  # a lazy string, said in the page's language
    roles: tuple[str, ...]
    hint: object = ""
    servers: tuple[str, ...] = ()  # the server roles (KIOSK_ROLE) that have the section; none: every one


SECTIONS = (
    Section("admin.offers", _l("Offers"), (ADMIN, EDITOR), _l("Write, publish, withdraw and archive offers.")),
    Section("admin.missing_translations", _l("Missing translations"), (ADMIN, EDITOR),
            _l("Offers whose texts are not yet in every language.")),
    Section("admin.imports", _l("Import and export"), (ADMIN, EDITOR),
            _l("Load many offers from a spreadsheet or JobPosting file, and save them as one.")),
    Section("admin.reports", _l("Reports"), (ADMIN,), _l("Tickets, waiting times and offers read, as charts and CSV.")),
    Section("admin.sites", _l("Sites"), (ADMIN,), _l("Addresses, opening hours and closures of the desks.")),
    Section("admin.services", _l("Services"), (ADMIN,), _l("The queues people take a ticket for.")),
    Section("admin.counters", _l("Counters"), (ADMIN,), _l("The counters, their services and languages.")),
    Section("admin.organisations", _l("Organisations"), (ADMIN,), _l("The partners that publish offers.")),
    Section("admin.glossary", _l("Glossary"), (ADMIN,),
            _l("The Italian words of work the kiosk explains, in every language.")),
    Section("admin.terminals", _l("Terminals"), (ADMIN,), _l("The touch screens: register, enrol and revoke them.")),
    Section("admin.accounts", _l("Accounts"), (ADMIN,), _l("Staff accounts and their roles.")),
    Section("admin.desks", _l("Desks"), (ADMIN,), _l("Each desk's link to central, and the desks' sync tokens."),
            servers=("central",)),
    Section("admin.api_keys", _l("API keys"), (ADMIN,), _l("Keys that let a partner's system write its offers.")),
    Section("admin.audit", _l("Audit log"), (ADMIN,), _l("Who changed what, and every sign-in.")),
    Section("admin.password", _l("My password"), STAFF, _l("Change your own password.")),
)


def sections_for(role: str) -> list[Section]:
    """Return the sections a role may open that this server has."""
    server = current_app.config["KIOSK_ROLE"]
    return [section for section in SECTIONS
            if role in section.roles and section.endpoint in current_app.view_functions
            and (not section.servers or server in section.servers)]
