"""When a save fails in the database, the words come back to their writer: never a 500.

A form post that meets a database error (SQLite busy past its timeout under a long write, a
PostgreSQL restart, a constraint that a race tripped) has already been rolled back, so nothing
is half-saved. `FailedSaveMiddleware` then answers 503 with a calm page that holds everything
the form sent (the person's own words, back to the person who just sent them, in the same
response, stored nowhere) and a Try again button that sends it all once more. The log line
names the kind of error and the path, never the words or the database's message.
"""

import logging

from django.db import DatabaseError
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

NOT_SENT_BACK = {"csrfmiddlewaretoken"}
# Marks a form carries for Tend's sake, not the person's words: sent back, not shown.
NOT_WORDS = {"writer", "submission", "version", "revision", "action"}
RETRY_AFTER_SECONDS = 5


def sent_back(post) -> list[tuple[str, str]]:
    """Each field the form sent, as (name, value) pairs: passwords and the CSRF token left out
    (the page has a fresh token; a password is typed again)."""
    return [
        (name, value)
        for name in post
        if name not in NOT_SENT_BACK and "password" not in name
        for value in post.getlist(name)
    ]


class FailedSaveMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.method != "POST" or not isinstance(exception, DatabaseError):
            return None
        logger.error(
            "A save failed and was given back to the person: %s at %s",
            type(exception).__name__,
            request.path,
        )
        fields = sent_back(request.POST)
        context = {
            "action": request.path,
            "fields": fields,
            "words": [
                value
                for name, value in fields
                if name not in NOT_WORDS and any(character.isalpha() for character in value)
            ],
        }
        response = TemplateResponse(request, "save_failed.html", context, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response
