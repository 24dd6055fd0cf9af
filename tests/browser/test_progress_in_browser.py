"""The progress dashboard in a real browser: the charts are drawn and named for assistive
technology, the range switches in place, axe-core finds nothing, and a phone fits it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations
from tests.journal.test_progress import practised

SLUGS = ["cft-grounding", "msc-soothing-touch", "cft-safe-place", "ifs-parts-check-in"]


@pytest.fixture
def robins_dashboard(new_page, practitioner, log_in_browser, library):
    now = timezone.now()
    for day in range(0, 120, 2):
        slug = SLUGS[day % len(SLUGS)]
        practised(practitioner, slug, now - timedelta(days=day, hours=3), 6, 4, stirred=day == 10)

    def open_page(**options):
        page = new_page(**options)
        log_in_browser(page, practitioner)
        page.goto("/progress/")
        return page

    return open_page


def test_the_charts_are_drawn_and_each_has_a_name_and_description(robins_dashboard, axe):
    page = robins_dashboard()
    charts = page.get_by_role("img")
    names = [
        "The last 12 weeks, a square a day",
        "Practices for each CFT skill",
        "Practices by method",
        "Distress before and after practice, over time",
    ]
    for name in names:
        chart = page.get_by_role("img", name=name)
        expect(chart).to_be_visible()
        box = chart.bounding_box()
        assert box["width"] > 100 and box["height"] > 50
        description = chart.evaluate(
            "svg => document.getElementById(svg.getAttribute('aria-labelledby').split(' ')[1]).textContent"
        )
        assert len(description) > 20
    assert charts.count() >= len(names)
    assert page.locator(".chart__bar").count() == 9  # six skills and three methods
    assert page.locator("rect.day").count() >= 70
    expect(page.get_by_role("table", name="Practices for each skill")).to_be_visible()
    assert_no_axe_violations(axe, page)


def test_the_range_switches_in_place_and_in_the_url(robins_dashboard):
    page = robins_dashboard()
    page.evaluate("() => { window.stillTheSamePage = true; }")
    practices = page.locator(".stats div").nth(2)
    expect(practices).to_contain_text("Practices in the last 90 days")
    page.get_by_role("link", name="30 days").click()
    expect(page).to_have_url(re.compile(r"/progress/\?range=30$"))
    expect(practices).to_contain_text("Practices in the last 30 days")
    expect(page.get_by_role("link", name="30 days")).to_have_attribute("aria-current", "true")
    assert page.evaluate("() => window.stillTheSamePage") is True
    assert page.locator("#progress-body").count() == 1
    page.reload()
    expect(practices).to_contain_text("Practices in the last 30 days")


def test_the_dashboard_in_dark_mode_and_on_a_phone(robins_dashboard, axe):
    page = robins_dashboard(color_scheme="dark", viewport={"width": 360, "height": 800})
    expect(page.get_by_role("img", name="Practices for each CFT skill")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    bar = page.locator(".chart__bar").first
    fill = bar.evaluate("el => getComputedStyle(el).fill")
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert fill != background
    assert_no_axe_violations(axe, page)


def test_a_new_person_sees_a_welcome_and_axe_finds_nothing(
    new_page, practitioner, log_in_browser, library, axe
):
    page = new_page()
    log_in_browser(page, practitioner)
    page.goto("/progress/")
    expect(page.get_by_role("heading", name="Your first practice is waiting")).to_be_visible()
    expect(page.get_by_role("img")).to_have_count(0)  # no empty charts (the logo is decoration)
    assert_no_axe_violations(axe, page)
