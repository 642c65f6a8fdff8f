"""Gunicorn's settings for every way of serving the kiosk: `make run`, a desk and the central server.

    gunicorn -c deploy/gunicorn.conf.py wsgi:app

The numbers come from the same environment as the app's settings (kiosk/config.py), so the database pool of each
process and its number of live streams always match the threads gunicorn really starts:
KIOSK_BIND (127.0.0.1:8000), KIOSK_WORKERS (2) and KIOSK_THREADS (16).
"""

import os

from kiosk import config as kiosk_config

_settings = kiosk_config.from_environment()

bind = os.environ.get("KIOSK_BIND", "127.0.0.1:8000")
workers = _settings["KIOSK_WORKERS"]
threads = _settings["KIOSK_THREADS"]
worker_class = "gthread"  # a thread per request; live streams are bounded per process (KIOSK_STREAMS_PER_WORKER)
worker_connections = 1000
keepalive = 5  # seconds an idle kiosk connection is kept for its next request
timeout = 30  # a worker that stops answering its master for this long is restarted (streams do not count)
graceful_timeout = 10  # open display streams are cut after this on a restart; the displays reconnect
max_requests = 20000  # a worker is replaced now and then, one at a time, so no slow leak can grow
max_requests_jitter = 2000
accesslog = "-"
control_socket_disable = True  # systemd and signals manage the server; one shared socket path would clash
forwarded_allow_ips = os.environ.get("KIOSK_FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server) -> None:
    """Refuse limits kept in memory when a desk or central would run several processes, whatever the command line."""
    try:
        kiosk_config.check_rate_limit_storage(_settings["KIOSK_ROLE"], _settings["RATELIMIT_STORAGE_URI"],
                                              server.cfg.workers)
    except kiosk_config.ConfigError as error:
        raise SystemExit(f"InfoLavoro kiosk cannot start: {error}") from None
