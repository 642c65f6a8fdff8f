"""The WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

import sys

import click

from kiosk import create_app
from kiosk.config import ConfigError
from kiosk.staff.checks import refuse_demo_accounts

try:
    app = create_app()
    if click.get_current_context(silent=True) is None:  # serving, not a `flask` command that may fix things
        refuse_demo_accounts(app)
except ConfigError as error:  # one line that says what to set, not a traceback
    sys.exit(f"InfoLavoro kiosk cannot start: {error}")
