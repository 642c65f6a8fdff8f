"""The kiosk as a device: display modes for one visitor, finger-sized targets, no selection, no long-press menu."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    LANDSCAPE,
    PORTRAIT,
    go_idle_until_the_countdown,
    let_the_countdown_run_out,
    say,
    starting_with,
    stop_the_clock,
    too_close,
    too_small,
    touch_targets,
)


def root_font_size(page) -> float:
    page.wait_for_load_state("load")  # the stylesheet of a page just opened
    return page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")


def wait_for_font_size(page, compare: str, size: float) -> None:
    """Wait until the page's root font size compares (`>` or `===`) with `size`, once its stylesheet applies."""
    page.wait_for_function(
        f"size => parseFloat(getComputedStyle(document.documentElement).fontSize) {compare} size", arg=size)


def background(page) -> str:
    page.wait_for_load_state("load")  # a page just opened has no colours until its stylesheet applies
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def choose_italian(page) -> None:
    page.goto("/")
    page.get_by_role("link", name="Italiano", exact=True).tap()
    expect(page).to_have_url(re.compile(r"/home\b"))
    page.wait_for_load_state("load")  # the stylesheet applied before anything is measured


def finish(page) -> None:
    page.get_by_role("button", name=say("it", "Finish")).tap()
    page.wait_for_url(lambda url: urlsplit(url).path == "/")


def walk_away(page) -> None:
    go_idle_until_the_countdown(page)
    let_the_countdown_run_out(page)
    page.wait_for_url(lambda url: urlsplit(url).path == "/")


@pytest.mark.browser
@pytest.mark.parametrize("leave", [finish, walk_away], ids=["finish", "idle"])
def test_larger_text_and_high_contrast_last_for_one_visitor(page, leave):
    page.clock.install()
    choose_italian(page)
    normal_size, normal_background = root_font_size(page), background(page)
    larger_text = page.get_by_role("button", name=say("it", "Larger text"))
    high_contrast = page.get_by_role("button", name=say("it", "High contrast"))
    expect(larger_text).to_have_attribute("aria-pressed", "false")
    expect(high_contrast).to_have_attribute("aria-pressed", "false")

    larger_text.tap()
    expect(larger_text).to_have_attribute("aria-pressed", "true")
    wait_for_font_size(page, ">", normal_size)
    high_contrast.tap()
    expect(high_contrast).to_have_attribute("aria-pressed", "true")
    assert background(page) == "rgb(0, 0, 0)" != normal_background

    # They stay on while the same visitor moves on to the list.
    page.get_by_role("link", name=starting_with(say("it", "Opportunities"))).tap()
    expect(page).to_have_url(re.compile(r"/offers\b"))
    expect(larger_text).to_have_attribute("aria-pressed", "true")
    expect(high_contrast).to_have_attribute("aria-pressed", "true")
    wait_for_font_size(page, ">", normal_size)

    # The next visitor finds the kiosk as it was.
    leave(page)
    wait_for_font_size(page, "===", normal_size)
    assert background(page) == normal_background
    page.get_by_role("link", name="Italiano", exact=True).tap()
    page.wait_for_load_state("load")
    expect(larger_text).to_have_attribute("aria-pressed", "false")
    expect(high_contrast).to_have_attribute("aria-pressed", "false")
    wait_for_font_size(page, "===", normal_size)


@pytest.mark.browser
def test_a_display_mode_keeps_the_visitors_place_in_the_list(page):
    choose_italian(page)
    page.get_by_role("link", name=starting_with(say("it", "Opportunities"))).tap()
    jobs = page.get_by_role("radio", name=say("it", "Jobs"), exact=True)
    jobs.tap()
    page.wait_for_url(lambda url: "kind=job" in url)
    larger_text = page.get_by_role("button", name=say("it", "Larger text"))
    larger_text.tap()
    expect(larger_text).to_have_attribute("aria-pressed", "true")
    expect(jobs, "the larger text brought back the list without the visitor's filter").to_be_checked()
    assert "kind=job" in page.url


def open_each_screen(page, api, lang: str):
    """Go through the start, home, list (keyboard closed and open), offer and ticket-taking screens; yield each
    one's name."""
    page.goto(f"/?lang={lang}")
    yield "start"
    page.goto("/home")
    yield "home"
    page.goto("/offers")
    yield "list"
    page.get_by_role("button", name=say(lang, "Keyboard")).tap()
    expect(page.locator("#keyboard")).to_be_visible()
    yield "list with the keyboard"
    offer = api(f"/api/v1/offers?lang={lang}&per_page=1")["items"][0]
    page.goto(f"/offers/{offer['id']}")
    yield "offer"
    page.goto("/ticket")
    yield "services"
    page.goto("/ticket/training")
    yield "service"


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["it", "ar"])
@pytest.mark.parametrize("screen", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_every_target_is_big_enough_for_a_finger(page, api, lang, screen):
    stop_the_clock(page)
    page.set_viewport_size(screen)
    problems = []
    for name in open_each_screen(page, api, lang):
        targets = touch_targets(page)
        assert targets, f"no touch target found on the {name} screen"
        problems += [f"{name}: {problem}" for problem in too_small(targets)]
        problems += [f"{name}: {problem} closer than 8 px" for problem in too_close(targets)]
    assert not problems, "touch targets:\n" + "\n".join(problems)


@pytest.mark.browser
def test_no_text_selection_and_no_long_press_menu(page, api):
    stop_the_clock(page)
    for name in open_each_screen(page, api, "it"):
        assert page.evaluate("getComputedStyle(document.body).userSelect") == "none", f"text selectable on {name}"
        page.evaluate("""() => window.addEventListener("contextmenu", (event) => {
            window.menuBlocked = event.defaultPrevented; }, {once: true})""")
        page.get_by_role("heading", level=1).first.click(button="right")
        assert page.evaluate("window.menuBlocked") is True, f"a long press opens the browser's menu on {name}"
