"""The session engine: Django's database sessions, each row knowing whose it is.

A row's `user` is filled from the session's own login data whenever it is saved, so deleting
a person deletes every session of theirs (cascade), on every device, with whatever it held.
Set as SESSION_ENGINE; `manage.py clearsessions` removes expired rows as usual.

The person is read with the session, in the same query (`SessionStore.person`), and Django's
login check takes them from there (`person_of`, for `AuthenticationMiddleware` and the
backend's `get_user`) instead of asking the database again: one query fewer on every page a
signed-in person opens. The check itself is Django's, unchanged: the session's user id and
backend, and its hash against the person's password, all from the row just read.
"""

import logging
from contextvars import ContextVar

from django.apps import apps
from django.contrib import auth
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthentication
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone
from django.utils.functional import SimpleLazyObject


class SessionStore(DatabaseSessionStore):
    # The person the session's row belongs to, read with it; None before it is read, and for
    # a row with nobody (a visitor's session).
    person = None

    @classmethod
    def get_model_class(cls):
        # By name, not by import: the model names this store too (get_session_store_class).
        return apps.get_model("accounts", "Session")

    def _get_session_from_db(self):
        # Django's own, with the person's row joined (select_related).
        try:
            row = self.model.objects.select_related("user").get(
                session_key=self.session_key, expire_date__gt=timezone.now()
            )
        except (self.model.DoesNotExist, SuspiciousOperation) as error:
            if isinstance(error, SuspiciousOperation):
                logger = logging.getLogger(f"django.security.{error.__class__.__name__}")
                logger.warning(str(error))
            self._session_key = None
            return None
        self.person = row.user
        return row

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        try:
            session.user_id = int(data.get(SESSION_KEY))
        except (TypeError, ValueError):
            session.user_id = None
        return session


# The session whose person Django's login check is reading (see AuthenticationMiddleware),
# set only for the length of that check.
session_being_checked = ContextVar("session_being_checked", default=None)


def person_of(user_id):
    """The person read with the session being checked, when they are the one `user_id` names
    (Django keeps it as text); else None, and the backend asks the database as usual."""
    person = getattr(session_being_checked.get(), "person", None)
    if person is None or str(person.pk) != str(user_id):
        return None
    return person


def signed_in_person(request):
    """Django's get_user (django.contrib.auth.middleware), with the session being checked
    offered to the backend."""
    if not hasattr(request, "_cached_user"):
        offered = session_being_checked.set(request.session)
        try:
            request._cached_user = auth.get_user(request)
        finally:
            session_being_checked.reset(offered)
    return request._cached_user


class AuthenticationMiddleware(DjangoAuthentication):
    """Django's, with `request.user` read as `signed_in_person` reads it."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: signed_in_person(request))
