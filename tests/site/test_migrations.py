"""Migrations that move data, proven on a database made by the previous release.

The database is migrated back to where the last release left it, filled as that release
would have filled it, and migrated forward again; then the moved data is checked."""

from datetime import date, timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore as PreviousReleaseSessions
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

PREVIOUS_RELEASE = [
    ("accounts", "0002_care_links_and_invites"),
    ("practices", "0002_homework_and_own_practices"),
    ("journal", "0004_sharing"),
    ("sessions", "0001_initial"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_this_releases_migrations_carry_sessions_consents_and_readers_forward():
    old = migrate(PREVIOUS_RELEASE)
    User = old.get_model("accounts", "User")
    CareLink = old.get_model("accounts", "CareLink")
    Practice = old.get_model("practices", "Practice")
    Assignment = old.get_model("practices", "Assignment")
    Entry = old.get_model("journal", "Entry")
    AccessRecord = old.get_model("journal", "AccessRecord")

    theo = User.objects.create(username="theo", email="theo@example.org", display_name="Theo M")
    casey = User.objects.create(username="casey", email="casey@example.org")
    robin = User.objects.create(username="robin", email="robin@example.org")
    now = timezone.now()
    ended = CareLink.objects.create(
        therapist=theo, client=casey, started_at=now - timedelta(days=30), ended_at=now
    )
    practice = Practice.objects.create(
        slug="kind-words",
        version="1",
        title="Kind words",
        modality="cft",
        intensity="gentle",
        minutes=5,
        summary="s",
        why="w",
        source="s",
        author=theo,
    )
    consent = Assignment.objects.create(
        therapist=theo,
        client=casey,
        practice=practice,
        starts_on=date(2026, 11, 1),
        status="ended",
        shares_entries=True,
        created_at=ended.started_at + timedelta(days=1),
    )
    entry = Entry.objects.create(user=casey, title="Shared once")
    AccessRecord.objects.create(
        client=casey, therapist=theo, entry=entry, entry_title="Shared once"
    )

    logged_in = PreviousReleaseSessions()
    logged_in.update({"_auth_user_id": str(robin.pk), "note": "kept over"})
    logged_in.create()
    visitor = PreviousReleaseSessions()
    visitor["_messages"] = "a visitor's message"
    visitor.create()

    new = migrate(latest())
    Session = new.get_model("accounts", "Session")
    moved = Session.objects.get(session_key=logged_in.session_key)
    assert moved.user_id == robin.pk
    assert Session.objects.get(session_key=visitor.session_key).user_id is None
    from compassion_site.accounts.sessions import SessionStore

    assert SessionStore(logged_in.session_key).load()["note"] == "kept over"  # still logged in
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_session")
        assert cursor.fetchone()[0] == 0  # the old table holds nothing of anyone's

    assert not new.get_model("practices", "Assignment").objects.get(pk=consent.pk).shares_entries
    record = new.get_model("journal", "AccessRecord").objects.get()
    assert record.reader_name == "Theo M"
