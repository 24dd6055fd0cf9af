"""Narration: made on this machine by the offline voice, only for what changed, and served
as small MP3 files in byte ranges to people who are logged in."""

import io

import av
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from journal import services
from practices.listening import listen_for, narration_key, spoken_text
from practices.models import Narration, Practice, StepKind
from tests.audio import narrate_with_tone
from tests.factories import PracticeFactory, StepFactory


@pytest.fixture
def tiny_practice(db):
    """A library practice of two short steps: quick for the real voice to speak."""
    practice = PracticeFactory(author=None, slug="tiny-pause", title="A tiny pause")
    StepFactory(practice=practice, key="arrive", position=1, title="Arrive", body="Let go.")
    StepFactory(
        practice=practice,
        key="breathe",
        position=2,
        kind=StepKind.TIMER,
        title="Breathe",
        body="Breathe slowly.",
        seconds=30,
    )
    return practice


def audio_facts(content: bytes) -> tuple[str, int, int, float, int]:
    with av.open(io.BytesIO(content)) as played:
        stream = played.streams.audio[0]
        seconds = played.duration / 1_000_000
        return played.format.name, stream.channels, stream.rate, seconds, stream.bit_rate


@pytest.mark.django_db(transaction=True)
def test_the_offline_voice_narrates_each_step_once_into_small_mono_mp3(tiny_practice):
    out = io.StringIO()
    call_command("build_narration", "--practice", "tiny-pause", stdout=out)
    assert "2 steps made" in out.getvalue()
    for step in tiny_practice.steps.all():
        narration = Narration.objects.get(key=narration_key(step))
        assert narration.file == f"narration/{narration.key}.mp3"
        with default_storage.open(narration.file, "rb") as stored:
            content = stored.read()
        kind, channels, rate, seconds, bit_rate = audio_facts(content)
        assert (kind, channels, rate) == ("mp3", 1, 22_050)
        assert bit_rate <= 32_000
        assert seconds > 0.8  # spoken words, not silence
        assert abs(seconds - narration.seconds) < 0.2
        assert len(content) <= seconds * 32_000 / 8 * 1.1  # about 32 kbit/s

    again = io.StringIO()
    call_command("build_narration", "--practice", "tiny-pause", stdout=again)
    assert "0 steps made" in again.getvalue()
    assert "2 already made" in again.getvalue()

    # Changing one step's words makes that step's narration anew, and only that one.
    tiny_practice.steps.filter(key="arrive").update(body="Let go, gently.")
    changed = io.StringIO()
    call_command("build_narration", "--practice", "tiny-pause", stdout=changed)
    assert "1 steps made" in changed.getvalue()
    assert Narration.objects.count() == 3  # the old one is kept for runs that have it open


def test_an_unknown_practice_is_named_in_the_commands_answer(db):
    with pytest.raises(CommandError, match="No library practice named no-such"):
        call_command("build_narration", "--practice", "no-such")


def test_narration_speaks_the_steps_words_and_never_what_a_person_wrote(db):
    practice = PracticeFactory(author=None)
    choose = StepFactory(
        practice=practice,
        kind=StepKind.CHOOSE,
        title="What would help",
        prompt="Pick what fits.",
        options=["rest", "a walk", "a friend"],
    )
    rate = StepFactory(
        practice=practice, kind=StepKind.RATE, title="How kind", low="not at all", high="very"
    )
    write = StepFactory(practice=practice, kind=StepKind.WRITE, title="Write", prompt="Say it.")
    assert spoken_text(choose) == (
        "What would help. Pick what fits. You could choose rest, a walk or a friend."
    )
    assert spoken_text(rate) == "How kind. From 0, not at all, to 10, very."
    assert spoken_text(write) == "Write. Say it."
    # A key depends on the words alone: the same words, the same file, whoever runs it.
    assert narration_key(write) == narration_key(
        StepFactory.build(kind=StepKind.WRITE, title="Write", prompt="Say it.")
    )


