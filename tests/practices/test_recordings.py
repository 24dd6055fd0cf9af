"""Recorded voices: a therapist adds a recording to a step of their own practice (a file, or
one made with Record), it is checked by what is in it, kept as Tend's MP3 and heard by those
who may run the practice; anything that isn't a recording Tend can play is refused beside
its field with nothing saved. Library files may name a recording; imported files may not."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from compassion_site.accounts.models import CareLink
from practices import recordings
from practices.editor import PracticeEditor
from practices.library import PracticeFileError
from practices.models import Practice, Step
from practices.services import sync_practices
from tests.audio import tone
from tests.factories import AssignmentFactory
from tests.practices.test_own_practices import (
    data_from_editor,
    field_errors,
    logged_in,
    make_practice,
    step_values,
)

RECORDING_FIELD = "id_steps-1-recording"  # the second step, "Breathe"


def editor_url(practice) -> str:
    return f"/care/practices/{practice.pk}/"


def editor_data(practice, **extra) -> dict:
    practice = Practice.objects.prefetch_related("steps").get(pk=practice.pk)
    return {**data_from_editor(PracticeEditor.for_practice(practice)), **extra}


def upload(content: bytes, name: str = "breathe.wav", content_type: str = "audio/wav"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def step(practice, key: str = "breathe") -> Step:
    return Step.objects.get(practice=practice, key=key)


def listen_url(practice, step: Step) -> str:
    name = step.audio.removeprefix("recordings/").removesuffix(".mp3")
    return f"/practices/{practice.pk}/recordings/{name}.mp3"


def add_recording(browser, practice, content: bytes, **upload_options):
    data = editor_data(practice, **{"steps-1-recording": upload(content, **upload_options)})
    return browser.post(editor_url(practice), data)


@pytest.fixture
def recorded(theo, therapist):
    """Theo's own practice, whose "Breathe" step has his recording (a 2-second WAV)."""
    practice = make_practice(therapist)
    response = add_recording(theo, practice, tone(2.0))
    assert response.status_code == 303, response.content.decode()[:2000]
    practice.refresh_from_db()
    return practice


# Adding a recording and hearing it ---------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "name", "content_type"),
    [("wav", "breathe.wav", "audio/wav"), ("mp3", "breathe.mp3", "audio/mpeg")],
)
def test_an_uploaded_recording_is_kept_as_tends_mp3_and_plays_for_its_author(
    theo, therapist, fmt, name, content_type
):
    practice = make_practice(therapist)
    version = practice.version

    response = add_recording(theo, practice, tone(2.0, fmt), name=name, content_type=content_type)

    assert response.status_code == 303
    breathe = step(practice)
    assert breathe.audio.startswith("recordings/") and breathe.audio.endswith(".mp3")
    assert 1.9 <= breathe.audio_seconds <= 2.2
    [stored] = media_files()
    assert stored.as_posix().endswith(breathe.audio)
    assert stored.read_bytes()[:3] == b"ID3"  # an MP3, whatever came in
    practice.refresh_from_db()
    assert practice.version != version  # a new recording is a new version
    assert [s.audio for s in practice.steps.exclude(key="breathe")] == [""] * 5

    heard = theo.get(listen_url(practice, breathe))
    assert heard.status_code == 200
    assert heard["Content-Type"] == "audio/mpeg"
    assert b"".join(heard.streaming_content if heard.streaming else [heard.content]) == (
        stored.read_bytes()
    )
    part = theo.get(listen_url(practice, breathe), headers={"Range": "bytes=0-1"})
    assert part.status_code == 206
    assert part["Content-Type"] == "audio/mpeg"

    page = theo.get(editor_url(practice)).content.decode()
    assert f'<audio controls preload="none" src="{listen_url(practice, breathe)}"' in page
    assert "Remove recording" in page


def test_the_linked_client_it_is_assigned_to_hears_it_and_no_one_else(
    recorded, therapist, care_client, other_client, other_therapist, client
):
    AssignmentFactory(therapist=therapist, client=care_client, practice=recorded)
    url = listen_url(recorded, step(recorded))

    casey = logged_in(care_client)
    assert casey.get(url).status_code == 200
    assert casey.get(url, headers={"Range": "bytes=0-1"}).status_code == 206

    assert logged_in(other_client).get(url).status_code == 404  # Theo's, not assigned to her
    assert logged_in(other_therapist).get(url).status_code == 404
    assert client.get(url).status_code == 404  # a visitor

    CareLink.objects.filter(therapist=therapist, client=care_client).update(ended_at=timezone.now())
    assert casey.get(url).status_code == 404


