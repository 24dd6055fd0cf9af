"""Invites as a therapist makes them, for the tests of linking."""

from dataclasses import dataclass

import pytest
from django.core.cache import caches

from care.services import create_invite
from compassion_site.accounts.models import Invite


@dataclass
class MadeInvite:
    """An invite with the plain link token and code, known only at the moment it is made."""

    invite: Invite
    token: str
    code: str

    @property
    def path(self) -> str:
        return f"/invite/{self.token}/"

    def refreshed(self) -> Invite:
        self.invite.refresh_from_db()
        return self.invite


@pytest.fixture
def make_invite(db):
    def make(therapist, label: str = "") -> MadeInvite:
        return MadeInvite(*create_invite(therapist, label))

    return make


@pytest.fixture
def invite(make_invite, therapist) -> MadeInvite:
    """An open invite from Theo (shown to clients as "Theo Marsh")."""
    return make_invite(therapist, "D. from Tuesday")


@pytest.fixture
def dana(make_person):
    """Dana has just signed up and is not linked to anyone yet."""
    return make_person("dana", time_zone="Europe/Dublin")


@pytest.fixture(autouse=True)
def _no_throttle_counts_from_other_tests(request):
    """Throttle counts live in the shared cache (the database's, by default). A test in a
    rolled-back transaction leaves none behind, but one that commits (a live server's) does:
    every test that uses the database starts from an empty cache."""
    for name in ("transactional_db", "db"):
        if name in request.fixturenames:
            request.getfixturevalue(name)
            caches["default"].clear()
            break
