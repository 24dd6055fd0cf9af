"""Keeping what people write out of logs and error reports.

Journal words can travel in URLs (a search, a filter) and in form posts, so:
- `HideQueryStrings` is a logging filter that replaces every query string in a log line with
  `?…` (the development server logs each request line, search words included), and the
  token of an invite link with `…`;
- `PrivateExceptionReporterFilter` and `PrivateExceptionReporter` make error reports (the
  emails to ADMINS, for instance) carry no form data, no query strings, no cookies and, outside
  DEBUG, no local variables;
- `HideDatabaseDetails` (a logging filter) and the reporter show a database error as its kind
  alone: a database's message can quote the row it refused, which can be someone's words.
"""

import logging
import re

from django.conf import settings
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

QUERY_STRING = re.compile(r"\?[^\s\"']*")
HIDDEN = "?…"
INVITE_LINK = re.compile(r"/invite/[^/\s\"'?]+")
HIDDEN_INVITE = "/invite/…"


class HideQueryStrings(logging.Filter):
    """Query strings (searches, filters) and invite tokens (a key to a link) out of logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "?" in message or "/invite/" in message:
            message = QUERY_STRING.sub(HIDDEN, message)
            record.msg = INVITE_LINK.sub(HIDDEN_INVITE, message)
            record.args = ()
        return True


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    """Cleanse everything a person could have typed, always."""

    URL_HEADERS = ("QUERY_STRING", "HTTP_REFERER", "HTTP_HX_CURRENT_URL", "REQUEST_URI", "RAW_URI")

    def is_active(self, request) -> bool:
        return True

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        for name in self.URL_HEADERS:
            if meta.get(name):
                meta[name] = self.cleansed_substitute
        return meta

    def get_traceback_frame_variables(self, request, tb_frame):
        if settings.DEBUG:
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]


class PrivateExceptionReporter(ExceptionReporter):
    """Leave the query string, GET parameters, files and cookies out of the report."""

    def __init__(self, request, exc_type, exc_value, tb, is_email=False):
        if exc_value is not None and next(database_errors_in(exc_value), None) is not None:
            exc_value = without_details(exc_value)
            exc_type = type(exc_value)
        super().__init__(request, exc_type, exc_value, tb, is_email)

    def get_traceback_data(self):
        data = super().get_traceback_data()
        if self.request is not None:
            data["request_GET_items"] = [
                (name, self.filter.cleansed_substitute) for name in self.request.GET
            ]
            data["request_FILES_items"] = [
                (name, self.filter.cleansed_substitute) for name in self.request.FILES
            ]
            data["request_COOKIES_items"] = [
                (name, self.filter.cleansed_substitute) for name in self.request.COOKIES
            ]
            data["request_insecure_uri"] = self.request.path
        return data


def database_errors_in(exception: BaseException | None):
    """The database errors in an exception's chain (Django's and the driver's)."""
    from django.db import Error as DjangoDatabaseError

    seen = set()
    while exception is not None and id(exception) not in seen:
        seen.add(id(exception))
        if isinstance(exception, DjangoDatabaseError) or type(exception).__module__.startswith(
            ("psycopg", "sqlite3")
        ):
            yield exception
        exception = exception.__cause__ or exception.__context__


def without_details(exception: BaseException) -> BaseException:
    """A stand-in for a database error that names only its kind and the constraint, if any:
    a database's message can quote the row it refused (PostgreSQL's DETAIL: "Key (name)=(…)",
    "Failing row contains (…)"), and that row can be what someone wrote."""
    constraint = None
    for error in database_errors_in(exception):
        constraint = constraint or getattr(getattr(error, "diag", None), "constraint_name", None)
    said = f"{type(exception).__name__}: details hidden"
    if constraint:
        said += f" (constraint {constraint})"
    hidden = HiddenDatabaseError(said)
    hidden.__traceback__ = exception.__traceback__
    return hidden


class HiddenDatabaseError(Exception):
    """What logs and error reports show of a database error: its kind, never its message."""


class HideDatabaseDetails(logging.Filter):
    """Database errors in logs keep their traceback (file and line) but lose their message."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            exception = record.exc_info[1]
            if next(database_errors_in(exception), None) is not None:
                hidden = without_details(exception)
                record.exc_info = (type(hidden), hidden, hidden.__traceback__)
                record.exc_text = None
        return True