def test_a_recording_stays_across_saves_until_it_is_removed(theo, recorded):
    name, version = step(recorded).audio, recorded.version

    again = theo.post(editor_url(recorded), editor_data(recorded, title="Kind words, again"))
    assert again.status_code == 303
    assert step(recorded).audio == name

    removed = theo.post(
        editor_url(recorded), editor_data(recorded, **{"steps-1-remove_audio": "on"})
    )
    assert removed.status_code == 303
    assert step(recorded).audio == ""
    assert step(recorded).audio_seconds is None
    recorded.refresh_from_db()
    assert recorded.version != version
    assert len(media_files()) == 1  # a file is never deleted: runs already done may name it


def test_the_same_sound_twice_is_kept_once(theo, therapist, recorded):
    other = make_practice(therapist)
    assert add_recording(theo, other, tone(2.0)).status_code == 303
    assert step(other).audio == step(recorded).audio
    assert len(media_files()) == 1


# Refusing what isn't a recording -----------------------------------------------------------


def cut_short() -> bytes:
    whole = tone(4.0)
    return whole[: len(whole) // 2]


BAD_UPLOADS = {
    "words named .mp3": (b"These are words, not sound. " * 400, "talk.mp3", recordings.NOT_AUDIO),
    "a picture": (b"\x89PNG\r\n\x1a\n" + bytes(2000), "talk.mp3", recordings.NO_SOUND),
    "21 MB": (bytes(21 * 1024 * 1024), "long.wav", recordings.TOO_BIG),
    "cut short": (None, "cut.wav", recordings.CUT_SHORT),
    "empty": (b"", "empty.mp3", recordings.EMPTY),
}


@pytest.mark.parametrize("case", BAD_UPLOADS)
def test_what_isnt_a_playable_recording_is_refused_beside_its_field_and_nothing_is_saved(
    theo, therapist, case
):
    content, name, message = BAD_UPLOADS[case]
    content = cut_short() if content is None else content
    practice = make_practice(therapist)
    steps_before, version = step_values(practice), practice.version

    data = editor_data(practice, title="A title that must not be saved")
    data["steps-1-recording"] = upload(content, name=name, content_type="audio/mpeg")
    response = theo.post(editor_url(practice), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert field_errors(html, RECORDING_FIELD) == [message]
    assert "Nothing has been saved yet" in html
    assert media_files() == []
    practice.refresh_from_db()
    assert practice.version == version
    assert practice.title == "Kind words for a hard day"
    assert step_values(practice) == steps_before
    assert step(practice).audio == ""


def test_a_recording_over_fifteen_minutes_is_refused(theo, therapist, monkeypatch):
    # The limit is passed to the checking process; a 2-second tone stands for 16 minutes.
    monkeypatch.setattr(recordings, "MAX_SECONDS", 1)
    practice = make_practice(therapist)

    response = add_recording(theo, practice, tone(2.0))

    assert response.status_code == 200
    assert field_errors(response.content.decode(), RECORDING_FIELD) == [recordings.TOO_LONG]
    assert media_files() == []
    assert step(practice).audio == ""


def test_a_recording_is_checked_by_its_content_in_a_bounded_process():
    audio = recordings.check_recording(upload(tone(1.0, "mp3"), name="not-really.txt"))
    assert audio.content[:3] == b"ID3"
    assert 0.9 <= audio.seconds <= 1.2
    with pytest.raises(recordings.RecordingProblem) as refused:
        recordings.check_recording(upload(b"RIFF" + bytes(5000), name="sound.wav"))
    assert refused.value.message in (recordings.NOT_AUDIO, recordings.NO_SOUND)


def test_a_post_cannot_keep_another_practices_recording(theo, therapist, other_therapist):
    theirs = make_practice(other_therapist)
    assert add_recording(logged_in(other_therapist), theirs, tone(2.0)).status_code == 303
    their_name = step(theirs).audio
    mine = make_practice(therapist)
    version = mine.version

    response = theo.post(editor_url(mine), editor_data(mine, **{"steps-1-audio": their_name}))

    assert response.status_code == 200
    errors = field_errors(response.content.decode(), RECORDING_FIELD)
    assert errors == [
        "That recording isn't one of this practice's, so it can't be kept here. "
        "Add the recording again."
    ]
    assert step(mine).audio == ""
    mine.refresh_from_db()
    assert mine.version == version
    assert theo.get(listen_url(mine, step(theirs))).status_code == 404


def test_the_editor_page_is_multipart_with_a_labelled_audio_file_input(theo, recorded):
    html = theo.get(editor_url(recorded)).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'hx-encoding="multipart/form-data"' in html
    assert (
        '<label for="id_steps-0-recording">Add a recording of your voice '
        '<span class="optional">(optional)</span></label>'
    ) in html
    assert 'accept="audio/*"' in html
    assert "js/recorder.js" in html
    assert html.count("data-record>") == 6


def test_the_editor_page_takes_few_queries_with_recordings(
    theo, recorded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        assert theo.get(editor_url(recorded)).status_code == 200


# The microphone ----------------------------------------------------------------------------


def policy(response) -> dict[str, str]:
    header = response["Permissions-Policy"]
    return dict(part.strip().split("=", 1) for part in header.split(","))


def test_the_microphone_is_allowed_on_the_editor_and_nowhere_else(theo, recorded, practitioner):
    for url in (editor_url(recorded), "/care/practices/new/"):
        response = theo.get(url)
        assert response.status_code == 200
        assert policy(response)["microphone"] == "(self)"
        assert policy(response)["camera"] == "()"
    for url in ("/care/practices/", f"/care/practices/{recorded.pk}/preview/", "/journal/"):
        response = theo.get(url)
        assert response.status_code == 200
        assert policy(response)["microphone"] == "()"
    assert policy(Client().get("/accounts/login/"))["microphone"] == "()"


# Library files and imported files ----------------------------------------------------------


def library_file(tmp_path, audio=None, content=None) -> Path:
    """A library folder of one practice file, whose second step names `audio`."""
    source = settings.PRACTICE_LIBRARY_DIR / "cft-compassionate-attention.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    if audio is not None:
        data["steps"][1]["audio"] = audio
    folder = tmp_path / "library"
    folder.mkdir(exist_ok=True)
    (folder / source.name).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    if content is not None:
        (folder / "audio" / "attention").mkdir(parents=True, exist_ok=True)
        (folder / audio).write_bytes(content)
    return folder


def test_a_library_file_may_name_a_recording_and_its_version_follows_the_sound(db, tmp_path):
    sync_practices(library_file(tmp_path))
    practice = Practice.objects.get(slug="cft-compassionate-attention")
    plain_version = practice.version

    folder = library_file(tmp_path, "audio/attention/arrive.wav", tone(2.0))
    report = sync_practices(folder)

    assert report.updated == ["cft-compassionate-attention"]
    practice.refresh_from_db()
    second = practice.steps.all()[1]
    assert second.audio.startswith("recordings/")
    assert 1.9 <= second.audio_seconds <= 2.2
    assert practice.version != plain_version
    assert sync_practices(folder).unchanged == ["cft-compassionate-attention"]
    (folder / "audio/attention/arrive.wav").write_bytes(tone(3.0))
    assert sync_practices(folder).updated == ["cft-compassionate-attention"]


@pytest.mark.parametrize(
    ("audio", "content", "says"),
    [
        ("audio/attention/missing.mp3", None, "is not a file in the library's folder"),
        ("audio/attention/words.mp3", b"not sound " * 100, recordings.NOT_AUDIO),
        ("../settings.py", None, "must be the path of a recording inside practices/library/"),
        ("/etc/passwd", None, "must be the path of a recording inside practices/library/"),
    ],
)
def test_a_library_recording_that_cant_be_used_is_a_file_problem(
    db, tmp_path, audio, content, says
):
    folder = library_file(tmp_path, audio, content)
    with pytest.raises(PracticeFileError) as error:
        sync_practices(folder)
    [problem] = error.value.problems
    assert problem.file == "cft-compassionate-attention.yaml"
    assert problem.field == "steps[2].audio"
    assert says in problem.message
    assert media_files() == []
    assert not Practice.objects.filter(slug="cft-compassionate-attention").exists()


def test_an_imported_practice_file_cant_name_a_recording(theo):
    source = settings.PRACTICE_LIBRARY_DIR / "cft-compassionate-attention.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["steps"][1]["audio"] = "audio/attention/arrive.mp3"
    text = yaml.safe_dump(data, sort_keys=False).encode()

    response = theo.post(
        "/care/practices/import/", {"file": upload(text, "mine.yaml", "application/yaml")}
    )

    assert response.status_code == 200
    errors = field_errors(response.content.decode(), "id_file")
    assert errors[0] == (
        "steps[2].audio must be left out: an imported file can't bring a recording with it. "
        "Take out the audio: line, import the file, then add the recording to this step in "
        "the editor."
    )
    assert not Practice.objects.filter(author__isnull=False).exists()
