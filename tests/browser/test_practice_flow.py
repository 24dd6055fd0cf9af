"""A practice in a real browser: with htmx, without JavaScript, by keyboard, and when it's
too much. axe-core on the library, a practice page and every kind of step."""

import re

import pytest
from playwright.sync_api import expect

from journal.models import Answer, Entry, Run
from tests.browser.conftest import assert_no_axe_violations

BREAK = "/practices/msc-self-compassion-break/"


def heading(page):
    return page.get_by_role("heading", level=1)


def answer_current_step(page):
    """Give the step on screen a plausible answer, whatever its kind."""
    if page.locator("textarea").count():
        page.locator("textarea").fill("A few honest words.")
    if page.locator("input[name=rating]").count():
        page.locator("label.scale__option").nth(5).click()
    if page.locator("input[name=choices]").count():
        page.locator("label.option").first.click()


def test_a_whole_practice_with_htmx_never_reloads_the_page(robin_page):
    page = robin_page()
    page.goto(BREAK)
    page.get_by_role("button", name="Begin").click()
    expect(heading(page)).to_have_text("How are you arriving?")
    page.evaluate("() => { window.stillTheSamePage = true; }")
    page.get_by_label("5", exact=True).check()
    page.get_by_label("One word for how you feel").fill("heavy")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Step 1 of 8")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/steps/welcome/$"))
    for number in range(1, 9):
        expect(page.get_by_text(f"Step {number} of 8")).to_be_visible()
        # Focus lands on the new step's heading.
        expect(heading(page)).to_be_focused()
        answer_current_step(page)
        page.get_by_role("button", name="Next").click()
    expect(heading(page)).to_have_text("How are you now?")
    assert page.evaluate("() => window.stillTheSamePage") is True
    page.get_by_label("3", exact=True).check()
    page.get_by_role("button", name="Finish").click()
    expect(heading(page)).to_contain_text("You finished")
    expect(page.get_by_text("A few honest words.").first).to_be_visible()
    run = Run.objects.get()
    assert run.status == Run.Status.FINISHED
    assert (run.distress_before, run.distress_after) == (5, 3)
    assert Entry.objects.filter(run=run).exists()


def test_browser_back_and_forward_land_on_the_right_step(robin_page):
    page = robin_page()
    page.goto(BREAK)
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("button", name="Skip").click()
    expect(heading(page)).to_have_text("What this is for")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Step 2 of 8")).to_be_visible()
    page.go_back()
    expect(page).to_have_url(re.compile(r"/steps/welcome/$"))
    expect(page.get_by_text("Step 1 of 8")).to_be_visible()
    page.go_forward()
    expect(page.get_by_text("Step 2 of 8")).to_be_visible()


def test_a_refresh_mid_practice_keeps_the_text_typed(robin_page):
    page = robin_page()
    page.goto(BREAK)
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("button", name="Skip").click()
    expect(heading(page)).to_have_text("What this is for")  # wait for the swap
    page.get_by_role("button", name="Next").click()
    expect(page).to_have_url(re.compile("/steps/difficulty/$"))
    expect(heading(page)).to_be_focused()  # the new step has settled in
    box = page.get_by_role("textbox")
    box.press_sequentially("I keep replaying what I said.", delay=5)
    expect(page.locator("#save-status")).to_contain_text("Saved")
    page.reload()
    expect(page.get_by_role("textbox")).to_have_value("I keep replaying what I said.")
    assert Answer.objects.get(step_key="difficulty").text == "I keep replaying what I said."


def test_a_whole_practice_with_javascript_off(robin_page):
    page = robin_page(java_script_enabled=False)
    page.goto(BREAK)
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("button", name="Skip").click()
    for _ in range(8):
        answer_current_step(page)
        page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Finish").click()
    expect(heading(page)).to_contain_text("You finished")
    assert Run.objects.get().status == Run.Status.FINISHED
    assert Answer.objects.filter(text="A few honest words.").count() == 5


def test_a_whole_practice_with_the_keyboard_alone(robin_page):
    page = robin_page()
    page.goto(BREAK)
    page.get_by_role("button", name="Begin").focus()
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("How are you arriving?")
    # Check-in: Tab into the scale, arrow keys pick a number, Tab to Next.
    page.locator("#id_distress_0").focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    expect(page.locator("#id_distress_4")).to_be_checked()
    page.get_by_role("button", name="Next").focus()
    page.keyboard.press("Enter")
    for number in range(1, 9):
        expect(page.get_by_text(f"Step {number} of 8")).to_be_visible()
        expect(heading(page)).to_be_focused()
        if page.locator("textarea").count():
            page.keyboard.press("Tab")
            expect(page.locator("textarea")).to_be_focused()
            page.keyboard.type("Typed with keys only.")
        page.get_by_role("button", name="Next").focus()
        page.keyboard.press("Enter")
    page.get_by_role("button", name="Finish").focus()
    page.keyboard.press("Enter")
    expect(heading(page)).to_contain_text("You finished")
    assert Run.objects.get().distress_before == 4
    assert Answer.objects.filter(text="Typed with keys only.").count() == 5


