"""InfoLavoro kiosk: touch terminals, queue and offer listing for the InfoLavoro desks."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

from kiosk import config as kiosk_config
from kiosk import ids
from kiosk.extensions import babel, csrf, db, htmx_headers, limiter, login_manager, migrate, talisman

ROOT = Path(__file__).resolve().parent.parent

# Only our own files: no inline scripts or styles, no other origin.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "style-src": "'self'",
    "script-src": "'self'",
    "connect-src": "'self'",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def create_app(config: dict | None = None) -> Flask:
    """Create the application for the role the environment (or `config`) names."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    settings = kiosk_config.from_environment()
    settings.update(config or {})
    kiosk_config.check(settings)
    app.config.update(settings)
    # Keys Flask defines itself (sessions, request size) come from kiosk.config: setdefault would not set them.
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config))
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(ROOT / "translations"))
    app.config["BABEL_DEFAULT_LOCALE"] = "it"
    app.config["BABEL_DEFAULT_TIMEZONE"] = "Europe/Rome"
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # the session's own lifetime bounds the token
    Path(app.instance_path).mkdir(exist_ok=True)

    if app.config["KIOSK_PROXIES"]:  # behind nginx: each terminal's own address, for its rate limits
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["KIOSK_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    _init_extensions(app)
    ids.init_app(app)  # before any route: a number in an address is bounded to the database's range
    _register_blueprints(app)
    _register_commands(app)
    _add_server_timing(app)
    return app


# Connections a process may need beyond one per serving thread: the live watcher's, the background sheet
# maker's, and one to spare. A request never holds more than one.
EXTRA_CONNECTIONS = 3
POOL_TIMEOUT_SECONDS = 10


def engine_options(config: dict) -> dict:
    """Size the database pool from the server's threads: one connection per thread, and a few for the rest."""
    options: dict = {"pool_pre_ping": True}
    url = make_url(config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return options  # one shared in-memory database: no pool to size
    options.update(pool_size=config.get("KIOSK_THREADS", kiosk_config.THREADS), max_overflow=EXTRA_CONNECTIONS,
                   pool_timeout=POOL_TIMEOUT_SECONDS)
    return options


def _init_extensions(app: Flask) -> None:
    from kiosk import i18n, models  # noqa: F401 - every table in the metadata
    from kiosk.offers import sheets

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    babel.init_app(app, locale_selector=i18n.current_language)
    csrf.init_app(app)
    htmx_headers.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "staff.login"
    # Staff sessions are permanent, which Flask-Login protects the "basic" way in either mode; "strong" would
    # only clear every anonymous kiosk session (and its remember cookie) on each request.
    login_manager.session_protection = "basic"
    talisman.init_app(
        app,
        force_https=False,  # TLS ends at the reverse proxy; desks on a LAN may run plain HTTP
        content_security_policy=CONTENT_SECURITY_POLICY,
        session_cookie_secure=app.config["KIOSK_ROLE"] == "central",
        frame_options="DENY",
        referrer_policy="same-origin",
    )
    sheets.init_app(app)  # an offer changed through the app gets its printable sheets made in the background
    # Every catalogue change gets a revision, whoever writes it; a desk owes central every event it logs.
    from kiosk.sync import changelog, outbox  # noqa: F401


def _register_blueprints(app: Flask) -> None:
    from kiosk import errors, templating
    from kiosk.admin import bp as admin_bp
    from kiosk.admin import views as _admin_views  # noqa: F401 - registers the sections
    from kiosk.api.views import bp as api_bp
    from kiosk.counter.views import bp as counter_bp
    from kiosk.display import stream as display_stream
    from kiosk.display.views import bp as display_bp
    from kiosk.feedback.kiosk_views import bp as rating_bp
    from kiosk.glossary import page as glossary_page
    from kiosk.glossary.views import bp as glossary_bp
    from kiosk.health import bp as health_bp
    from kiosk.listen.views import bp as listen_bp
    from kiosk.listen.views import listen_control, term_audio
    from kiosk.offers.sheet_views import bp as sheets_bp
    from kiosk.offers.views import bp as offers_bp
    from kiosk.printing.views import bp as printing_bp
    from kiosk.public.views import bp as public_bp
    from kiosk.staff.views import bp as staff_bp
    from kiosk.terminal.enrol_views import bp as enrolment_bp
    from kiosk.terminal.fit_views import bp as fit_bp
    from kiosk.terminal.tickets import bp as tickets_bp
    from kiosk.terminal.views import bp as terminal_bp

    templating.init_app(app)
    glossary_page.init_app(app)
    errors.init_app(app)
    display_stream.init_app(app)
    app.register_blueprint(health_bp)
    app.register_blueprint(terminal_bp)
    app.register_blueprint(enrolment_bp)
    app.register_blueprint(offers_bp)
    app.register_blueprint(sheets_bp)
    app.register_blueprint(public_bp)
    app.register_blueprint(printing_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(tickets_bp)
    app.register_blueprint(fit_bp)
    app.register_blueprint(rating_bp)
    app.register_blueprint(counter_bp)
    app.register_blueprint(display_bp)
    app.register_blueprint(listen_bp)
    app.jinja_env.globals["listen_control"] = listen_control
    app.jinja_env.globals["term_audio"] = term_audio
    app.register_blueprint(glossary_bp)
    _not_served_by(app, "central", tickets_bp, counter_bp, display_bp, rating_bp)
    app.register_blueprint(admin_bp)
    _not_served_by(app, "desk", admin_bp)
    app.register_blueprint(api_bp)
    csrf.exempt(api_bp)


def _register_commands(app: Flask) -> None:
    """`flask kiosk ...`: the demo data, the printable sheets, staff accounts and the reports' fold."""
    from kiosk.cli import kiosk_cli
    from kiosk.offers.sheet_views import sheets_command
    from kiosk.reports.cli import reports_command
    from kiosk.staff.cli import user_cli
    from kiosk.sync.cli import desk_token_cli, sync_command

    kiosk_cli.add_command(sheets_command)
    kiosk_cli.add_command(reports_command)
    kiosk_cli.add_command(user_cli)
    kiosk_cli.add_command(desk_token_cli)
    kiosk_cli.add_command(sync_command)
    app.cli.add_command(kiosk_cli)


def _not_served_by(app: Flask, role: str, *blueprints) -> None:
    """Answer 404 for these blueprints' pages on a server of this role.

    Tickets are taken, called and shown at the desks, so central has no queue pages; a desk receives what central
    writes (one writer per kind of record), so it has no back office.
    """
    from flask import abort

    def not_here() -> None:
        if app.config["KIOSK_ROLE"] == role:
            abort(404)

    for blueprint in blueprints:
        app.before_request_funcs.setdefault(blueprint.name, []).insert(0, not_here)


def _add_server_timing(app: Flask) -> None:
    """Say in a Server-Timing header how long the app took, for monitoring and `make bench`."""
    from time import perf_counter

    from flask import g

    @app.before_request
    def start_timer() -> None:
        g.started = perf_counter()

    @app.after_request
    def add_header(response):
        if "started" in g:
            response.headers["Server-Timing"] = f"app;dur={(perf_counter() - g.started) * 1000:.2f}"
        return response


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Put every SQLite connection in WAL mode with foreign keys, a busy timeout and full durability.

    synchronous=FULL makes every commit reach the disk before it returns: with NORMAL, a power cut at a desk
    could roll back the last tickets and the day's numbering with them, and printed numbers would be issued
    again. The cost is one sync of the write-ahead log per commit.
    """
    import sqlite3

    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()
