"""Listening in a real browser: a step's voice plays from this host only after a tap, the
whole practice plays on by itself through a timed pause and waits where the person has
something to do, a voice that can't be played leaves the step as words, and the player is
labelled, reachable by keyboard and axe clean in light and dark.

The voices are real MP3s (a soft tone made with PyAV, tests.audio.narrate_with_tone). The buttons
are pressed with real clicks and keys, which are user gestures, so the browser lets sound play;
after that the document keeps its user activation, so the next step's voice may start by
itself when htmx swaps it in. No browser flags are changed."""

import re
from urllib.parse import urlparse

import pytest
from django.core.files.storage import default_storage
from playwright.sync_api import expect

from journal import services
from journal.models import CHECK_IN
from practices.models import StepKind
from tests.audio import narrate_with_tone as narrate
from tests.browser.conftest import assert_no_axe_violations
from tests.factories import PracticeFactory, StepFactory

AUDIO_STATE = """() => {
  const audio = document.querySelector("[data-listen-audio]");
  return { duration: audio.duration, time: audio.currentTime, paused: audio.paused };
}"""


@pytest.fixture
def listening_practice(practitioner):
    """Arrive (read), a 3-second pause, Notice (read), Write: each with a short voice."""
    practice = PracticeFactory(title="A short listen", author=None, self_guided=True)
    steps = {
        "arrive": StepFactory(
            practice=practice, key="arrive", position=1, title="Arrive", body="Settle in."
        ),
        "pause": StepFactory(
            practice=practice,
            key="pause",
            position=2,
            kind=StepKind.TIMER,
            seconds=3,
            title="A short pause",
            body="Rest here.",
        ),
        "notice": StepFactory(
            practice=practice, key="notice", position=3, title="Notice", body="What is here?"
        ),
        "write": StepFactory(
            practice=practice,
            key="write",
            position=4,
            kind=StepKind.WRITE,
            title="Write it down",
            prompt="What did you notice?",
        ),
    }
    return practice, steps


@pytest.fixture
def open_step(robin_page, practitioner, listening_practice):
    """Open a step of a new run of the listening practice; keyword arguments go to new_page."""
    practice, _ = listening_practice

    def open_it(key="arrive", context_init=None, **options):
        run = services.start_run(practitioner, practice)
        page = robin_page(**options)
        if context_init:
            page.add_init_script(context_init)
        page.goto(f"/journal/runs/{run.pk}/steps/{key}/")
        return page

    return open_it


def listen_button(page):
    return page.locator("[data-listen-play]")


def whole_button(page):
    return page.get_by_role("button", name="Listen to the whole practice")


def wait_until_playing(page):
    page.wait_for_function(
        """() => {
          const audio = document.querySelector("[data-listen-audio]");
          return audio && !audio.paused && audio.currentTime > 0.3;
        }""",
        timeout=10_000,
    )


def test_listen_plays_real_audio_from_this_host_and_nothing_loads_before_the_tap(
    open_step, listening_practice, live_server
):
    narrate(listening_practice[1]["arrive"], seconds=3)
    page = open_step()
    requests, answers = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda response: answers.append(response))
    expect(listen_button(page)).to_have_text("Listen")
    expect(listen_button(page)).to_have_accessible_description(re.compile("what you'll hear"))
    page.wait_for_timeout(500)
    assert not [url for url in requests if "/practices/listen/" in url]

    listen_button(page).click()
    wait_until_playing(page)
    first = page.evaluate(AUDIO_STATE)
    page.wait_for_timeout(600)
    later = page.evaluate(AUDIO_STATE)
    assert first["duration"] > 1
    assert later["time"] > first["time"]
    expect(listen_button(page)).to_have_text("Pause listening")
    expect(page.locator("[data-listen-left]")).to_have_text(re.compile(r"^0:0\d left$"))
    audio = [answer for answer in answers if "/practices/listen/narration/" in answer.url]
    assert audio and audio[0].headers["content-type"].startswith("audio/")
    host = urlparse(live_server.url).netloc
    assert {urlparse(url).netloc for url in requests} == {host}

    listen_button(page).click()
    expect(listen_button(page)).to_have_text("Resume listening")
    assert page.evaluate(AUDIO_STATE)["paused"]


def test_the_whole_practice_plays_through_a_pause_and_waits_at_a_writing_step(
    open_step, listening_practice
):
    for step in listening_practice[1].values():
        narrate(step, seconds=1.5)
    page = open_step()
    heading = page.locator("#step-heading")
    status = page.locator("[data-listen-status]")
    expect(whole_button(page)).to_have_attribute("aria-pressed", "false")

    whole_button(page).click()
    expect(whole_button(page)).to_have_attribute("aria-pressed", "true")
    expect(status).to_have_text("Listening: step 1 of 4")
    expect(heading).to_have_text("A short pause", timeout=15_000)
    expect(status).to_have_text("Pause for 3 seconds", timeout=10_000)
    expect(page.locator("[data-timer-left]")).to_be_visible()
    expect(heading).to_have_text("Notice", timeout=15_000)
    expect(heading).to_have_text("Write it down", timeout=15_000)
    expect(status).to_have_text("Your turn: press Next when you're ready.", timeout=10_000)
    page.wait_for_timeout(6000)
    expect(heading).to_have_text("Write it down")  # it waits for the person
    expect(whole_button(page)).to_have_attribute("aria-pressed", "true")

    whole_button(page).click()  # one tap leaves the mode
    expect(whole_button(page)).to_have_attribute("aria-pressed", "false")
    expect(status).to_have_text(re.compile("Listening stopped"))


