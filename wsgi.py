"""The WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

import sys

from kiosk import create_app
from kiosk.config import ConfigError

try:
    app = create_app()
except ConfigError as error:  # one line that says what to set, not a traceback
    sys.exit(f"InfoLavoro kiosk cannot start: {error}")
