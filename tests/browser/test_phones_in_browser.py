"""Tend on a phone (390 by 844), in a real browser: the header stays one row and the menu is a
bar of four places at the bottom with the rest behind More, a 0 to 10 scale is a segmented
control the arrow keys move through, a table's rows are cards that never scroll sideways, and
axe-core finds nothing in light or dark, on a phone and on a laptop."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from journal.models import Entry
from tests.browser.conftest import assert_no_axe_violations
from tests.progress.test_progress import practised

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}
SLUGS = ["cft-grounding", "msc-soothing-touch", "cft-safe-place", "ifs-parts-check-in"]


@pytest.fixture
def robin_practised(practitioner, library):
    now = timezone.now()
    for day in range(0, 60, 2):
        practised(practitioner, SLUGS[day % len(SLUGS)], now - timedelta(days=day, hours=3), 6, 4)


def bottom_bar(page):
    return page.locator(".bottom-bar")


def test_on_a_phone_the_menu_is_four_places_at_the_bottom_and_more_opens_the_rest(robin_page):
    page = robin_page(viewport=PHONE)
    page.goto("/journal/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 72, "the header is one row"
    expect(page.locator("nav:has(> .nav-list)")).to_be_hidden()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_have_count(1)
    bar = bottom_bar(page).bounding_box()
    assert bar["y"] + bar["height"] == pytest.approx(PHONE["height"], abs=1)
    links = nav.locator(".bottom-bar__list > li > a")
    expect(links).to_have_text(["Home", "Practices", "Journal", "Progress"])
    expect(nav.get_by_role("link", name="Journal")).to_have_attribute("aria-current", "page")
    settings = nav.get_by_role("link", name="Settings")
    expect(settings).to_be_hidden()

    # By keyboard: Tab reaches More after the four places; Enter opens it; Tab goes in.
    page.get_by_role("link", name="Progress").focus()
    page.keyboard.press("Tab")
    more = nav.locator("summary")
    expect(more).to_be_focused()
    page.keyboard.press("Enter")
    expect(settings).to_be_visible()
    expect(nav.get_by_role("button", name="Log out")).to_be_visible()
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Learn")).to_be_focused()
    for _ in range(3):
        page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Need help now?")).to_be_focused()
    # Escape closes it from inside and puts focus back on More; Enter on More closes it too.
    page.keyboard.press("Escape")
    expect(settings).to_be_hidden()
    expect(more).to_be_focused()
    page.keyboard.press("Enter")
    expect(settings).to_be_visible()
    page.keyboard.press("Enter")
    expect(settings).to_be_hidden()

    # The crisis link at the foot of the page is never under the bar.
    page.keyboard.press("End")
    crisis = page.locator(".site-footer").get_by_role(
        "link", name="Need help now? Find crisis support"
    )
    crisis.scroll_into_view_if_needed()
    page.evaluate("() => window.scrollTo(0, document.scrollingElement.scrollHeight)")
    box = crisis.bounding_box()
    assert box["y"] + box["height"] <= page.locator(".bottom-bar").bounding_box()["y"]


def test_a_visitor_s_bar_offers_practices_learning_and_logging_in(page, library):
    page.set_viewport_size(PHONE)
    page.goto("/practices/")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.locator(".bottom-bar__list > li > a")).to_have_text(
        ["Home", "Practices", "Learn", "Log in"]
    )
    nav.locator("summary").click()
    expect(nav.get_by_role("link", name="Sign up")).to_be_visible()


def test_on_a_laptop_the_menu_stays_in_the_header(robin_page):
    page = robin_page(viewport=LAPTOP)
    page.goto("/")
    expect(bottom_bar(page)).to_be_hidden()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Settings")).to_be_visible()
    assert page.locator("nav:has(> .nav-list)").bounding_box()["height"] <= 60


def test_the_scale_is_a_segmented_control_the_arrow_keys_move_through(robin_page, practitioner):
    page = robin_page(viewport=PHONE)
    page.goto("/journal/new/")
    scale = page.get_by_role("group", name="How I feel (optional)")
    radios = scale.get_by_role("radio")
    expect(radios).to_have_count(11)
    expect(scale.get_by_role("radio", name=re.compile(r"^0\W+very low$"))).to_be_attached()
    expect(scale.get_by_role("radio", name=re.compile(r"^10\W+really well$"))).to_be_attached()
    segments = scale.locator("label.scale__option")
    boxes = [segments.nth(n).bounding_box() for n in range(11)]
    assert all(box["width"] >= 44 and box["height"] >= 44 for box in boxes)
    rows = [[boxes[0]]]
    for box in boxes[1:]:
        # A row's segments can sit a fraction of a pixel apart, so a row is by overlap, not by equal tops.
        if abs(box["y"] - rows[-1][0]["y"]) < box["height"] / 2:
            rows[-1].append(box)
        else:
            rows.append([box])
    assert [len(row) for row in rows] == [6, 5], "six and five, in two rows"

    page.get_by_label("What's on your mind").fill("A quiet evening.")
    page.locator("#id_feeling_0").focus()
    for _ in range(7):
        page.keyboard.press("ArrowRight")
    expect(page.locator("#id_feeling_7")).to_be_checked()
    chosen = segments.nth(7)
    expect(chosen).to_have_css("font-weight", "700")
    outline = chosen.evaluate("label => getComputedStyle(label).outlineStyle")
    assert outline == "solid", "the focused segment shows a ring"
    marker = chosen.evaluate(
        "label => getComputedStyle(label.lastElementChild, '::after').backgroundColor"
    )
    assert marker not in ("rgba(0, 0, 0, 0)", "transparent"), "marked by more than colour"
    page.keyboard.press("Tab")
    expect(page.locator("#id_feeling_7")).not_to_be_focused()
    page.get_by_role("button", name="Save entry").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Write an entry")
    assert Entry.objects.get(user=practitioner).feeling == 7


def test_a_table_row_is_a_card_and_the_page_never_scrolls_sideways(robin_page, robin_practised):
    page = robin_page(viewport=PHONE)
    page.goto("/progress/")
    table = page.get_by_role("table", name="Practices for each skill")
    expect(table).to_be_visible()
    row = table.get_by_role("row").nth(1)
    expect(row).to_have_css("display", "flex")
    expect(row).to_have_css("border-top-style", "solid")
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= PHONE["width"]
    helpful = page.get_by_role("table", name="Practices that seem to help you most")
    cell = helpful.get_by_role("cell").first
    label = cell.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert "Times" in label
    expect(helpful.get_by_role("columnheader", name="Change")).to_be_attached()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_axe_finds_nothing_on_the_main_pages(robin_page, robin_practised, axe, scheme, viewport):
    page = robin_page(viewport=viewport, color_scheme=scheme)
    for url in ("/", "/journal/", "/progress/", "/journal/new/"):
        page.goto(url)
        assert_no_axe_violations(axe, page)
        assert page.evaluate("() => document.scrollingElement.scrollWidth") <= viewport["width"]
    page.goto("/practices/msc-self-compassion-break/")
    page.get_by_role("button", name="Begin").click()
    expect(page.get_by_role("group", name="How distressed do you feel right now?")).to_be_visible()
    page.locator("label.scale__option").nth(4).click()
    assert_no_axe_violations(axe, page)
