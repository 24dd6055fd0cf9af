"""The session engine: Django's database sessions, each row knowing whose it is.

A row's `user` is filled from the session's own login data whenever it is saved, so deleting
a person deletes every session of theirs (cascade), on every device, with whatever it held.
Set as SESSION_ENGINE; `manage.py clearsessions` removes expired rows as usual.
"""

from django.apps import apps
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        # By name, not by import: the model names this store too (get_session_store_class).
        return apps.get_model("accounts", "Session")

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        try:
            session.user_id = int(data.get(SESSION_KEY))
        except (TypeError, ValueError):
            session.user_id = None
        return session