def test_the_whole_practice_can_be_paused_in_a_timed_pause_with_less_motion(
    open_step, listening_practice
):
    _, steps = listening_practice
    narrate(steps["pause"], seconds=1.5)
    page = open_step("pause", reduced_motion="reduce")
    whole_button(page).click()
    status = page.locator("[data-listen-status]")
    expect(status).to_have_text("Pause for 3 seconds", timeout=10_000)
    listen_button(page).click()
    expect(listen_button(page)).to_have_text("Resume listening")
    shown = page.locator("[data-timer-left]").text_content()
    page.wait_for_timeout(4000)
    expect(page.locator("#step-heading")).to_have_text("A short pause")
    assert page.locator("[data-timer-left]").text_content() == shown
    listen_button(page).click()
    expect(page.locator("#step-heading")).to_have_text("Notice", timeout=15_000)


def test_the_check_in_offers_the_whole_practice(open_step):
    page = open_step(CHECK_IN)
    expect(whole_button(page)).to_be_visible()
    expect(listen_button(page)).to_be_hidden()


def test_a_voice_that_cannot_be_played_leaves_the_step_as_words(
    open_step, listening_practice, new_page
):
    narration = narrate(listening_practice[1]["arrive"])
    default_storage.delete(narration.file)
    new_page.watcher.expected_statuses.add(404)  # the missing file, on purpose
    page = open_step()
    listen_button(page).click()
    expect(listen_button(page)).to_be_hidden()
    expect(page.locator("[data-listen-audio]")).to_be_hidden()
    expect(page.get_by_text("Settle in.")).to_be_visible()
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#step-heading")).to_have_text("A short pause")


def test_with_the_voice_turned_off_there_is_nothing_to_listen_to(
    open_step, listening_practice, practitioner
):
    narrate(listening_practice[1]["arrive"])
    practitioner.listen_voice = False
    practitioner.save(update_fields=["listen_voice"])
    page = open_step()
    expect(page.get_by_text("Settle in.")).to_be_visible()
    expect(page.locator("[data-listen]")).to_have_count(0)
    expect(page.locator("audio")).to_have_count(0)
    expect(whole_button(page)).to_have_count(0)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_player_playing_is_axe_clean(open_step, listening_practice, axe, scheme):
    narrate(listening_practice[1]["arrive"], seconds=6)
    page = open_step(color_scheme=scheme)
    listen_button(page).click()
    wait_until_playing(page)
    expect(page.locator("[data-listen-left]")).to_be_visible()
    assert_no_axe_violations(axe, page)
    whole_button(page).click()  # the whole practice, on: the pressed button and the status line
    expect(page.locator("[data-listen-status]")).to_have_text("Listening: step 1 of 4")
    assert_no_axe_violations(axe, page)


def test_listen_by_keyboard_alone(open_step, listening_practice):
    narrate(listening_practice[1]["arrive"], seconds=3)
    page = open_step()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('[data-listen-play]')"):
            break
    else:
        pytest.fail("Tab never reached Listen")
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] != "none" and outline[1] >= 2
    page.keyboard.press("Enter")
    wait_until_playing(page)
    expect(listen_button(page)).to_have_text("Pause listening")


def test_a_step_without_a_voice_shows_no_player_until_the_whole_practice_plays(
    open_step, listening_practice
):
    _, steps = listening_practice
    narrate(steps["arrive"], seconds=1.5)
    page = open_step()
    expect(page.locator("[data-listen-controls]")).to_be_visible()
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#step-heading")).to_have_text("A short pause")
    expect(page.locator("[data-listen-controls]")).to_be_hidden()  # no voice of its own

    page.get_by_role("button", name="Back").click()
    expect(page.locator("#step-heading")).to_have_text("Arrive")
    whole_button(page).click()
    # On the pause (no voice), the mode goes on: the timer runs, Pause is there, then Notice.
    expect(page.locator("#step-heading")).to_have_text("A short pause", timeout=15_000)
    expect(whole_button(page)).to_have_attribute("aria-pressed", "true")
    expect(page.locator("[data-listen-status]")).to_have_text("Pause for 3 seconds")
    expect(listen_button(page)).to_have_text("Pause listening")
    expect(page.locator("#step-heading")).to_have_text("Notice", timeout=15_000)


# Counts the tones the page makes with Web Audio, by what kind of sound each is.
COUNT_TONES = """
window.__tones = [];
const start = OscillatorNode.prototype.start;
OscillatorNode.prototype.start = function (...args) {
  window.__tones.push(this.frequency.value);
  return start.apply(this, args);
};
"""


@pytest.mark.parametrize(
    ("chime", "breath", "heard"),
    [(True, True, {"chime", "breath"}), (True, False, {"chime"}), (False, False, set())],
)
def test_the_pause_sounds_only_after_a_tap_and_as_the_settings_say(
    open_step, listening_practice, practitioner, chime, breath, heard
):
    _, steps = listening_practice
    steps["pause"].pace = {"in": 1, "hold": 0, "out": 1}
    steps["pause"].save(update_fields=["pace"])
    narrate(steps["pause"], seconds=1.5)
    practitioner.listen_chime, practitioner.listen_breath = chime, breath
    practitioner.save(update_fields=["listen_chime", "listen_breath"])
    page = open_step("pause", context_init=COUNT_TONES)
    expect(page.locator("[data-pacer-word]")).to_have_text(re.compile("Breathe"))
    page.wait_for_timeout(3500)  # the timer ran once on its own: silently, nobody asked
    assert page.evaluate("() => window.__tones") == []
    whole_button(page).click()
    expect(page.locator("#step-heading")).to_have_text("Notice", timeout=15_000)
    tones = page.evaluate("() => window.__tones")
    kinds = {"chime" if frequency > 500 else "breath" for frequency in tones}
    assert kinds == heard
    if chime:
        assert tones.count(528) == 2  # the start of the pause and its end
