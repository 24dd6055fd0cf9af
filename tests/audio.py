"""Real audio for tests, made with PyAV: a tone in a WAV or MP3 file, encoded as Tend serves
speech, and stored as narration or a recording would be."""

import io
import math
from array import array

import av
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from practices.audio import SpeechAudio, to_speech_mp3
from practices.listening import narration_key
from practices.models import Narration, Step

RATE = 22_050


def tone(seconds: float = 2.0, fmt: str = "wav", *, rate: int = RATE) -> bytes:
    """`seconds` of a 440 Hz tone, as the bytes of a WAV (`fmt="wav"`) or MP3 (`"mp3"`) file."""
    codec, sample_format = {"wav": ("pcm_s16le", "s16"), "mp3": ("libmp3lame", "s16p")}[fmt]
    count = int(seconds * rate)
    samples = array(
        "h", (int(0.3 * 32767 * math.sin(2 * math.pi * 440 * n / rate)) for n in range(count))
    )
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format=fmt) as out:
        stream = out.add_stream(codec, rate=rate, layout="mono")
        for start in range(0, count, 1024):
            chunk = samples[start : start + 1024]
            frame = av.AudioFrame(format=sample_format, layout="mono", samples=len(chunk))
            frame.planes[0].update(chunk.tobytes())
            frame.sample_rate = rate
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return buffer.getvalue()


def tone_mp3(seconds: float = 2.0) -> SpeechAudio:
    return to_speech_mp3(io.BytesIO(tone(seconds)))


def narrate_with_tone(step: Step, seconds: float = 2.0) -> Narration:
    """Give `step` a made narration (a tone standing in for the voice, which takes longer)."""
    audio = tone_mp3(seconds)
    key = narration_key(step)
    name = default_storage.save(f"narration/{key}.mp3", ContentFile(audio.content))
    return Narration.objects.create(key=key, file=name, seconds=audio.seconds, voice="a tone")


def record_with_tone(step: Step, seconds: float = 2.0) -> str:
    """Give `step` a recorded voice (a tone), stored as a therapist's upload would be."""
    audio = tone_mp3(seconds)
    name = default_storage.save(
        f"recordings/{step.practice_id}-{step.key}.mp3", ContentFile(audio.content)
    )
    Step.objects.filter(pk=step.pk).update(audio=name, audio_seconds=audio.seconds)
    step.audio, step.audio_seconds = name, audio.seconds
    return name