def test_too_much_pauses_and_offers_grounding_and_crisis_help(robin_page):
    page = robin_page()
    page.goto(BREAK)
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("button", name="Skip").click()
    expect(heading(page)).to_have_text("What this is for")  # wait for the swap
    page.get_by_role("button", name="Next").click()
    page.get_by_role("textbox").fill("This is bringing a lot up")
    page.get_by_role("button", name="This is too much right now").click()
    expect(heading(page)).to_have_text("It's OK to stop here")
    # Robin is in New York: the line for the US, and every other line a click away.
    expect(page.get_by_role("link", name="988", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="find other crisis support", exact=True)).to_be_visible()
    assert Run.objects.get().status == Run.Status.PAUSED
    assert Answer.objects.get(step_key="difficulty").text == "This is bringing a lot up"
    page.get_by_role("button", name=re.compile("A minute to steady yourself")).click()
    expect(heading(page)).to_have_text("How are you arriving?")
    page.goto("/")
    expect(page.get_by_role("heading", name="Pick up where you left off")).to_be_visible()
    page.get_by_role("link", name="Continue A self-compassion break").click()
    expect(page.get_by_role("textbox")).to_have_value("This is bringing a lot up")


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_axe_finds_nothing_in_the_library_on_a_practice_page_or_on_any_step_kind(
    robin_page, axe, color_scheme
):
    page = robin_page(color_scheme=color_scheme)
    for path in [
        "/practices/",
        "/practices/?modality=ifs&mood=self-critical",
        BREAK,
        "/practices/ifs-meeting-an-exile/",
        "/learn/what-compassion-is/",
        "/journal/parts/",
    ]:
        page.goto(path)
        assert_no_axe_violations(axe, page)
    # ifs-parts-check-in has read, timer, part, choose, rate and write steps.
    page.goto("/practices/ifs-parts-check-in/")
    page.get_by_role("button", name="Begin").click()
    seen = set()
    while True:
        assert_no_axe_violations(axe, page)
        for kind, selector in [
            ("rate", "input[name=rating]"),
            ("choose", "input[name=choices]"),
            ("part", "input[name=new_part]"),
            ("write", "textarea"),
            ("timer", "[data-timer]"),
            ("check", "input[name=distress]"),
        ]:
            if page.locator(selector).count():
                seen.add(kind)
        if page.locator("input[name=new_part]").count():
            page.get_by_label("Or name a new part").fill("The Worrier")
        if page.locator("textarea").count():
            page.locator("textarea").fill("Noticing.")
        if page.get_by_role("button", name="Finish").count():
            break
        before = heading(page).inner_text()
        page.get_by_role("button", name="Next").click()
        expect(heading(page)).not_to_have_text(before)
    assert seen == {"rate", "choose", "part", "write", "timer", "check"}
    page.get_by_role("button", name="Finish").click()
    expect(heading(page)).to_contain_text("You finished")
    assert_no_axe_violations(axe, page)


def test_a_step_with_an_error_is_axe_clean_and_puts_focus_on_the_field(robin_page, axe):
    page = robin_page()
    page.goto(BREAK)
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("button", name="Skip").click()
    expect(heading(page)).to_have_text("What this is for")  # wait for the swap
    page.get_by_role("button", name="Next").click()
    expect(page).to_have_url(re.compile("/steps/difficulty/$"))
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Write a few words to go on.")).to_be_visible()
    expect(page.locator("textarea")).to_be_focused()
    assert_no_axe_violations(axe, page)


def test_the_library_filters_update_in_place_and_in_the_url(robin_page):
    page = robin_page()
    page.goto("/practices/")
    page.evaluate("() => { window.stillTheSamePage = true; }")
    page.get_by_label("Method").select_option("ifs")
    expect(page).to_have_url(re.compile(r"modality=ifs"))
    expect(page.locator(".practice-card").first).to_contain_text("Internal Family Systems")
    page.get_by_role("link", name="I'm being hard on myself").click()
    expect(page).to_have_url(re.compile(r"mood=self-critical"))
    assert page.evaluate("() => window.stillTheSamePage") is True
    assert page.locator("#results").count() == 1  # swapped, not nested inside itself
    count = page.locator(".practice-card").count()
    assert count >= 1
    page.reload()
    expect(page.locator(".practice-card")).to_have_count(count)


