"""The named people every test folder shares, built once here from tests/factories.py:
Robin (a practitioner), Theo (a therapist who practises too), Casey (Theo's client), Olive
(another of Theo's clients), Uma (a therapist linked to nobody here), a stranger and Dana (just
signed up); Theo's invites; and the small world of care_world.py."""

from dataclasses import dataclass

import pytest
from django.core.cache import caches
from django.test import Client

from practices.listening import found_narrations
from tests.factories import PASSWORD, CareLinkFactory, TherapistFactory, UserFactory

__all__ = ["PASSWORD"]

BREAK = "msc-self-compassion-break"


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    where = database.get("HOST") or database["NAME"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} ({where})"


@pytest.fixture
def library(db):
    """The practice library and the lessons, loaded from practices/library/ and
    practices/lessons/ as `make run` loads them."""
    from practices.services import sync_library

    sync_library()


def logged_in(person) -> Client:
    """A fresh test client logged in as `person` (for a test with two people at once)."""
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def make_person(db):
    """Create a person who can log in with PASSWORD."""

    def make(username: str, *, email: str | None = None, time_zone: str = "UTC"):
        fields = {"email": email} if email else {}
        return UserFactory(username=username, time_zone=time_zone, **fields)

    return make


# The personas ------------------------------------------------------------------------------


@pytest.fixture
def practitioner(db):
    """Robin practises alone, in New York."""
    return UserFactory(username="robin", time_zone="America/New_York")


@pytest.fixture
def stranger(db):
    """Someone with an account of their own and no link to anyone else."""
    return UserFactory(username="stranger", time_zone="Europe/Berlin")


@pytest.fixture
def robin_client(client, practitioner):
    client.force_login(practitioner)
    return client


@pytest.fixture
def therapist(db):
    """Theo is a therapist (therapist mode on) who also practises, in London."""
    return TherapistFactory(username="theo", time_zone="Europe/London", display_name="Theo Marsh")


@pytest.fixture
def care_client(therapist):
    """Casey is Theo's client: linked by an accepted invite. In Chicago."""
    return CareLinkFactory(
        therapist=therapist, client__username="casey", client__time_zone="America/Chicago"
    ).client


@pytest.fixture
def other_therapist(db):
    """Uma is a therapist with no link to Casey."""
    return TherapistFactory(username="uma", time_zone="Australia/Sydney")


@pytest.fixture
def other_client(therapist):
    """Olive is another of Theo's clients."""
    return CareLinkFactory(
        therapist=therapist, client__username="olive", client__time_zone="Europe/Paris"
    ).client


@pytest.fixture
def theo(therapist) -> Client:
    """Theo logged in, in a test client of his own."""
    return logged_in(therapist)


@pytest.fixture
def dana(db):
    """Dana has just signed up and is not linked to anyone yet."""
    return UserFactory(username="dana", time_zone="Europe/Dublin")


@pytest.fixture
def world(library, therapist, care_client, other_therapist, other_client):
    """The small world of tests/care_world.py, as of today."""
    from django.utils import timezone

    from tests.care_world import build_care_world

    return build_care_world(
        therapist, care_client, other_therapist, other_client, timezone.localdate()
    )


# Invites -----------------------------------------------------------------------------------


@dataclass
class MadeInvite:
    """An invite with the plain link token and code, known only at the moment it is made."""

    invite: object
    token: str
    code: str

    @property
    def path(self) -> str:
        return f"/invite/{self.token}/"

    def refreshed(self):
        self.invite.refresh_from_db()
        return self.invite


@pytest.fixture
def make_invite(db):
    """An invite as a therapist makes one (care.services.create_invite)."""
    from care.services import create_invite

    def make(therapist, label: str = "") -> MadeInvite:
        return MadeInvite(*create_invite(therapist, label))

    return make


@pytest.fixture
def invite(make_invite, therapist) -> MadeInvite:
    """An open invite from Theo (shown to clients as "Theo Marsh")."""
    return make_invite(therapist, "D. from Tuesday")


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


# Shared builders (through the services, as a person would) ------------------------------


def write_entry(person, body="Wrote a little today.", *, title="", feeling=None, tags=()):
    """A free entry, as /journal/new/ makes it."""
    from journal import services

    return services.create_entry(person, title=title, body=body, feeling=feeling, tags=list(tags))


def link(therapist, client):
    """Link a therapist and a client, as an accepted invite does."""
    return CareLinkFactory(therapist=therapist, client=client)


def set_homework(therapist, client, slug: str = BREAK):
    """The therapist gives the client a practice as homework (the library must be loaded)."""
    from django.utils import timezone

    from care.services import assign_practice
    from practices.models import Practice

    practice = Practice.objects.current().in_library().get(slug=slug)
    return assign_practice(therapist, client, practice, starts_on=timezone.localdate())


def do_homework(assignment, *, before: int = 6, after: int = 3):
    """The client does the homework start to finish (through the services); returns its entry."""
    from journal import services

    run = services.start_run(assignment.client, assignment.practice, assignment)
    run.distress_before, run.distress_after = before, after
    run.save(update_fields=["distress_before", "distress_after"])
    return services.finish_run(run)


@pytest.fixture(autouse=True)
def _narrations_found_by_this_test_alone():
    """Each test makes its own narrations (in media of its own): none found by an earlier
    test is taken as made (practices.listening keeps those found for the process)."""
    found_narrations.clear()


@pytest.fixture(autouse=True)
def _media_of_its_own(settings, tmp_path):
    """Recordings and narration a test stores go to a folder of its own, gone after it."""
    settings.MEDIA_ROOT = tmp_path / "media"