def test_a_narration_is_looked_up_once_and_one_not_made_yet_is_found_once_made(
    db, django_assert_num_queries
):
    step = StepFactory(practice=PracticeFactory(author=None))
    with django_assert_num_queries(1):
        assert listen_for(step) is None
    with django_assert_num_queries(1):  # not made yet: asked again, not kept as missing
        assert listen_for(step) is None
    narration = narrate_with_tone(step, 2.0)
    with django_assert_num_queries(1):
        first = listen_for(step)
    with django_assert_num_queries(0):  # found: kept for the process
        again = listen_for(step)
    assert first == again
    assert first.url == f"/practices/listen/narration/{narration.key}.mp3"
    assert first.seconds == narration.seconds


def test_a_recording_wins_over_the_made_narration(db):
    step = StepFactory(practice=PracticeFactory(author=None))
    narrate_with_tone(step)
    assert listen_for(step).recorded is False
    step.audio, step.audio_seconds = "recordings/abc.mp3", 3.0
    listen = listen_for(step)
    assert listen.recorded is True
    assert listen.url == f"/practices/{step.practice_id}/recordings/abc.mp3"


def test_narration_is_served_as_audio_in_byte_ranges_and_cached_privately(robin_client, db):
    narration = narrate_with_tone(StepFactory(practice=PracticeFactory(author=None)), 2.0)
    url = f"/practices/listen/narration/{narration.key}.mp3"
    size = default_storage.size(narration.file)

    whole = robin_client.get(url)
    assert whole.status_code == 200
    assert whole["Content-Type"] == "audio/mpeg"
    assert whole["Accept-Ranges"] == "bytes"
    assert int(whole["Content-Length"]) == size
    assert whole["Cache-Control"] == "private, max-age=31536000, immutable"
    assert b"".join(whole.streaming_content)[:3] in (b"ID3", b"\xff\xfb", b"\xff\xf3")

    first_two = robin_client.get(url, headers={"Range": "bytes=0-1"})  # what Safari asks first
    assert first_two.status_code == 206
    assert first_two["Content-Range"] == f"bytes 0-1/{size}"
    assert len(b"".join(first_two.streaming_content)) == 2

    tail = robin_client.get(url, headers={"Range": "bytes=-100"})
    assert tail.status_code == 206
    assert tail["Content-Range"] == f"bytes {size - 100}-{size - 1}/{size}"

    beyond = robin_client.get(url, headers={"Range": f"bytes={size}-"})
    assert beyond.status_code == 416
    assert beyond["Content-Range"] == f"bytes */{size}"


def test_a_narration_whose_file_is_gone_is_a_404_not_an_error(robin_client, db):
    narration = narrate_with_tone(StepFactory(practice=PracticeFactory(author=None)))
    default_storage.delete(narration.file)
    assert robin_client.get(f"/practices/listen/narration/{narration.key}.mp3").status_code == 404


def test_the_step_page_offers_listen_only_where_there_is_audio_and_the_person_wants_it(
    robin_client, practitioner, library
):
    practice = Practice.objects.get(slug="cft-grounding")
    run = services.start_run(practitioner, practice)
    first, second = list(practice.steps.all())[:2]
    narrate_with_tone(first)
    page = robin_client.get(f"/journal/runs/{run.pk}/steps/{first.key}/").content.decode()
    assert f'src="/practices/listen/narration/{narration_key(first)}.mp3"' in page
    assert 'preload="none"' in page  # nothing loads before the person's tap
    unnarrated = robin_client.get(f"/journal/runs/{run.pk}/steps/{second.key}/")
    assert "/practices/listen/" not in unnarrated.content.decode()

    practitioner.listen_voice = False
    practitioner.save(update_fields=["listen_voice"])
    quiet = robin_client.get(f"/journal/runs/{run.pk}/steps/{first.key}/").content.decode()
    assert "/practices/listen/" not in quiet
