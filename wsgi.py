"""The WSGI entry point: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`, `flask --app wsgi ...`."""

import sys

from kiosk import create_app
from kiosk.config import ConfigError
from kiosk.staff.checks import refuse_demo_accounts, serving

try:
    app = create_app()
    if serving():  # gunicorn or `flask run`, not a `flask` command that may fix things
        refuse_demo_accounts(app)
except ConfigError as error:  # one line that says what to set, not a traceback
    sys.exit(f"InfoLavoro kiosk cannot start: {error}")
