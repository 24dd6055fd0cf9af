"""The progress dashboard in a real browser: the charts are drawn and named for assistive
technology, the range switches in place, axe-core finds nothing, and a phone fits it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations
from tests.progress.test_progress import practised

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


LONG_TITLES = {
    "cft-grounding": "Grounding with the breath, the feet on the floor, and the sounds of the room",
    "msc-soothing-touch": "Soothing and supportive touch, when the day has asked too much of you",
    "cft-safe-place": "A safe place, built slowly, one sense at a time, until it feels like home",
}


@pytest.fixture
def phone_dashboard(new_page, practitioner, log_in_browser, library):
    """Robin on a 390 px phone, with three long-titled practices each checked in 3+ times."""
    from practices.models import Practice

    for slug, title in LONG_TITLES.items():
        Practice.objects.filter(slug=slug).update(title=title)
    now = timezone.now()
    for index, day in enumerate(range(0, 60, 3)):
        slug = list(LONG_TITLES)[index % 3]
        practised(practitioner, slug, now - timedelta(days=day, hours=3), 7, 3 + index % 3)

    def open_page(color_scheme="light"):
        page = new_page(viewport={"width": 390, "height": 844}, color_scheme=color_scheme)
        log_in_browser(page, practitioner)
        page.goto("/progress/")
        return page

    return open_page


def smallest_chart_text(page) -> float:
    """The smallest rendered height, in CSS px, of any text drawn inside a chart."""
    return page.evaluate(
        """() => Math.min(...[...document.querySelectorAll('svg.chart text')]
            .filter((t) => t.textContent.trim())
            .map((t) => {
                const svg = t.ownerSVGElement;
                const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                return parseFloat(getComputedStyle(t).fontSize) * scale;
            }))"""
    )


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_on_a_390_px_phone_the_tables_fit_their_captions_show_and_chart_text_is_readable(
    phone_dashboard, axe, color_scheme
):
    page = phone_dashboard(color_scheme)
    table = page.get_by_role("table", name=re.compile("Practices that seem to help you most"))
    expect(table).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    caption = table.locator("caption")
    expect(caption).to_contain_text("(with 3 or more check-ins before and after)")
    fits = caption.evaluate(
        """(c) => {
            const box = c.getBoundingClientRect();
            return c.scrollWidth <= c.clientWidth + 1 && box.left >= 0
                && box.right <= window.innerWidth;
        }"""
    )
    assert fits, "the caption is cut off"
    for title in LONG_TITLES.values():
        link = table.get_by_role("link", name=title)
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    for summary in page.locator("details.numbers > summary").all():
        summary.click()  # the tables of the charts' numbers fit too
    for table_box in page.locator(".progress-page table").evaluate_all(
        "(tables) => tables.filter((t) => t.offsetParent).map((t) => t.getBoundingClientRect().right)"
    ):
        assert table_box <= 390
    assert smallest_chart_text(page) >= 12
    assert_no_axe_violations(axe, page)
