"""Homework in a real browser: a client begins it from the homework page, finishes the
practice, and sees it done. axe-core on the homework page with something in every section, and
on the home page with homework; both fit a 360 px phone."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from care.services import assign_practice, assign_series, set_status
from compassion_site.lib.dates import local_today
from journal.models import Run
from practices.models import Practice, Schedule, Status
from tests.browser.conftest import assert_no_axe_violations
from tests.browser.test_practice_flow import answer_current_step
from tests.factories import RunFactory

NOTE = "Try this after work, when the house is quiet."


def practice(slug: str) -> Practice:
    return Practice.objects.get(slug=slug)


def once(therapist, client, slug, *, starts, due, note=""):
    return assign_practice(
        therapist, client, practice(slug), note=note, starts_on=starts, due_on=due
    )


@pytest.fixture
def full_homework(care_client, therapist, library):
    """Something for Casey in every section: today, this week, still open, later, done lately,
    a series with a locked step, and something paused."""
    today = local_today(care_client)
    day = timedelta(days=1)
    due_today = once(
        therapist, care_client, "msc-self-compassion-break", starts=today, due=today, note=NOTE
    )
    assign_practice(
        therapist,
        care_client,
        practice("cft-grounding"),
        note="Three short pauses a week is plenty.",
        schedule=Schedule.WEEKLY,
        starts_on=today,
        times_per_week=3,
        weeks=2,
    )
    once(therapist, care_client, "msc-soothing-touch", starts=today - 10 * day, due=today - 3 * day)
    once(
        therapist,
        care_client,
        "msc-affectionate-breathing",
        starts=today + 5 * day,
        due=today + 9 * day,
    )
    done = once(therapist, care_client, "cft-safe-place", starts=today - 3 * day, due=today - day)
    RunFactory(
        user=care_client,
        practice=done.practice,
        practice_version=done.practice.version,
        assignment=done,
        status=Run.Status.FINISHED,
        finished_at=timezone.now() - timedelta(hours=30),
    )
    assign_series(
        therapist,
        care_client,
        [practice("msc-loving-kindness-phrases"), practice("cft-compassionate-other")],
        title="A gentle start",
        note="One at a time; there's no hurry.",
        starts_on=today,
    )
    paused = once(therapist, care_client, "msc-what-do-i-need", starts=today, due=today)
    set_status(paused, Status.PAUSED)
    return due_today


def test_a_client_begins_homework_finishes_it_and_sees_it_done(casey_page, full_homework):
    page = casey_page()
    page.goto("/homework/")
    today = page.locator("section", has=page.get_by_role("heading", name="Due today"))
    expect(today.get_by_text(NOTE)).to_be_visible()
    today.get_by_role("button", name="Begin A self-compassion break").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("How are you arriving?")
    expect(page.get_by_text("Homework from Theo Marsh")).to_be_visible()
    page.get_by_role("button", name="Next").click()
    for number in range(1, 9):
        expect(page.get_by_text(f"Step {number} of 8")).to_be_visible()
        answer_current_step(page)
        page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How are you now?")
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("You finished")
    expect(page.get_by_text("This counts toward your homework from Theo Marsh")).to_be_visible()

    page.get_by_role("link", name="See your homework").click()
    expect(page.get_by_role("heading", name="Due today")).to_have_count(0)
    done = page.locator("section", has=page.get_by_role("heading", name="Done lately"))
    expect(done.get_by_text("A self-compassion break")).to_be_visible()
    run = Run.objects.get(assignment=full_homework)
    assert run.status == Run.Status.FINISHED


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_homework_page_or_home_with_homework(
    casey_page, axe, full_homework, color_scheme
):
    page = casey_page(color_scheme=color_scheme)
    page.goto("/homework/")
    for heading in ("Due today", "This week", "Still open", "Later", "Done lately"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.get_by_text("Opens when you finish the one before")).to_be_visible()
    expect(page.get_by_text("paused by Theo Marsh")).to_be_visible()
    assert_no_axe_violations(axe, page)
    page.goto("/")
    expect(page.get_by_role("heading", name="Homework", exact=True)).to_be_visible()
    assert_no_axe_violations(axe, page)


def test_homework_and_home_fit_a_360_pixel_phone(casey_page, full_homework):
    page = casey_page(viewport={"width": 360, "height": 740})
    for path in ("/homework/", "/"):
        page.goto(path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide"
