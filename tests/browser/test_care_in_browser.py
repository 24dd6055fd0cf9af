"""The therapist's pages in Chromium: axe-core clean in light and dark, readable on a phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations


def care_paths(world) -> list[str]:
    client = world.client.pk
    return [
        "/care/",
        f"/care/clients/{client}/",
        f"/care/clients/{client}/assign/",
        f"/care/clients/{client}/series/",
        f"/care/clients/{client}/end/",
        f"/care/clients/{client}/entries/{world.shared_entry.pk}/",
        f"/care/assignments/{world.assignment.pk}/",
    ]


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_therapists_pages(
    new_page, axe, world, log_in_browser, color_scheme
):
    page = new_page(color_scheme=color_scheme)
    log_in_browser(page, world.therapist)
    for path in care_paths(world):
        page.goto(path)
        assert_no_axe_violations(axe, page)


def test_axe_finds_nothing_on_the_assign_form_showing_its_errors(page, axe, world, log_in_browser):
    log_in_browser(page, world.therapist)
    page.goto(f"/care/clients/{world.client.pk}/assign/")
    page.get_by_label("Every day, for some days").check()
    page.get_by_label("Every day, for how many days").fill("0")
    page.get_by_role("button", name="Assign").click()
    expect(page.locator("#id_days_error")).to_contain_text("Choose at least 1 day.")
    expect(page.locator("#id_practice_error")).to_contain_text("Choose a practice to assign.")
    assert_no_axe_violations(axe, page)


def test_a_clients_page_fits_a_phone_and_its_chart_is_named(new_page, world, log_in_browser):
    page = new_page(viewport={"width": 360, "height": 740})
    log_in_browser(page, world.therapist)
    page.goto(f"/care/clients/{world.client.pk}/")
    chart = page.get_by_role("img", name="Homework done against planned, week by week")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 200
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


CELLS_APART = """(table) => {
    // Each cell's content box: what is written in it, without its padding.
    const cells = [...table.querySelectorAll('tbody tr:first-child > *')].map((cell) => {
        const box = cell.getBoundingClientRect();
        const style = getComputedStyle(cell);
        return {
            top: box.top,
            bottom: box.bottom,
            left: box.left + parseFloat(style.paddingLeft),
            right: box.right - parseFloat(style.paddingRight),
        };
    });
    const touching = [];
    for (let i = 1; i < cells.length; i++) {
        const [a, b] = [cells[i - 1], cells[i]];
        const sameLine = a.top < b.bottom && b.top < a.bottom;
        if (sameLine && b.left - a.right < 8) touching.push(i);
    }
    return {touching, right: Math.max(...cells.map((c) => c.right))};
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_homework_done_table_keeps_its_columns_apart_and_fits_the_screen(
    new_page, world, log_in_browser, width
):
    world.own_practice.title = "A long title for a practice written by Theo for Casey alone"
    world.own_practice.save(update_fields=["title"])
    page = new_page(viewport={"width": width, "height": 900})
    log_in_browser(page, world.therapist)
    page.goto(f"/care/clients/{world.client.pk}/")
    table = page.get_by_role("table", name=re.compile("The latest 1, newest first"))
    expect(table).to_be_visible()
    found = table.evaluate(CELLS_APART)
    assert found["touching"] == [], "columns run together"
    assert found["right"] <= width
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
