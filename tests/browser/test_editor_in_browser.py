"""The practice editor in a real browser: every kind of step added with htmx, moved, removed
and saved without the page reloading; focus kept where the change was; every button within
reach of the keyboard; axe-core on the list, the editor (with its errors) and the preview."""

import re

import pytest
from playwright.sync_api import expect

from practices.models import Practice
from tests.browser.conftest import assert_no_axe_violations
from tests.practices.test_own_practices import make_practice


def step(page, number: int):
    return page.locator(f"#step-{number - 1}")


def add_step(page, kind_label: str):
    """Add a step; it goes before the closing reflection, and its title gets the focus."""
    count = page.locator(".step-editor").count()
    page.get_by_label("Kind of step to add").select_option(label=kind_label)
    page.get_by_role("button", name="Add a step").click()
    expect(page.locator(".step-editor")).to_have_count(count + 1)
    expect(step(page, count).get_by_label("Step title")).to_be_focused()


def mark_page(page):
    page.evaluate("() => { window.stillTheSamePage = true; }")


def still_the_same_page(page) -> bool:
    return page.evaluate("() => window.stillTheSamePage === true")


def test_a_therapist_builds_a_practice_with_every_kind_of_step_without_a_reload(
    theo_page, therapist
):
    page = theo_page()
    page.goto("/care/practices/new/")
    mark_page(page)
    page.get_by_label("Title", exact=True).fill("Kind words for a hard day")
    page.get_by_label("Method").select_option("cft")
    page.get_by_label("Intensity").select_option("gentle")
    page.get_by_label("About how many minutes it takes").fill("10")
    page.get_by_label("Feeling").check()
    page.get_by_label("Summary").fill("A few minutes of warmth when the day has been heavy.")
    page.get_by_label("What it is for").fill("It helps you meet a hard moment with warmth.")
    step(page, 1).get_by_label("What the client reads").fill("A short practice for a hard day.")
    step(page, 2).get_by_label("Prompt").fill("What would you like to remember?")

    add_step(page, "Pause: a timed pause, with a breathing pacer if you like")
    page.keyboard.type("Breathe")
    step(page, 2).get_by_label("What to do during the pause").fill("Let your breath slow.")
    step(page, 2).get_by_label("Length in seconds").fill("60")
    step(page, 2).get_by_label("Breathe in").fill("4")
    step(page, 2).get_by_label("Breathe out").fill("6")

    add_step(page, "Rate: the client picks a number from 0 to 10")
    page.keyboard.type("How hard it is")
    step(page, 3).get_by_label("What to rate").fill("How hard does today feel?")
    step(page, 3).get_by_label("What 0 means").fill("not at all")
    step(page, 3).get_by_label("What 10 means").fill("very")
    step(page, 3).get_by_label("Clients may skip this step").check()

    add_step(page, "Choose: the client picks from options")
    page.keyboard.type("What is here")
    step(page, 4).get_by_label("Question").fill("What can you find in yourself?")
    step(page, 4).get_by_label("Options, one per line").fill("calm\ncuriosity\ncompassion")
    step(page, 4).get_by_label("Clients may choose more than one").check()

    add_step(page, "Part (IFS): the client picks or names one of their parts")
    page.keyboard.type("Which part")
    step(page, 5).get_by_label("Question").fill("Which part of you is here?")

    add_step(page, "Write: the client writes in answer to a prompt")
    page.keyboard.type("A few words")
    step(page, 6).get_by_label("Prompt").fill("What is it like right now?")

    add_step(page, "Read: guidance the client reads")
    page.keyboard.type("A thought to keep")
    step(page, 7).get_by_label("What the client reads").fill("Kindness is a skill.")
    step(page, 8).get_by_label("Step title").fill("Looking back")
    expect(page.locator(".step-editor")).to_have_count(8)

    # Move the pause down past the rating; focus stays on its Move down button.
    step(page, 2).get_by_role("button", name="Move down step 2").click()
    expect(step(page, 3).get_by_label("Step title")).to_have_value("Breathe")
    expect(page.get_by_role("button", name="Move down step 3")).to_be_focused()
    step(page, 3).get_by_role("button", name="Move up step 3").click()
    expect(step(page, 2).get_by_label("Step title")).to_have_value("Breathe")
    # Remove the extra write step; what was typed everywhere else stays.
    step(page, 6).get_by_role("button", name="Remove step 6").click()
    expect(page.locator(".step-editor")).to_have_count(7)
    expect(step(page, 6).get_by_label("Step title")).to_be_focused()
    expect(page.get_by_label("Summary")).to_have_value(
        "A few minutes of warmth when the day has been heavy."
    )
    assert not Practice.objects.filter(author=therapist).exists()

    page.get_by_role("button", name="Save practice").click()
    expect(page.locator("#editor-status")).to_contain_text("Saved.")
    practice = Practice.objects.get(author=therapist)
    expect(page).to_have_url(re.compile(rf"/care/practices/{practice.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit “Kind words for a hard day”")
    assert still_the_same_page(page)
    assert [s.kind for s in practice.steps.all()] == [
        "read",
        "timer",
        "rate",
        "choose",
        "part",
        "read",
        "write",
    ]
    timer = practice.steps.get(kind="timer")
    assert (timer.seconds, timer.pace) == (60, {"in": 4, "hold": 0, "out": 6})
    assert practice.steps.get(kind="choose").options == ["calm", "curiosity", "compassion"]


def test_problems_show_beside_their_fields_and_focus_goes_to_the_first(theo_page, therapist, axe):
    page = theo_page()
    page.goto("/care/practices/new/")
    mark_page(page)
    page.get_by_role("button", name="Save practice").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing has been saved yet.")
    expect(page.get_by_label("Title", exact=True)).to_be_focused()
    expect(page.locator("#id_title_error")).to_have_text("Give the practice a title.")
    expect(page.locator("#steps-errors")).to_contain_text("A practice needs 4 to 10 steps")
    expect(step(page, 2).locator("#id_steps-1-prompt_error")).to_be_visible()
    assert still_the_same_page(page)
    assert not Practice.objects.exists()
    assert_no_axe_violations(axe, page)


def test_enter_in_a_text_box_saves_rather_than_moving_a_step(theo_page, therapist):
    practice = make_practice(therapist)
    page = theo_page()
    page.goto(f"/care/practices/{practice.pk}/")
    page.get_by_label("Title", exact=True).fill("Kind words, again")
    page.get_by_label("Title", exact=True).press("Enter")
    expect(page.locator("#editor-status")).to_contain_text("Saved.")
    practice.refresh_from_db()
    assert practice.title == "Kind words, again"
    assert practice.steps.first().kind == "read"


def test_every_step_button_is_reachable_and_works_by_keyboard(theo_page, therapist):
    practice = make_practice(therapist)
    page = theo_page()
    page.goto(f"/care/practices/{practice.pk}/")
    mark_page(page)
    step(page, 1).get_by_label("Step title").focus()
    reached = set()
    for _ in range(120):
        page.keyboard.press("Tab")
        name = page.evaluate(
            "() => { const e = document.activeElement;"
            " return e && e.tagName === 'BUTTON' ? e.textContent.trim() : ''; }"
        )
        reached.add(re.sub(r"\s+", " ", name))
        if name == "Save practice":
            break
    for number in range(1, 7):
        assert f"Remove step {number}" in reached
    for number in range(1, 6):
        assert f"Move down step {number}" in reached
        assert f"Move up step {number + 1}" in reached
    assert {"Add a step", "Save practice"} <= reached

    page.get_by_role("button", name="Move down step 1").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Move down step 2")).to_be_focused()
    expect(step(page, 2).get_by_label("Step title")).to_have_value("What this is for")
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Move down step 3")).to_be_focused()
    expect(step(page, 3).get_by_label("Step title")).to_have_value("What this is for")
    assert still_the_same_page(page)


def test_without_javascript_the_same_buttons_work_by_reloading(theo_page, therapist):
    practice = make_practice(therapist)
    page = theo_page(java_script_enabled=False)
    page.goto(f"/care/practices/{practice.pk}/")
    page.get_by_role("button", name="Remove step 2").click()
    expect(page.locator(".step-editor")).to_have_count(5)
    expect(step(page, 2).get_by_label("Step title")).to_be_focused()
    add_step(page, "Rate: the client picks a number from 0 to 10")
    assert practice.steps.count() == 6  # nothing is saved until Save


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_list_the_editor_and_the_preview(
    theo_page, therapist, axe, color_scheme
):
    practice = make_practice(therapist)
    page = theo_page(color_scheme=color_scheme)
    for path in ["/care/practices/", "/care/practices/new/", "/care/practices/import/"]:
        page.goto(path)
        assert_no_axe_violations(axe, page)
    page.goto(f"/care/practices/{practice.pk}/")
    assert_no_axe_violations(axe, page)
    for number in range(1, 7):
        page.goto(f"/care/practices/{practice.pk}/preview/?step={number}")
        expect(page.get_by_text("Preview: nothing you type here is saved.")).to_be_visible()
        assert_no_axe_violations(axe, page)


def test_the_preview_steps_through_the_practice_as_a_client_would(theo_page, therapist):
    practice = make_practice(therapist)
    page = theo_page()
    page.goto(f"/care/practices/{practice.pk}/preview/")
    for number, title in enumerate(
        [
            "What this is for",
            "Breathe",
            "How hard it is",
            "What is here",
            "Which part",
            "Looking back",
        ],
        start=1,
    ):
        expect(page.get_by_text(f"Step {number} of 6")).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        if number < 6:
            page.get_by_role("link", name="Next step").click()
    page.get_by_label("What would you like to remember from this?").fill("Nothing kept.")
    page.get_by_role("link", name="Back a step").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Which part")


def test_the_editor_fits_a_360_pixel_phone(theo_page, therapist):
    practice = make_practice(therapist)
    page = theo_page(viewport={"width": 360, "height": 740})
    for path in [
        "/care/practices/",
        f"/care/practices/{practice.pk}/",
        f"/care/practices/{practice.pk}/preview/?step=3",
    ]:
        page.goto(path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide"
