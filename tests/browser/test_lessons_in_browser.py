"""Lessons in a real browser: the diagrams are images with names, axe-core finds nothing in
light or dark, and a keyboard reaches the practice to try with its focus in plain sight."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_lessons_a_diagram_and_the_page_about_our_content(
    new_page, axe, library, color_scheme
):
    page = new_page(color_scheme=color_scheme)
    for path in [
        "/learn/",
        "/learn/three-systems/",
        "/learn/parts-and-self/",
        "/learn/three-parts-of-self-compassion/",
        "/learn/empathy-and-compassion-for-helpers/",
        "/about/content/",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        assert_no_axe_violations(axe, page)


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/learn/three-systems/", "The three circles: threat, drive and soothing"),
        ("/learn/parts-and-self/", "Parts around Self"),
        (
            "/learn/three-parts-of-self-compassion/",
            "The three parts of self-compassion, each beside its opposite",
        ),
        (
            "/learn/empathy-and-compassion-for-helpers/",
            "Empathy, and the two roads that lead from it",
        ),
    ],
)
def test_a_lesson_shows_its_diagram_as_an_image_with_its_name(new_page, library, path, name):
    page = new_page(color_scheme="dark")
    page.goto(path)
    diagram = page.locator("figure.diagram").get_by_role("img")
    expect(diagram).to_be_visible()
    expect(diagram).to_have_accessible_name(name)
    # what the picture shows, in words, for a screen reader: its description, not its name
    expect(diagram).to_have_accessible_description(re.compile(r"\w.{80,}"))
    box = diagram.bounding_box()
    assert 200 <= box["width"] <= 420, box  # not a sliver, not wider than a reading column
    # The shapes are filled by the stylesheet, in dark mode too (not left unfilled)
    fill = page.locator("figure.diagram :is(circle, rect)").first.evaluate(
        "(shape) => getComputedStyle(shape).fill"
    )
    assert fill not in ("none", "rgb(0, 0, 0)"), fill


def test_on_a_phone_a_lesson_and_its_diagram_fit_without_sideways_scrolling(new_page, library):
    page = new_page(viewport={"width": 390, "height": 844}, color_scheme="dark")
    page.goto("/learn/parts-and-self/")
    expect(page.locator("figure.diagram svg")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_the_keyboard_reaches_the_try_it_link_with_its_focus_in_sight(new_page, library):
    page = new_page()
    page.goto("/learn/three-systems/")
    try_it = page.locator(".try-it a")
    title = try_it.inner_text()
    for _ in range(80):
        page.keyboard.press("Tab")
        if try_it.evaluate("(link) => link === document.activeElement"):
            break
    expect(try_it).to_be_focused()
    outline = try_it.evaluate(
        "(link) => { const s = getComputedStyle(link); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert outline[0] != "none" and outline[1] != "0px", outline
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_a_reader_goes_from_the_list_to_a_lesson_and_on_to_the_next(new_page, library):
    page = new_page()
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Learn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Learn")
    page.get_by_role("link", name="Three systems", exact=False).first.click()
    expect(page.get_by_text("minutes to read")).to_be_visible()
    first = page.get_by_role("heading", level=1).inner_text()
    page.get_by_role("link", name="Next lesson").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text(first)
    page.get_by_role("link", name="Previous lesson").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first)
