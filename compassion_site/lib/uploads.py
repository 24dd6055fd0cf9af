"""A size limit on a view's file upload that Django keeps while it reads the request.

Django writes an uploaded file to memory or a temporary file before any view sees it, and
CsrfViewMiddleware reads the whole body to find the token, so a limit checked in a form comes
after the work (and the disk) it was meant to spare. `limit_upload(max_bytes)` puts a handler
in front of Django's own for one view: once a file is bigger than the limit (or the request
says up front that it is), the rest of that file is skipped, not kept, and the view finds
`upload_too_big(request)` true and no file. The CSRF check still runs, just after the handler
is in place: the form's token comes before the file in the body.
"""

from functools import wraps

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.views.decorators.csrf import csrf_exempt, csrf_protect

# Room in the request for the other form fields and the multipart boundaries.
FORM_OVERHEAD = 64 * 1024


class SizeLimitHandler(FileUploadHandler):
    """Skips (reads past without keeping) any file of the request bigger than `max_bytes`."""

    def __init__(self, request, max_bytes: int):
        super().__init__(request)
        self.max_bytes = max_bytes
        self.request_too_big = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request_too_big = content_length > self.max_bytes + FORM_OVERHEAD

    def too_big(self):
        self.request.upload_too_big = True
        raise SkipFile

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.request_too_big:
            self.too_big()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.max_bytes:
            self.too_big()
        return raw_data

    def file_complete(self, file_size):
        return None


def upload_too_big(request) -> bool:
    """Whether a file in this request went over the view's limit (and was not kept)."""
    return getattr(request, "upload_too_big", False)


def limit_upload(max_bytes: int, handler=SizeLimitHandler):
    """For a view with a file upload: skip any file bigger than `max_bytes` while reading the
    request. Put it below the access decorators, so a visitor's 404 reads no body at all.
    `handler`, a SizeLimitHandler, can say more about what it skipped."""

    def decorator(view):
        protected = csrf_protect(view)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            request.upload_handlers.insert(0, handler(request, max_bytes))
            return protected(request, *args, **kwargs)

        # The middleware would read the body before the handler is in place; the check is
        # made by csrf_protect above instead, once it is.
        return csrf_exempt(wrapper)

    return decorator
