"""Every page as each kind of person, axe-core on each; and a practice at 200% zoom on a phone.

The pages come from the access matrix (tests/site/test_access_matrix.py): every GET a person
may open, with the care world's real objects in it (a client with homework and a shared
entry, her therapist, a therapist without clients, another client, a visitor).
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, settle
from tests.browser.test_practice_flow import answer_current_step
from tests.site.test_access_matrix import (
    ROWS,
    a_path_for_everyone,  # noqa: F401  (a fixture)
    person_for,
    url_of,
)

CRAWLED = ("visitor", "owner", "therapist", "unlinked_therapist", "other_client")
NOT_HTML = {
    "health",
    "manifest",
    "service_worker",
    "export_json",
    "export_markdown",
    "own_practice_export",
    "listen_narration",  # audio, which Chromium shows in its own media page
    "listen_recording",
}


@pytest.mark.parametrize("who", CRAWLED)
@pytest.mark.usefixtures("a_path_for_everyone")
def test_axe_finds_nothing_on_any_page_each_kind_of_person_opens(
    new_page, axe, world, log_in_browser, who
):
    page = new_page()
    person = person_for(who, world)
    if person is not None:
        log_in_browser(page, person)
    paths = [
        url_of(row, world)
        for row in ROWS
        if row.method == "get" and row.expect[who] == 200 and row.name not in NOT_HTML
    ]
    assert len(paths) >= 10
    for path in dict.fromkeys(paths):
        response = page.goto(path)
        assert response.status == 200, path
        assert_no_axe_violations(axe, page)


def test_a_practice_at_200_percent_zoom_on_a_360_pixel_phone_keeps_everything_in_view(
    new_page, practitioner, log_in_browser, library
):
    # 200% zoom on a 360 px wide window leaves 180 CSS pixels of width.
    page = new_page(viewport={"width": 180, "height": 380}, device_scale_factor=2)
    log_in_browser(page, practitioner)
    page.goto("/practices/msc-self-compassion-break/")
    page.get_by_role("button", name="Begin").first.click()

    def nothing_cut_off():
        settle(page)  # entrance animations may slide content in from the side
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), (
            f"sideways scrolling on {page.url}"
        )
        for button in page.get_by_role("button").all():
            if button.is_visible():
                box = button.bounding_box()
                assert box["x"] >= 0
                assert box["x"] + box["width"] <= 180 + 0.5, button.inner_text()

    expect(page.get_by_role("heading", level=1)).to_have_text("How are you arriving?")
    nothing_cut_off()
    page.locator("label.scale__option").nth(5).click()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("How are you arriving?")
    while page.get_by_role("heading", level=1).inner_text() != "How are you now?":
        nothing_cut_off()
        answer_current_step(page)
        shown = page.get_by_role("heading", level=1).inner_text()
        page.get_by_role("button", name="Next").click()
        expect(page.get_by_role("heading", level=1)).not_to_have_text(shown)
    nothing_cut_off()
    page.locator("label.scale__option").nth(3).click()
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("You finished")
    nothing_cut_off()
