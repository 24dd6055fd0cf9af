"""Decode an uploaded recording in a process of its own, bounded in memory and time.

Run as `python -m practices.recording_check MAX_SECONDS` with the file's bytes on stdin
(practices.recordings does this). It writes a first line with the seconds of sound, then
Tend's MP3, to stdout; or exits with one of the codes below. Its limits (address space and
CPU time) are set before anything is decoded, so a hostile file can't take the server's
memory, and the parent's timeout bounds the wall clock.
"""

import io
import resource
import sys

MEMORY_BYTES = 1024 * 1024 * 1024
CPU_SECONDS = 25
TOO_LONG, NOT_AUDIO, NO_SOUND, CUT_SHORT = 3, 4, 5, 6
# A file whose own header promises more sound than it holds was cut short (a copy that
# stopped half way, say). A little slack: encoders round a file's length either way.
SHORTFALL_SECONDS = 1.0


def set_limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def riff_cut_short(data: bytes) -> bool:
    """A WAV (RIFF) file names its own size in its first bytes; FFmpeg reads a shorter one
    without complaint, so look."""
    if data[:4] != b"RIFF" or len(data) < 8:
        return False
    return int.from_bytes(data[4:8], "little") + 8 > len(data)


def declared_seconds(data: bytes) -> float | None:
    """How long the file says it is, where its header says so."""
    import av

    with av.open(io.BytesIO(data), mode="r") as given:
        if given.duration:
            return given.duration / av.time_base
    return None


def main(argv: list[str]) -> int:
    set_limits()
    max_seconds = float(argv[1])
    data = sys.stdin.buffer.read()

    import av

    from practices.audio import to_speech_mp3

    try:
        declared = declared_seconds(data)
        audio = to_speech_mp3(io.BytesIO(data), max_seconds=max_seconds)
    except ValueError as error:
        if str(error) == "too long":
            return TOO_LONG
        if str(error) == "no sound in it":
            return NO_SOUND
        return NOT_AUDIO
    except (av.error.FFmpegError, MemoryError, OSError, RuntimeError, TypeError):
        return NOT_AUDIO
    if riff_cut_short(data):
        return CUT_SHORT
    if declared is not None and audio.seconds < min(declared, max_seconds) - SHORTFALL_SECONDS:
        return CUT_SHORT
    sys.stdout.buffer.write(f"{audio.seconds}\n".encode() + audio.content)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