def test_the_breathing_pacer_stays_still_under_reduced_motion(robin_page):
    for motion, moving in [("no-preference", True), ("reduce", False)]:
        # Each setting begins afresh: Begin would otherwise pick up the run begun before.
        Run.objects.filter(practice__slug="cft-soothing-rhythm-breathing").delete()
        page = robin_page(reduced_motion=motion)
        page.goto("/practices/cft-soothing-rhythm-breathing/")
        page.get_by_role("button", name="Begin").click()
        expect(heading(page)).to_have_text("How are you arriving?")
        page.goto(page.url.replace("/check-in/", "/breathe/"))
        expect(page.locator(".pacer__circle")).to_be_attached()
        page.wait_for_timeout(300)
        transition = page.evaluate(
            "() => getComputedStyle(document.querySelector('.pacer__circle')).transitionProperty"
        )
        grows = page.evaluate(
            "() => document.querySelector('.pacer').classList.contains('pacer--in')"
        )
        assert grows is moving, motion
        assert (transition != "none") is moving, (motion, transition)
        expect(page.get_by_text(re.compile(r"Breathe in for \d+ seconds"))).to_be_visible()


def test_a_step_the_server_could_not_save_keeps_the_words_and_saves_them_on_the_next_try(
    new_page, practitioner, log_in_browser, library
):
    page = new_page()
    new_page.watcher.expected_statuses.add(503)
    log_in_browser(page, practitioner)
    page.goto(BREAK)
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("button", name="Skip").click()
    expect(heading(page)).to_have_text("What this is for")  # wait for the swap
    page.get_by_role("button", name="Next").click()
    expect(page).to_have_url(re.compile("/steps/difficulty/$"))
    expect(heading(page)).to_be_focused()  # the writing step has settled in
    step_title = heading(page).inner_text()
    page.get_by_role("textbox").fill("The words I must not lose.")

    # The database is restarting: the server answers 503 to this one save.
    def unavailable(route):
        route.fulfill(status=503, body="Something went wrong on our side")

    page.route("**/steps/difficulty/", unavailable)
    page.get_by_role("button", name="Next").click()
    problem = page.get_by_role("alert")
    expect(problem).to_contain_text("We couldn't save that just now")
    expect(page.get_by_role("textbox")).to_have_value("The words I must not lose.")
    assert not Answer.objects.filter(step_key="difficulty").exists()

    page.unroute("**/steps/difficulty/")
    page.get_by_role("button", name="Next").click()
    expect(heading(page)).not_to_have_text(step_title)
    assert Answer.objects.get(step_key="difficulty").text == "The words I must not lose."


def open_first_writing_step(page):
    page.goto(BREAK)
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("button", name="Skip").click()
    expect(heading(page)).to_have_text("What this is for")
    page.get_by_role("button", name="Next").click()
    expect(page).to_have_url(re.compile("/steps/difficulty/$"))
    expect(heading(page)).to_be_focused()  # the writing step has settled in
    return page.get_by_role("textbox")


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_a_draft_too_long_to_save_says_not_saved_and_stays_unsaved_until_it_is(
    new_page, practitioner, log_in_browser, library, axe, color_scheme
):
    page = new_page(color_scheme=color_scheme)
    new_page.watcher.expected_statuses.add(422)
    log_in_browser(page, practitioner)
    box = open_first_writing_step(page)
    box.fill("kind words " * 1820 + "the very end")

    status = page.get_by_role("status").filter(has_text="Not saved")
    expect(status).to_contain_text("a step can hold up to 20,000")
    expect(box).to_have_attribute("data-dirty", "yes")
    expect(box).to_have_value(re.compile("the very end$"))
    assert not Answer.objects.filter(step_key="difficulty").exists()
    assert_no_axe_violations(axe, page)

    box.fill("Just the words that matter.")
    expect(page.locator("#save-status")).to_contain_text("Saved")
    expect(box).to_have_attribute("data-dirty", "no")
    assert Answer.objects.get(step_key="difficulty").text == "Just the words that matter."


def test_a_draft_the_server_refused_says_not_saved_and_the_words_go_on_the_next_try(
    new_page, practitioner, log_in_browser, library
):
    page = new_page()
    new_page.watcher.expected_statuses.add(503)
    log_in_browser(page, practitioner)
    box = open_first_writing_step(page)

    def unavailable(route):
        route.fulfill(status=503, body="Something went wrong on our side")

    page.route("**/steps/difficulty/draft/", unavailable)
    box.fill("The words I must not lose.")
    expect(page.locator("#save-status")).to_contain_text("Not saved yet")
    expect(box).to_have_attribute("data-dirty", "yes")
    assert not Answer.objects.filter(step_key="difficulty").exists()

    page.unroute("**/steps/difficulty/draft/")
    box.press_sequentially(" Not one.", delay=5)
    expect(page.locator("#save-status")).to_contain_text("Saved")
    expect(box).to_have_attribute("data-dirty", "no")
    assert Answer.objects.get(step_key="difficulty").text == "The words I must not lose. Not one."


