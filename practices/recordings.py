"""Recorded voices: checking an uploaded recording by what is in it, and keeping it.

Nothing about a file is taken on trust: not its name, not the type the browser says it is.
It is bounded in size before anything reads it (RecordingSizeHandler while the request is
read, then MAX_BYTES here), and decoded in a process of its own (practices.recording_check)
with limits on its memory and CPU time and a timeout, so a hostile file costs a few seconds
at most. What comes back is Tend's one MP3 format (practices.audio), kept in media storage
under a hash of its content: a recording's file never changes, and is never overwritten.
"""

import hashlib
import subprocess
import sys

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from compassion_site.lib.uploads import FORM_OVERHEAD, SizeLimitHandler, limit_upload
from practices import recording_check
from practices.audio import SpeechAudio

MAX_BYTES = 20 * 1024 * 1024
MAX_SECONDS = 15 * 60
# One save of the editor may bring a recording for several steps.
MAX_REQUEST_BYTES = 3 * MAX_BYTES
TIMEOUT_SECONDS = 30

NOT_AUDIO = "That file isn't a recording we can play. Try an MP3, M4A, WAV, OGG or WebM file."
TOO_LONG = (
    "That recording is longer than 15 minutes, the most a step can have. "
    "Try a shorter one, or split it across steps."
)
TOO_BIG = (
    "That file is larger than 20 MB, more than a recording of a step needs. "
    "Saved as an MP3 or M4A, 15 minutes of speech is far smaller."
)
EMPTY = "That file is empty, so there is nothing to hear. Try recording it again."
NO_SOUND = (
    "We couldn't find any sound in that file: it may be empty or damaged. "
    "Try recording or exporting it again."
)
CUT_SHORT = (
    "That recording seems to have been cut short, so part of it is missing. "
    "Try saving or exporting it again."
)
TOO_SLOW = "That file took too long to read. Try an MP3, M4A, WAV, OGG or WebM file."
TOO_MANY = (
    "Together, these recordings are more than 60 MB. Save a few steps' recordings at a "
    "time, or use smaller files."
)
PROBLEMS_BY_EXIT = {
    recording_check.TOO_LONG: TOO_LONG,
    recording_check.NOT_AUDIO: NOT_AUDIO,
    recording_check.NO_SOUND: NO_SOUND,
    recording_check.CUT_SHORT: CUT_SHORT,
}


class RecordingProblem(Exception):
    """An upload that isn't a recording Tend can keep, with words for the person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def check_recording(uploaded_file) -> SpeechAudio:
    """The recording in `uploaded_file` (an UploadedFile or any binary file) as Tend's MP3,
    or RecordingProblem saying why not."""
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > MAX_BYTES:
        raise RecordingProblem(TOO_BIG)
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise RecordingProblem(TOO_BIG)
    if not data:
        raise RecordingProblem(EMPTY)
    try:
        done = subprocess.run(  # noqa: S603  # our own module, no shell, bytes on stdin
            [sys.executable, "-m", "practices.recording_check", str(MAX_SECONDS)],
            input=data,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            cwd=settings.BASE_DIR,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise RecordingProblem(TOO_SLOW) from None
    if done.returncode != 0:
        # Killed by its limits (a negative code) counts as not something we can play.
        raise RecordingProblem(PROBLEMS_BY_EXIT.get(done.returncode, NOT_AUDIO))
    header, _, content = done.stdout.partition(b"\n")
    try:
        seconds = float(header)
    except ValueError:
        raise RecordingProblem(NOT_AUDIO) from None
    if not content:
        raise RecordingProblem(NO_SOUND)
    return SpeechAudio(content=content, seconds=seconds)


def recording_name(audio: SpeechAudio) -> str:
    """Where a recording lives in media storage: named by a hash of its MP3."""
    return f"recordings/{hashlib.sha256(audio.content).hexdigest()[:32]}.mp3"


def store_recording(audio: SpeechAudio) -> str:
    """Keep the recording (once: the same sound is the same file) and return its name."""
    name = recording_name(audio)
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(audio.content))
        if saved != name:  # saved at once by another request too: theirs is the same sound
            default_storage.delete(saved)
    return name


# Reading the request -------------------------------------------------------------------------


class RecordingSizeHandler(SizeLimitHandler):
    """Skips any recording bigger than MAX_BYTES while the request is read, and remembers
    which field it came in (`too_big_recordings(request)`), so the editor can say so beside
    that step. A request bigger than MAX_REQUEST_BYTES keeps none of its files."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request_too_big = content_length > MAX_REQUEST_BYTES + FORM_OVERHEAD
        self.request.recordings_over_request_limit = self.request_too_big

    def too_big(self):
        self.request.too_big_recordings = {*too_big_recordings(self.request), self.field_name}
        super().too_big()


def too_big_recordings(request) -> set[str]:
    """The names of the file fields whose recordings were too big to keep."""
    return getattr(request, "too_big_recordings", set())


# For views that take recordings: limit_upload with RecordingSizeHandler.
limit_recordings = limit_upload(MAX_BYTES, handler=RecordingSizeHandler)
