"""Real audio for tests: a soft tone, encoded as Tend serves speech, and stored like it."""

import io
import math

import av
import numpy as np
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from practices.audio import SpeechAudio, to_speech_mp3
from practices.listening import narration_key
from practices.models import Narration, Step


def tone_wav(seconds: float = 2.0, *, rate: int = 22_050, pitch: float = 220.0) -> bytes:
    """A WAV file of a quiet sine tone, `seconds` long."""
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="wav") as out:
        stream = out.add_stream("pcm_s16le", rate=rate, layout="mono")
        count = int(seconds * rate)
        wave = (0.2 * 32767 * np.sin(2 * math.pi * pitch * np.arange(count) / rate)).astype(
            np.int16
        )
        frame = av.AudioFrame.from_ndarray(wave.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = rate
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return buffer.getvalue()


def tone_mp3(seconds: float = 2.0) -> SpeechAudio:
    return to_speech_mp3(io.BytesIO(tone_wav(seconds)))


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