def test_words_whose_draft_failed_are_sent_once_more_when_the_page_closes(
    new_page, practitioner, log_in_browser, library
):
    page = new_page()
    new_page.watcher.expected_statuses.add(503)
    log_in_browser(page, practitioner)
    box = open_first_writing_step(page)
    page.route("**/steps/difficulty/draft/", lambda route: route.fulfill(status=503, body=""))
    box.fill("Words for later.")
    expect(page.locator("#save-status")).to_contain_text("Not saved yet")

    page.unroute("**/steps/difficulty/draft/")
    page.goto("/")  # leaving the page sends the unsaved words one last time
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.wait_for_timeout(500)
    assert Answer.objects.get(step_key="difficulty").text == "Words for later."


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_begin_again_picks_up_the_practice_and_start_again_asks_first(
    robin_page, axe, practitioner, color_scheme
):
    page = robin_page(color_scheme=color_scheme)
    page.goto(BREAK)
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Step 1 of 8")).to_be_visible()

    page.goto(BREAK)
    page.get_by_role("button", name="Begin").click()
    expect(page.get_by_text("so here is where you left off")).to_be_visible()
    expect(page.get_by_text("Step 1 of 8")).to_be_visible()
    assert Run.objects.filter(user=practitioner).count() == 1
    assert_no_axe_violations(axe, page)

    page.get_by_role("link", name="Start again from the beginning").click()
    expect(heading(page)).to_have_text("Start “A self-compassion break” again?")
    assert_no_axe_violations(axe, page)
    page.get_by_role("button", name="Start again").click()
    expect(heading(page)).to_have_text("How are you arriving?")
    assert Run.objects.filter(user=practitioner).count() == 1


def test_a_reload_straight_after_typing_keeps_the_words_and_next_moves_on_in_one_press(
    robin_page,
):
    page = robin_page()
    box = open_first_writing_step(page)
    # The words go no further than the box: the reload comes before the quiet save would.
    box.press_sequentially("Words typed just before a reload.", delay=5)
    page.reload()
    expect(page.get_by_role("textbox")).to_have_value("Words typed just before a reload.")
    expect(page.locator("#save-status")).to_contain_text("Saved")
    page.reload()
    expect(page.get_by_role("textbox")).to_have_value("Words typed just before a reload.")
    expect(heading(page)).to_have_text("What's hard right now")
    page.get_by_role("textbox").press("End")
    page.get_by_role("textbox").press_sequentially(" And a few more.", delay=5)
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Step 3 of 8")).to_be_visible()
    expect(page.get_by_text("Another tab saved different words")).to_have_count(0)
    assert Answer.objects.get(step_key="difficulty").text == (
        "Words typed just before a reload. And a few more."
    )


def test_words_kept_in_the_tab_are_let_go_once_saved_and_forgotten_on_log_out(
    new_page, practitioner, log_in_browser, library
):
    page = new_page()
    new_page.watcher.expected_statuses.add(503)
    log_in_browser(page, practitioner)
    box = open_first_writing_step(page)
    copies = "() => Object.keys(sessionStorage).filter((key) => key.startsWith('tend-draft:'))"
    box.fill("Saved straight away.")
    expect(page.locator("#save-status")).to_contain_text("Saved")
    assert page.evaluate(copies) == []  # the server has them: nothing kept in the tab

    page.route("**/steps/difficulty/draft/", lambda route: route.fulfill(status=503, body=""))
    box.fill("Not saved yet.")
    expect(page.locator("#save-status")).to_contain_text("Not saved yet")
    assert len(page.evaluate(copies)) == 1
    page.unroute("**/steps/difficulty/draft/")
    page.route("**/draft/", lambda route: route.abort())  # the last-moment save goes nowhere
    page.goto("/")  # a practice's quiet page has no Log out: it's on the home page
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/$"))
    assert page.evaluate(copies) == []


def test_a_duplicated_tab_takes_a_name_of_its_own(robin_page):
    page = robin_page()
    open_first_writing_step(page)
    first = page.locator("input[name=tab]").input_value()
    assert first
    # Duplicating a tab copies its sessionStorage, the tab's name included.
    copy = page.context.new_page()
    copy.add_init_script(f"sessionStorage.setItem('tend-tab', '{first}')")
    copy.goto(page.url)
    expect(copy.locator("input[name=tab]")).not_to_have_value(first)
    expect(copy.locator("input[name=tab]")).not_to_have_value("")
    assert page.locator("input[name=tab]").input_value() == first
