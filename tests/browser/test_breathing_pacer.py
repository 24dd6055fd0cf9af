"""The breathing pacer in a real browser: its cue is never under the circle, it follows the
clock (a background tab that comes back finds it right), and the end is marked once, in a
live region that is quiet while the time runs."""

import re

import pytest
from playwright.sync_api import expect

from journal import services
from practices.models import Practice
from tests.browser.conftest import assert_no_axe_violations

BREATHING = "cft-soothing-rhythm-breathing"  # "breathe": 90 seconds, in for 4, out for 6
END_WORDS = "That's the time. There's no hurry"

# Where the cue's centre is, what the page shows there, and whether the cue's box meets the
# circle's at its largest.
CUE_AND_CIRCLE = """() => {
  const word = document.querySelector("[data-pacer-word]");
  const circle = document.querySelector(".pacer__circle");
  // The circle at its largest: its own layout box, around the centre it grows from.
  const now = circle.getBoundingClientRect();
  const middleX = now.left + now.width / 2, middleY = now.top + now.height / 2;
  const stage = {
    left: middleX - circle.offsetWidth / 2, right: middleX + circle.offsetWidth / 2,
    top: middleY - circle.offsetHeight / 2, bottom: middleY + circle.offsetHeight / 2,
  };
  const box = word.getBoundingClientRect();
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  const there = document.elementFromPoint(x, y);
  const meets = !(box.bottom <= stage.top || box.top >= stage.bottom ||
                  box.right <= stage.left || box.left >= stage.right);
  return {
    text: word.textContent,
    onTop: there === word || word.contains(there),
    meets: meets,
    inView: box.width > 0 && box.left >= 0 && box.right <= window.innerWidth,
  };
}"""


@pytest.fixture
def open_breathing(new_page, practitioner, log_in_browser, library):
    """Open the breathing step of a run begun as Begin begins it; keyword arguments go to
    new_page. With clock=True, Playwright's clock is installed first, to jump time."""

    def open_step(key="breathe", clock=False, slug=BREATHING, **options):
        practice = Practice.objects.current().in_library().get(slug=slug)
        run, _ = services.begin_practice(practitioner, practice)
        page = new_page(**options)
        log_in_browser(page, practitioner)
        if clock:
            page.clock.install()
        page.goto(f"/journal/runs/{run.pk}/steps/{key}/")
        return page

    return open_step


def cue(page):
    return page.locator("[data-pacer-word]")


def left(page):
    return page.locator("[data-timer-left]")


@pytest.mark.parametrize("width", [390, 1280])
def test_the_breathing_cue_sits_clear_of_the_circle_on_a_phone_and_a_laptop(open_breathing, width):
    page = open_breathing(clock=True, viewport={"width": width, "height": 844})
    expect(cue(page)).to_have_text("Breathe in")
    for moment, word in [(0, "Breathe in"), (4500, "Breathe out"), (6000, "Breathe in")]:
        if moment:
            page.clock.fast_forward(moment)
        expect(cue(page)).to_have_text(word)
        shown = page.evaluate(CUE_AND_CIRCLE)
        assert shown["onTop"], (width, word, "the cue is covered")
        assert not shown["meets"], (width, word, "the circle would grow over the cue")
        assert shown["inView"], (width, word)
        expect(cue(page)).to_be_visible()


def test_the_countdown_and_the_breath_follow_the_clock_after_a_background_tab_comes_back(
    open_breathing,
):
    page = open_breathing(clock=True)
    expect(left(page)).to_have_text("1:30 left")
    expect(cue(page)).to_have_text("Breathe in")
    # The laptop lid closes for 42 seconds: timers that were due fire once, late.
    page.clock.fast_forward("00:42")
    expect(left(page)).to_have_text("0:48 left")
    # 42 s is four whole breaths of 10 s and 2 s into the fifth: breathing in again.
    expect(cue(page)).to_have_text("Breathe in")
    page.clock.fast_forward("00:03")
    expect(left(page)).to_have_text("0:45 left")
    expect(cue(page)).to_have_text("Breathe out")
    # And time running as usual counts down second by second.
    page.clock.run_for(2000)
    expect(left(page)).to_have_text("0:43 left")


def test_the_end_is_marked_once_in_a_live_region_that_was_quiet_until_then(open_breathing):
    page = open_breathing(clock=True)
    end = page.locator("[data-timer-end]")
    expect(end).to_have_attribute("role", "status")
    expect(left(page)).to_have_text("1:30 left")
    page.clock.run_for(3000)
    expect(left(page)).to_have_text("1:27 left")
    # Quiet while the time runs: the live region is empty, and the countdown is not in one.
    expect(end).to_have_text("")
    in_live_region = page.evaluate(
        "() => Boolean(document.querySelector('[data-timer-left]')"
        ".closest('[aria-live], [role=status], [role=alert], [role=timer], [role=log]'))"
    )
    assert in_live_region is False

    page.clock.fast_forward("01:30")
    status = page.get_by_role("status").filter(has_text=END_WORDS)
    expect(status).to_be_visible()
    expect(status).to_contain_text("press Next when you're ready")
    expect(left(page)).to_be_hidden()
    # The circle comes to rest, and stays at rest.
    pacer = page.locator(".pacer")
    expect(pacer).to_have_class(re.compile(r"\bpacer--done\b"))
    page.clock.run_for(12_000)
    expect(pacer).not_to_have_class(re.compile(r"\bpacer--in\b"))
    expect(cue(page)).to_have_text("Rest")
    expect(status).to_have_count(1)


def test_a_timer_without_a_pacer_also_counts_from_the_clock_and_marks_its_end(open_breathing):
    page = open_breathing(key="arrive", clock=True)  # 20 seconds, no pacer
    expect(left(page)).to_have_text("0:20 left")
    page.clock.fast_forward("00:15")
    expect(left(page)).to_have_text("0:05 left")
    page.clock.fast_forward("00:05")
    expect(page.get_by_role("status").filter(has_text=END_WORDS)).to_be_visible()


def test_under_reduced_motion_the_circle_stays_still_and_the_words_still_change(
    open_breathing,
):
    page = open_breathing(clock=True, reduced_motion="reduce")
    expect(cue(page)).to_have_text("Breathe in")
    size = page.evaluate(
        "() => document.querySelector('.pacer__circle').getBoundingClientRect().width"
    )
    page.clock.fast_forward("00:05")
    expect(cue(page)).to_have_text("Breathe out")
    after = page.evaluate(
        "() => document.querySelector('.pacer__circle').getBoundingClientRect().width"
    )
    assert after == size
    expect(page.locator(".pacer")).not_to_have_class(re.compile(r"\bpacer--in\b"))


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_breathing_step_while_it_runs_and_at_the_end(
    open_breathing, axe, color_scheme
):
    page = open_breathing(clock=True, color_scheme=color_scheme)
    expect(cue(page)).to_have_text("Breathe in")
    assert_no_axe_violations(axe, page)
    page.clock.fast_forward("01:31")
    expect(page.get_by_role("status").filter(has_text=END_WORDS)).to_be_visible()
    assert_no_axe_violations(axe, page)
