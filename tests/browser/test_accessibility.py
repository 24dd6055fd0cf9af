"""Every page so far, as a visitor and as a logged-in person: axe-core clean in light and dark,
usable by keyboard, readable on a 360 px phone, and calm under reduced motion."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations
from tests.pages import PERSON_PAGES, PUBLIC_PAGES, VISITOR_PAGES

VISITOR_PATHS = [*PUBLIC_PAGES.values(), *VISITOR_PAGES.values(), "/no-such-page/"]
PERSON_PATHS = [*PUBLIC_PAGES.values(), *PERSON_PAGES.values()]


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_axe_finds_nothing_on_any_page_a_visitor_sees(new_page, axe, db, color_scheme):
    page = new_page(color_scheme=color_scheme)
    for path in VISITOR_PATHS:
        page.goto(path)
        assert_no_axe_violations(axe, page)


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_axe_finds_nothing_on_any_page_a_person_sees(
    new_page, axe, practitioner, log_in_browser, color_scheme
):
    page = new_page(color_scheme=color_scheme)
    log_in_browser(page, practitioner)
    for path in PERSON_PATHS:
        page.goto(path)
        assert_no_axe_violations(axe, page)


def test_axe_finds_nothing_on_a_form_showing_its_errors(page, axe, db):
    page.goto("/accounts/signup/")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator("#id_username_error")).to_be_visible()
    assert_no_axe_violations(axe, page)


def test_the_skip_link_is_the_first_stop_for_the_keyboard_and_is_visible(page, db):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None
    assert box["y"] >= 0, "the focused skip link is on screen"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


@pytest.mark.parametrize("path", ["/", "/accounts/signup/", "/help/crisis/"])
def test_keyboard_focus_is_always_visible(page, db, path):
    page.goto(path)
    # Every control a person can see (the phone's bottom bar is hidden on this wide window).
    stops = page.evaluate(
        "() => [...document.querySelectorAll("
        "'a[href], button, input:not([type=hidden]), select, textarea')]"
        ".filter((e) => e.checkVisibility()).length"
    )
    assert stops >= 4
    # A lap of the page from wherever focus starts; it leaves for the browser once.
    for _ in range(stops + 2):
        page.keyboard.press("Tab")
        element, style, width = page.evaluate(
            "() => { const e = document.activeElement, s = getComputedStyle(e);"
            " if (e !== document.body) e.dataset.reached = 'yes';"
            " return [e.outerHTML.slice(0, 80), s.outlineStyle, parseFloat(s.outlineWidth)]; }"
        )
        if element.startswith("<body"):
            continue
        assert style != "none", element
        assert width >= 2, element
    assert page.locator("[data-reached]").count() == stops


def test_a_person_can_sign_up_with_the_keyboard_alone(page, db):
    page.goto("/accounts/signup/")
    # The username box has focus on arrival; Tab moves through the form in reading order.
    expect(page.get_by_label("Username")).to_be_focused()
    page.keyboard.type("wren")
    page.keyboard.press("Tab")
    page.keyboard.type("wren@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("a-lantern-in-the-window")
    page.keyboard.press("Tab")
    page.keyboard.type("a-lantern-in-the-window")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("wren.")


@pytest.mark.parametrize("who", ["visitor", "person"])
def test_every_page_fits_a_360_pixel_phone_without_sideways_scrolling(
    new_page, practitioner, log_in_browser, who
):
    page = new_page(viewport={"width": 360, "height": 740})
    paths = VISITOR_PATHS
    if who == "person":
        log_in_browser(page, practitioner)
        paths = PERSON_PATHS
    for path in paths:
        page.goto(path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide"


def test_motion_is_calm_and_stops_when_the_person_asks_for_less(new_page, db):
    moving = new_page()
    moving.goto("/")
    duration = moving.evaluate(
        "() => getComputedStyle(document.querySelector('main > h1')).animationDuration"
    )
    assert duration == "0.3s"

    still = new_page(reduced_motion="reduce")
    still.goto("/")
    duration = still.evaluate(
        "() => getComputedStyle(document.querySelector('main > h1')).animationDuration"
    )
    assert float(duration.rstrip("s")) < 0.001


def test_dark_mode_follows_the_system_setting(new_page, db):
    light = new_page(color_scheme="light")
    light.goto("/")
    dark = new_page(color_scheme="dark")
    dark.goto("/")
    script = "() => getComputedStyle(document.body).backgroundColor"
    assert light.evaluate(script) == "rgb(251, 248, 243)"
    assert dark.evaluate(script) == "rgb(18, 27, 25)"


def test_the_site_works_with_no_other_host_reachable(new_page, db):
    page = new_page()
    requested_hosts = set()
    page.on("request", lambda request: requested_hosts.add(request.url.split("/")[2]))
    page.goto("/")
    page.goto("/accounts/signup/")
    page.goto("/help/crisis/")
    assert requested_hosts == {page.url.split("/")[2]}
