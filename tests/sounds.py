"""Real sound for tests, made with PyAV: a gentle tone in a WAV or an MP3 file."""

import io
import math

import av
import numpy as np

RATE = 22_050


def tone(seconds: float = 2.0, fmt: str = "wav", *, rate: int = RATE) -> bytes:
    """`seconds` of a 440 Hz tone, as the bytes of a WAV (`fmt="wav"`) or MP3 (`"mp3"`) file."""
    codec, sample_format = {"wav": ("pcm_s16le", "s16"), "mp3": ("libmp3lame", "s16p")}[fmt]
    count = int(seconds * rate)
    wave = 0.3 * np.sin(2 * math.pi * 440 * np.arange(count) / rate)
    samples = (wave * 32767).astype(np.int16)
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format=fmt) as out:
        stream = out.add_stream(codec, rate=rate, layout="mono")
        for start in range(0, count, 1024):
            chunk = samples[start : start + 1024].reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(chunk, format=sample_format, layout="mono")
            frame.sample_rate = rate
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return buffer.getvalue()
