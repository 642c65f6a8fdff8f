"""Checking a back-office form's values: each field's message, raised by a domain function before it changes anything.

Messages are lazy strings, said in the page's language when the form shows them again.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
POSTCODE = re.compile(r"^[0-9]{5}$")
PHONE = re.compile(r"^\+?[0-9 ./()-]{6,}$")
WEBSITE = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$", re.IGNORECASE)


class Invalid(Exception):
    """Input that cannot be saved: {field: message}."""

    def __init__(self, errors: dict[str, object]):
        super().__init__(", ".join(sorted(errors)))
        self.errors = errors


class Checker:
    """Collect the messages of one form's fields, then raise them all at once."""

    def __init__(self, values: dict):
        self.values, self.errors = values, {}

    def text(self, field: str, longest: int, required: bool = True) -> str:
        """Return a field's text, trimmed; note it when it is missing or too long."""
        value = str(self.values.get(field) or "").strip()
        if required and not value:
            self.errors[field] = _l("This field is required.")
        elif len(value) > longest:
            self.errors[field] = _l("This text is too long (maximum length: %(count)s).", count=longest)
        return value

    def matching(self, field: str, longest: int, pattern: re.Pattern, message, required: bool = True) -> str:
        """Return a field's text when it has the expected shape (or is empty and optional)."""
        value = self.text(field, longest, required)
        if value and field not in self.errors and not pattern.match(value):
            self.errors[field] = message
        return value

    def slug(self, field: str = "slug", longest: int = 64) -> str:
        """Return a field as an address word: lower-case letters, digits and single hyphens."""
        return self.matching(field, longest, SLUG, _l("Use lower-case letters, digits and hyphens, e.g. la-spezia."))

    def choice(self, field: str, allowed) -> str:
        """Return a field's value when it is one of the allowed ones."""
        value = str(self.values.get(field) or "")
        if value not in allowed:
            self.errors[field] = _l("Choose one of the options.")
        return value

    def choices(self, field: str, allowed) -> list:
        """Return the values of a multiple choice that are allowed, in the order given; note any other."""
        values = list(self.values.get(field) or [])
        if any(value not in allowed for value in values):
            self.errors[field] = _l("Choose among the options shown.")
        return [value for value in allowed if value in values]

    def number(self, field: str, smallest: int, largest: int) -> int:
        """Return a field as a whole number within bounds."""
        text = str(self.values.get(field) or "").strip()
        if not text.isdigit() or not smallest <= int(text) <= largest:
            self.errors[field] = _l("Enter a whole number from %(smallest)s to %(largest)s.",
                                    smallest=smallest, largest=largest)
            return 0
        return int(text)

    def done(self) -> None:
        """Raise the messages collected, if any."""
        if self.errors:
            raise Invalid(self.errors)
