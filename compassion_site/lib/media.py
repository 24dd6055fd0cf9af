"""Serving a file from media storage to the one person a view has already allowed.

Audio needs byte ranges: Safari asks for `Range: bytes=0-1` before it plays anything, and
every browser seeks with ranges. Django's FileResponse answers whole files only, so this
answers one range (the only kind browsers ask of media) with 206, and anything it can't
satisfy with 416. Files here are named by a hash of their content, so they never change:
they are cached for a year, privately (only the person who was allowed keeps a copy).
"""

import re

from django.core.files.storage import Storage
from django.http import FileResponse, Http404, HttpResponse

A_YEAR = 365 * 24 * 60 * 60
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def wanted_range(header: str, size: int) -> tuple[int, int] | None:
    """The first and last byte asked for, None for the whole file; ValueError if unsatisfiable."""
    match = RANGE.match(header.strip())
    if not match:
        return None  # several ranges, or another unit: the whole file is a valid answer
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        length = int(last)
        if length == 0:
            raise ValueError("empty range")
        return max(size - length, 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or start > end:
        raise ValueError("outside the file")
    return start, end


def _chunks(handle, start: int, end: int):
    try:
        handle.seek(start)
        left = end - start + 1
        while left > 0:
            block = handle.read(min(CHUNK, left))
            if not block:
                break
            left -= len(block)
            yield block
    finally:
        handle.close()


def stored_file_response(
    request, storage: Storage, name: str, content_type: str
) -> HttpResponse | FileResponse:
    """The stored file `name`, whole or the range asked for, cached privately for a year."""
    try:
        size = storage.size(name)
        handle = storage.open(name, "rb")
    except (FileNotFoundError, OSError) as missing:
        raise Http404("No such file.") from missing
    try:
        asked = wanted_range(request.headers.get("Range", ""), size)
    except ValueError:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    if asked is None:
        response = FileResponse(handle, content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        start, end = asked
        response = FileResponse(_chunks(handle, start, end), content_type=content_type, status=206)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = f"private, max-age={A_YEAR}, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    return response
