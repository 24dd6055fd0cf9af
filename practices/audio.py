"""Speech audio in the one format Tend serves: MP3, mono, 22.05 kHz, 32 kbit/s.

MP3 plays in Chromium, Firefox and Safari alike, and at this rate a minute of speech is about
240 KB. PyAV (FFmpeg's libraries, LGPL) decodes whatever it is given and encodes with LAME.
"""

import io
from dataclasses import dataclass

import av

SAMPLE_RATE = 22_050
BIT_RATE = 32_000


@dataclass(frozen=True)
class SpeechAudio:
    content: bytes
    seconds: float


def to_speech_mp3(source, *, max_seconds: float | None = None) -> SpeechAudio:
    """Decode `source` (a path or a binary file) and encode it as Tend's MP3.

    Raises av.error.FFmpegError (or ValueError) for anything that isn't decodable audio, and
    ValueError past `max_seconds` of sound, stopping as soon as it is passed.
    """
    out_buffer = io.BytesIO()
    with av.open(source, mode="r") as given:
        if not given.streams.audio:
            raise ValueError("no sound in it")
        with av.open(out_buffer, mode="w", format="mp3") as out:
            stream = out.add_stream("libmp3lame", rate=SAMPLE_RATE, layout="mono")
            stream.bit_rate = BIT_RATE
            resampler = av.AudioResampler(format="s16p", layout="mono", rate=SAMPLE_RATE)
            samples = 0
            for frame in given.decode(audio=0):
                for mono in resampler.resample(frame):
                    samples += mono.samples
                    if max_seconds is not None and samples > max_seconds * SAMPLE_RATE:
                        raise ValueError("too long")
                    for packet in stream.encode(mono):
                        out.mux(packet)
            for mono in resampler.resample(None):
                samples += mono.samples
                for packet in stream.encode(mono):
                    out.mux(packet)
            for packet in stream.encode(None):
                out.mux(packet)
    if samples == 0:
        raise ValueError("no sound in it")
    return SpeechAudio(content=out_buffer.getvalue(), seconds=round(samples / SAMPLE_RATE, 2))
