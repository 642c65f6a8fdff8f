"""What a visitor reads on the kiosk, and what the tests measure of the screen."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.catalogues import say, say_number  # noqa: F401 - the browser tests read the catalogues through here

ROOT = Path(__file__).resolve().parents[2]
BROWSER_LOCALE = "de-DE"  # the browsers prefer German: the pages must not care (they speak what was chosen)
IDLE_SECONDS = 5  # the live server's KIOSK_IDLE_SECONDS
PORTRAIT = {"width": 1080, "height": 1920}
LANDSCAPE = {"width": 1920, "height": 1080}
NARROW_PHONE = {"width": 360, "height": 740}
DESK_PC = {"width": 1366, "height": 768}  # the reception's PC
RECEPTIONIST = ("reception", "reception-demo-2026")  # La Spezia's demo receptionist
DISPLAY = "/display/la-spezia"
COUNTDOWN_SECONDS = 20
MIN_TARGET = 48  # CSS px, each side of a touch target
MIN_SPACING = 8  # CSS px between two touch targets
_ROUNDING = 0.01  # layout works in fractions of a pixel


def starting_with(text: str) -> re.Pattern:
    """Match an accessible name that begins with a text (a tile's name goes on with its description)."""
    return re.compile("^" + re.escape(text))


def number_in(text: str) -> int:
    """Return the whole number written in a text, in any script's digits ("12 opportunità", "١٢ فرصة")."""
    digits = re.sub(r"\D", "", text)
    assert digits, f"no number in {text!r}"
    return int(digits)


def sideways_overflow(page) -> int:
    """Return how many CSS px the page is wider than the screen (0 when nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def assert_no_sideways_scroll(page) -> None:
    """Check that the page fits the screen's width in portrait and in landscape."""
    try:
        for screen in (PORTRAIT, LANDSCAPE):
            page.set_viewport_size(screen)
            overflow = sideways_overflow(page)
            size = f"{screen['width']}×{screen['height']}"
            assert overflow <= 0, f"{page.url} scrolls sideways by {overflow} px at {size}"
    finally:
        page.set_viewport_size(PORTRAIT)


# Every visible thing a finger can touch; a checkbox or radio is touched through its label.
_TARGETS_JS = """
() => {
  const visible = (el) => {
    if (!el.checkVisibility({visibilityProperty: true})) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.bottom + scrollY > 0 && box.right + scrollX > 0;
  };
  const name = (el) => {
    const text = (el.getAttribute("aria-label") || el.innerText || el.value || el.name || "").trim();
    return `<${el.tagName.toLowerCase()}> ${text.replace(/\\s+/g, " ").slice(0, 40)}`;
  };
  const found = new Set();
  for (const el of document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary")) {
    const target = el.matches("input[type=checkbox], input[type=radio]")
      ? (el.closest("label") || el.labels?.[0] || el) : el;
    if (visible(target)) found.add(target);
  }
  const targets = [...found];
  return targets.map((el) => {
    const box = el.getBoundingClientRect();
    return {
      name: name(el),
      left: box.left + scrollX, top: box.top + scrollY, right: box.right + scrollX, bottom: box.bottom + scrollY,
      inside: targets.filter((other) => other !== el && other.contains(el)).map(name),
    };
  });
}
"""


def touch_targets(page) -> list[dict]:
    """Return the visible touch targets of the page with their boxes in page coordinates.

    Measured once the page has loaded: a page that a tap opened may show its text before its style sheets apply,
    and an unstyled button is small.
    """
    page.wait_for_load_state("load")
    return page.evaluate(_TARGETS_JS)


def too_small(targets: list[dict]) -> list[str]:
    """Return the targets narrower or shorter than 48 CSS px."""
    small = []
    for target in targets:
        width, height = target["right"] - target["left"], target["bottom"] - target["top"]
        if width < MIN_TARGET - _ROUNDING or height < MIN_TARGET - _ROUNDING:
            small.append(f"{target['name']} is {width:.0f}×{height:.0f} px")
    return small


def too_close(targets: list[dict]) -> list[str]:
    """Return the pairs of targets with less than 8 px between them (their boxes grown by 4 px overlap)."""
    margin = MIN_SPACING / 2 - _ROUNDING
    close = []
    for index, a in enumerate(targets):
        for b in targets[index + 1:]:
            if a["name"] in b["inside"] or b["name"] in a["inside"]:
                continue
            if (a["left"] - margin < b["right"] + margin and b["left"] - margin < a["right"] + margin
                    and a["top"] - margin < b["bottom"] + margin and b["top"] - margin < a["bottom"] + margin):
                gap_x = max(b["left"] - a["right"], a["left"] - b["right"])
                gap_y = max(b["top"] - a["bottom"], a["top"] - b["bottom"])
                close.append(f"{a['name']} and {b['name']} (gap {max(gap_x, gap_y):.1f} px)")
    return close


def stop_the_clock(page) -> None:
    """Stop the page's clock before it opens anything, so the idle countdown never covers what a test looks at."""
    page.clock.install()
    page.clock.pause_at(time.time() + 1)


def go_idle_until_the_countdown(page) -> None:
    """Stop the page's clock, touch the page once more, then let IDLE_SECONDS pass without a touch."""
    for _attempt in range(5):
        try:  # the page's clock runs on while the moment travels: on a slow machine it may have passed it
            page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 0.01)  # Playwright for Python counts in seconds
            break
        except PlaywrightError as error:
            if "to the past" not in error.message:
                raise
    else:
        raise AssertionError("the page's clock could not be stopped: the machine is too slow for five tries")
    page.get_by_role("heading", level=1).first.tap()  # the last touch: the idle time counts from here
    page.clock.run_for(IDLE_SECONDS * 1000)


