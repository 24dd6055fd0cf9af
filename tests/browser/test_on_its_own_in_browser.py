"""An option that goes on its own, in a real browser: in "Checking in with the 8 Cs", ticking
"None of these right now" unticks the others and ticking another unticks it (axe-clean in
light and dark, with the server's message too); without JavaScript the server asks Robin to
untick one or the other."""

import pytest
from playwright.sync_api import expect

from journal.models import Answer
from tests.browser.conftest import assert_no_axe_violations

EIGHT_CS = "/practices/ifs-8-cs-check-in/"
NONE = "None of these right now"
GOES_ALONE = f"“{NONE}” goes on its own: untick it, or untick the others."


def heading(page):
    return page.get_by_role("heading", level=1)


def walk_to_the_cs(page):
    page.goto(EIGHT_CS)
    page.get_by_role("button", name="Begin").click()
    expect(heading(page)).to_have_text("How are you arriving?")
    page.get_by_label("3", exact=True).check()
    page.get_by_role("button", name="Next").click()
    expect(heading(page)).to_have_text("What this is for")
    page.get_by_role("button", name="Next").click()
    expect(heading(page)).to_have_text("Settle")
    page.get_by_role("button", name="Skip").click()
    expect(heading(page)).to_have_text("The 8 Cs today")


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_ticking_none_unticks_the_others_and_ticking_another_unticks_none(
    robin_page,
    practitioner,
    axe,
    color_scheme,
):
    page = robin_page(color_scheme=color_scheme)
    walk_to_the_cs(page)
    calm, curiosity, none = (page.get_by_label(name) for name in ("Calm", "Curiosity", NONE))

    calm.check()
    curiosity.check()
    expect(calm).to_be_checked()
    expect(curiosity).to_be_checked()

    none.check()
    expect(none).to_be_checked()
    expect(calm).not_to_be_checked()
    expect(curiosity).not_to_be_checked()

    # By keyboard too: Space on a focused box.
    calm.focus()
    page.keyboard.press("Space")
    expect(calm).to_be_checked()
    expect(none).not_to_be_checked()

    # Unticking leaves the rest alone.
    curiosity.check()
    curiosity.uncheck()
    expect(calm).to_be_checked()

    none.check()
    assert_no_axe_violations(axe, page)

    # Both ticked anyway (a page sent before its script ran, say): the server's message comes
    # in place, beside the options, and is axe-clean too.
    page.evaluate(
        """() => document.querySelectorAll("input[name=choices]").forEach((box) => {
            if (box.value === "Calm") { box.checked = true; }
        })"""
    )
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#id_choices_error")).to_have_text(GOES_ALONE)
    expect(calm).to_be_checked()
    expect(none).to_be_checked()
    assert not Answer.objects.filter(run__user=practitioner, step_key="cs").exists()
    assert_no_axe_violations(axe, page)

    none.uncheck()
    none.check()
    expect(calm).not_to_be_checked()
    page.get_by_role("button", name="Next").click()
    expect(heading(page)).not_to_have_text("The 8 Cs today")
    answer = Answer.objects.get(run__user=practitioner, step_key="cs")
    assert answer.choices == [NONE]


def test_without_javascript_the_server_asks_to_untick_one_or_the_other(
    robin_page,
    practitioner,
):
    page = robin_page(java_script_enabled=False)
    walk_to_the_cs(page)
    page.get_by_label("Calm").check()
    page.get_by_label(NONE).check()
    expect(page.get_by_label("Calm")).to_be_checked()  # nothing unticks it here
    page.get_by_role("button", name="Next").click()
    expect(heading(page)).to_have_text("The 8 Cs today")
    expect(page.locator("#id_choices_error")).to_have_text(GOES_ALONE)
    expect(page.get_by_label("Calm")).to_be_checked()
    expect(page.get_by_label(NONE)).to_be_checked()
    assert not Answer.objects.filter(run__user=practitioner, step_key="cs").exists()

    page.get_by_label("Calm").uncheck()
    page.get_by_role("button", name="Next").click()
    expect(heading(page)).not_to_have_text("The 8 Cs today")
    assert Answer.objects.get(run__user=practitioner, step_key="cs").choices == [NONE]
