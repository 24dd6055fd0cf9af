"""A protector's "no" in a real browser: Casey, given "Meeting a young, hurt part" by Theo,
says "No, not today" and goes straight to a kind close (axe-clean in light and dark), Back
returns to the question, and the check-out follows. And Theo sends a "no" to an ending in the
editor, with a problem shown beside the field first."""

import pytest
from playwright.sync_api import expect

from care.services import assign_practice
from compassion_site.lib.dates import local_today
from journal.models import Run
from practices.models import Practice
from tests.browser.conftest import assert_no_axe_violations
from tests.browser.test_practice_flow import answer_current_step
from tests.practices.test_branching_editor import ASKS_FIRST
from tests.practices.test_own_practices import make_practice


def heading(page):
    return page.get_by_role("heading", level=1)


@pytest.fixture
def exile_homework(care_client, therapist, library):
    """Theo gives Casey the deep practice, from today in Casey's own time zone."""
    exile = Practice.objects.get(slug="ifs-meeting-an-exile")
    return assign_practice(therapist, care_client, exile, starts_on=local_today(care_client))


def walk_to_the_permission_question(page):
    page.goto("/homework/")
    page.get_by_role("button", name="Begin Meeting a young, hurt part").click()
    expect(heading(page)).to_have_text("How are you arriving?")
    page.get_by_role("button", name="Next").click()
    for number, title in enumerate(
        ["Before you begin", "Get grounded first", "Ask your protectors first"], start=1
    ):
        expect(page.get_by_text(f"Step {number} of 10")).to_be_visible()
        expect(heading(page)).to_have_text(title)
        answer_current_step(page)
        page.get_by_role("button", name="Next").click()
    expect(heading(page)).to_have_text("Is it okay to go on?")


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_no_not_today_goes_to_a_kind_close_then_the_check_out(
    casey_page, axe, exile_homework, color_scheme
):
    page = casey_page(color_scheme=color_scheme)
    walk_to_the_permission_question(page)
    page.get_by_text("No, not today").click()
    page.get_by_role("button", name="Next").click()

    expect(heading(page)).to_have_text("Thank your protector")
    expect(heading(page)).to_be_focused()
    expect(page.get_by_text("Step 5 of 5")).to_be_visible()
    expect(page.get_by_text("next session with your therapist")).to_be_visible()
    expect(page.get_by_text("The young part")).to_have_count(0)
    assert_no_axe_violations(axe, page)

    page.get_by_role("button", name="Back").click()
    expect(heading(page)).to_have_text("Is it okay to go on?")
    expect(page.get_by_label("No, not today")).to_be_checked()
    page.get_by_role("button", name="Next").click()
    expect(heading(page)).to_have_text("Thank your protector")
    page.get_by_role("button", name="Next").click()
    expect(heading(page)).to_have_text("How are you now?")
    page.get_by_role("button", name="Finish").click()
    expect(heading(page)).to_contain_text("You finished")
    assert Run.objects.get(assignment=exile_homework).status == Run.Status.FINISHED


def test_theo_sends_a_no_to_a_kind_ending_in_the_editor(theo_page, therapist, axe):
    ending = ASKS_FIRST["steps"][-1]
    practice = make_practice(therapist, steps=ASKS_FIRST["steps"][:-1])
    page = theo_page()
    page.goto(f"/care/practices/{practice.pk}/")
    page.get_by_label("Kind of step to add").select_option(label="Read: guidance the client reads")
    page.get_by_role("button", name="Add a step").click()
    new = page.locator("#step-5")  # before the closing reflection; moved below it next
    expect(new.get_by_label("Step title")).to_be_focused()
    new.get_by_label("Step title").fill(ending["title"])
    new.get_by_label("What the client reads").fill(ending["body"])
    new.get_by_label("An ending").check()
    new.get_by_role("button", name="Move down").click()
    last = page.locator("#step-6")
    expect(last.get_by_label("Step title")).to_have_value(ending["title"])

    choice = page.locator("#step-3")
    choice.get_by_label("When they choose").first.select_option("No, not today")
    page.get_by_role("button", name="Save practice").click()
    problem = choice.get_by_text("Choose where this option leads.")
    expect(problem).to_be_visible()
    assert_no_axe_violations(axe, page)

    choice.get_by_label("Go to").first.select_option(
        label="Step 7: Thank the part that said no (an ending)"
    )
    page.get_by_role("button", name="Save practice").click()
    expect(page.get_by_text("Saved. Clients see this version")).to_be_visible()
    saved = Practice.objects.get(pk=practice.pk).steps.get(key="okay-to-go-on")
    assert saved.branches == {"No, not today": "thank-the-part-that-said-no"}


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_axe_finds_nothing_where_the_editor_and_preview_show_branches(
    theo_page,
    therapist,
    axe,
    color_scheme,
):
    steps = [dict(step) for step in ASKS_FIRST["steps"]]
    steps[3]["branches"] = {"No, not today": "thank-it"}
    practice = make_practice(therapist, steps=steps)
    page = theo_page(color_scheme=color_scheme)
    page.goto(f"/care/practices/{practice.pk}/")
    expect(page.locator("#step-3").get_by_label("When they choose").first).to_have_value(
        "No, not today"
    )
    assert_no_axe_violations(axe, page)
    for number in (4, 7):
        page.goto(f"/care/practices/{practice.pk}/preview/?step={number}")
        assert_no_axe_violations(axe, page)