def let_the_countdown_run_out(page) -> None:
    """Let the countdown's seconds pass, one by one, and a little more."""
    page.clock.run_for((COUNTDOWN_SECONDS + 2) * 1000)


# Chromium reports what the Content-Security-Policy blocks: a page collects it in window.cspViolations.
WATCH_CSP = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def open_watched(browser, base_url: str, viewport: dict, *scripts: str, **options):
    """Open a page in a browser context of its own (a machine of its own) that prefers German, collecting its
    CSP violations (window.cspViolations) and console errors (page.console_errors); return the context and page."""
    context = browser.new_context(base_url=base_url, viewport=viewport, locale=BROWSER_LOCALE, **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    for script in (WATCH_CSP, *scripts):
        page.add_init_script(script)
    page.console_errors = []
    page.on("console", lambda message: page.console_errors.append(f"{message.text} {message.location.get('url')}")
            if message.type == "error" else None)
    return context, page


def sign_in_at_reception(page, lang: str = "en") -> None:
    """Sign in as La Spezia's receptionist, with the screens in a language, and open the counter chooser."""
    username, password = RECEPTIONIST
    page.goto(f"/staff/login?lang={lang}")
    page.get_by_label(say(lang, "User name")).fill(username)
    page.get_by_label(say(lang, "Password")).fill(password)
    page.get_by_role("button", name=say(lang, "Sign in")).click()
    page.goto(f"/counter?lang={lang}")


def sit_at_counter(page, number: int, lang: str = "en") -> None:
    """Sign in as La Spezia's receptionist, with the screen in a language, and sit at a counter of the desk."""
    sign_in_at_reception(page, lang)
    title = re.compile("^" + re.escape(say(lang, "Counter %(number)s", number=number)) + "$")
    page.locator(".counter-choice").filter(has=page.locator(".choice-title", has_text=title)).click()
    page.wait_for_selector("#panel")


def put_down_the_ticket_in_hand(page) -> None:
    """Leave the counter screen with nothing in hand: a ticket left being served is finished, one left called
    (by an earlier test, or called to this counter from elsewhere) is marked as not come."""
    for _ in range(50):
        if page.locator(".ticket-none").count():
            return
        code = page.locator("#ticket-code").inner_text()
        for shortcut in ("f", "x"):
            button = page.locator(f'[data-shortcut="{shortcut}"]')
            if button.is_enabled():
                button.click()
                break
        page.wait_for_function(
            "(code) => document.querySelector('.ticket-none')"
            " || document.querySelector('#ticket-code')?.textContent !== code", arg=code)
    raise AssertionError("the counter still has a ticket in hand")


def open_display(page, streaming: bool = True) -> None:
    """Open La Spezia's waiting-room display; wait for its stream to deliver the first board."""
    page.goto(DISPLAY)
    expect(page.locator("#board")).to_be_visible()
    if streaming:
        page.wait_for_function("() => window.kioskDisplay && window.kioskDisplay.streaming()")


def announced(page, code: str):
    """Return the display's log lines of a ticket's spoken announcements, one per language, in order."""
    return page.locator(f"#announced li[data-code='{code}']")


def take_tickets(app, wanted: list[tuple[str, str, int]], priority: tuple[int, ...] = ()) -> list[str]:
    """Take tickets at La Spezia in the live server's database, as the kiosk would have: one per
    (service's letter, language, minutes ago), the ones at the `priority` indexes with priority; return their
    phone tokens."""
    from sqlalchemy import select

    from kiosk import clock
    from kiosk.extensions import db
    from kiosk.network.services import get_site
    from kiosk.queue.issuing import ServiceRef, take_ticket
    from kiosk.queue.models import Service

    tokens = []
    with app.app_context():
        site = get_site(db.session, "la-spezia")
        for index, (prefix, lang, minutes_ago) in enumerate(wanted):
            service = db.session.scalar(select(Service).where(Service.site_id == site.id, Service.prefix == prefix))
            ticket = take_ticket(db.session, ServiceRef(service.id, site.id, site.slug, prefix), lang,
                                 clock.now() - timedelta(minutes=minutes_ago), priority=index in priority)
            db.session.commit()
            tokens.append(ticket.token)
        db.session.remove()
    return tokens


def cancel_the_waiting(app, tokens: list[str]) -> None:
    """Cancel those of these tickets that still wait, as their holders would from the phone: a test leaves no
    line behind for the next."""
    from sqlalchemy import select

    from kiosk import clock
    from kiosk.extensions import db
    from kiosk.queue import actions
    from kiosk.queue.models import Ticket

    with app.app_context():
        waiting = db.session.scalars(select(Ticket).where(Ticket.token.in_(tokens), Ticket.status == "waiting"))
        for ticket in waiting.all():
            actions.cancel(db.session, ticket, "la-spezia", clock.now())
        db.session.commit()
        db.session.remove()
