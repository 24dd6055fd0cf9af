"""Recorded voices in a real browser: a therapist adds a recording to a step (a file chosen,
or one recorded with Record and Stop from Chromium's fake microphone), saves, hears it in the
preview, and their linked client hears it at that step; axe-core on the editor with one."""

import re

import pytest
from playwright.sync_api import expect

from journal import services as journal_services
from practices.models import Practice
from tests.audio import tone
from tests.browser.conftest import (
    CHROMIUM_ARGS,
    PageWatcher,
    assert_no_axe_violations,
    chromium_path,
    let_the_server_go_quiet,
)
from tests.factories import AssignmentFactory
from tests.practices.test_own_practices import make_practice

# How long an audio element says its sound is, once it has read that far (asking it to read
# that far if nothing has started it: the players wait for a tap, preload="none"); NaN if it
# can't tell within ten seconds.
DURATION = """async (audio) => {
  if (!(audio.duration > 0)) {
    const known = new Promise((done) => {
      audio.addEventListener("loadedmetadata", done, { once: true });
      audio.addEventListener("error", done, { once: true });
    });
    if (audio.paused) {
      audio.preload = "metadata";
      audio.load();
    }
    await Promise.race([known, new Promise((done) => setTimeout(done, 10000))]);
  }
  return audio.duration;
}"""
# Play it (the click before it is the person's tap), then its duration.
PLAY = (
    """async (audio) => {
  audio.muted = true;
  await Promise.race([audio.play(), new Promise((done) => setTimeout(done, 10000))]);
  const seconds = await ("""
    + DURATION
    + """)(audio);
  audio.pause();
  return seconds;
}"""
)


def step(page, number: int):
    return page.locator(f"#step-{number - 1}")


def save(page):
    page.get_by_role("button", name="Save practice").click()
    expect(page.get_by_text("Saved. Clients see this version from their next time")).to_be_visible()


@pytest.fixture
def practice(therapist):
    return make_practice(therapist)


@pytest.fixture
def wav(tmp_path):
    path = tmp_path / "breathe.wav"
    path.write_bytes(tone(2.0))
    return path


def add_recording_file(page, practice, wav):
    page.goto(f"/care/practices/{practice.pk}/")
    step(page, 2).get_by_label("Add a recording of your voice").set_input_files(wav)
    save(page)
    expect(step(page, 2).locator("audio")).to_have_count(1)


def test_a_therapist_adds_a_recording_and_their_client_hears_it(
    theo_page, casey_page, practice, therapist, care_client, wav
):
    page = theo_page()
    add_recording_file(page, practice, wav)
    expect(step(page, 2).get_by_text("This step has your recording (0:02).")).to_be_visible()
    assert Practice.objects.get(pk=practice.pk).steps.get(key="breathe").audio

    page.goto(f"/care/practices/{practice.pk}/preview/?step=2")
    heard = page.locator(".listen audio")
    expect(heard).to_have_count(1)
    page.get_by_role("button", name="Listen", exact=True).click()
    assert heard.evaluate(PLAY) > 1

    assignment = AssignmentFactory(therapist=therapist, client=care_client, practice=practice)
    run = journal_services.start_run(care_client, practice, assignment)
    casey = casey_page()
    casey.goto(f"/journal/runs/{run.pk}/steps/breathe/")
    player = casey.locator(".listen audio")
    expect(player).to_have_attribute("aria-label", "Listen to this step (a recorded voice)")
    casey.get_by_role("button", name="Listen", exact=True).click()
    assert player.evaluate(PLAY) > 1


def test_a_file_that_isnt_sound_is_refused_beside_its_step(theo_page, practice, tmp_path):
    fake = tmp_path / "talk.mp3"
    fake.write_bytes(b"These are words, not sound. " * 400)
    page = theo_page()
    page.goto(f"/care/practices/{practice.pk}/")
    step(page, 2).get_by_label("Add a recording of your voice").set_input_files(fake)
    page.get_by_role("button", name="Save practice").click()
    expect(step(page, 2).locator(".field-errors")).to_have_text(
        "That file isn't a recording we can play. Try an MP3, M4A, WAV, OGG or WebM file."
    )
    expect(page.get_by_label("Add a recording of your voice", exact=False).first).to_be_visible()
    assert not Practice.objects.get(pk=practice.pk).steps.exclude(audio="").exists()


def test_record_and_stop_are_offered_where_the_browser_can_record(theo_page, practice):
    page = theo_page()
    page.goto(f"/care/practices/{practice.pk}/")
    expect(step(page, 2).get_by_role("button", name="Record step 2")).to_be_visible()
    expect(step(page, 2).get_by_role("button", name="Stop recording step 2")).to_be_disabled()


def test_without_mediarecorder_the_buttons_stay_hidden(theo_page, practice):
    page = theo_page()
    page.add_init_script("delete window.MediaRecorder;")
    page.goto(f"/care/practices/{practice.pk}/")
    expect(step(page, 2).get_by_label("Add a recording of your voice")).to_be_visible()
    expect(step(page, 2).get_by_role("button", name="Record step 2")).to_be_hidden()


@pytest.fixture
def microphone_page(browser, live_server, therapist, log_in_browser):
    """A page in a Chromium of its own, with a fake microphone (a beep) it may use."""
    fake = browser.browser_type.launch(
        executable_path=chromium_path(),
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
        ],
        headless=True,
    )
    watcher = PageWatcher()
    context = fake.new_context(base_url=live_server.url, permissions=["microphone"])
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.on("console", watcher.console)
    page.on("pageerror", watcher.page_error)
    page.on("response", watcher.response)
    page.on("request", watcher.request)
    page.on("requestfinished", watcher.request_done)
    page.on("requestfailed", watcher.request_failed)
    log_in_browser(page, therapist)
    yield page
    let_the_server_go_quiet([context], watcher)
    fake.close()
    assert not watcher.problems, "\n".join(watcher.problems)


def test_a_therapist_records_a_step_with_the_microphone(microphone_page, practice):
    page = microphone_page
    page.goto(f"/care/practices/{practice.pk}/")
    area = step(page, 2)
    area.get_by_role("button", name="Record step 2").click()
    status = area.locator("[data-recorder-status]")
    expect(status).to_have_text("Recording… 0:01")
    page.wait_for_timeout(2_000)
    area.get_by_role("button", name="Stop recording step 2").click()
    expect(status).to_have_text(re.compile(r"^Recorded 0:0[2-5]: it will be kept when you save\.$"))
    expect(area.get_by_role("button", name="Record step 2")).to_be_focused()

    save(page)
    player = step(page, 2).locator("audio")
    expect(player).to_have_count(1)
    assert player.evaluate(DURATION) > 1
    breathe = Practice.objects.get(pk=practice.pk).steps.get(key="breathe")
    assert breathe.audio_seconds > 1


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_editor_with_a_recording(
    theo_page, practice, wav, axe, color_scheme
):
    page = theo_page(color_scheme=color_scheme)
    add_recording_file(page, practice, wav)
    page.goto(f"/care/practices/{practice.pk}/")
    assert_no_axe_violations(axe, page)
