"""Who may reach what: every URL of every app, as five people, each answer checked.

The people: Casey (the owner of the journal and the homework), Theo (her linked therapist),
Uma (a therapist not linked to her), Olive (another of Theo's clients) and a visitor.

Besides the status, no answer to anyone but Casey carries her private words, and her shared
words reach only Theo, only on the pages for reading what she shared. Requests that would
change something run inside a rolled-back transaction, so each row starts from the same world;
for everyone refused, and for every visitor, the database must come out unchanged.
"""

from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client
from django.urls import get_resolver

from tests.care_world import INVITE_TOKEN, PRIVATE_WORDS, SHARED_WORDS
from tests.conftest import PASSWORD
from tests.site.test_pages import named_urls

PEOPLE = ("owner", "therapist", "unlinked_therapist", "other_client", "visitor")


def answers(owner, therapist, unlinked_therapist, other_client, visitor) -> dict:
    return dict(
        zip(PEOPLE, (owner, therapist, unlinked_therapist, other_client, visitor), strict=True)
    )


EVERYONE = answers(200, 200, 200, 200, 200)
ANYONE_LOGGED_IN = answers(200, 200, 200, 200, 404)  # a private page: a 404 for visitors
ACCOUNT = answers(200, 200, 200, 200, 302)  # a visitor is asked to log in
VISITORS = answers(302, 302, 302, 302, 200)  # a logged-in person is sent on
THERAPISTS = answers(404, 200, 200, 404, 404)


def owner_only(status: int = 200) -> dict:
    return answers(status, 404, 404, 404, 404)


def linked_therapist_only(status: int = 200) -> dict:
    return answers(404, status, 404, 404, 404)


@dataclass
class Row:
    name: str
    method: str
    url: str
    expect: dict
    data: dict | None = None
    shows_shared: bool = False  # Theo may read the shared words here


FORM = {"text": "Some words", "body": "Some words", "name": "A name", "action": "next"}
LEAVE_WRONG = {"password": "not-the-password", "export_offered": "on"}
EMAIL_CHANGE_WRONG = {
    "action": "change",
    "email": "new@example.org",
    "password": "not-the-password",
}
TWO_FACTOR_OFF_WRONG = {"action": "off", "password": "not-the-password", "code": "000000"}

ROWS = [
    # Public pages
    Row("home", "get", "/", EVERYONE),
    Row("crisis_help", "get", "/help/crisis/", EVERYONE),
    Row("health", "get", "/health/", EVERYONE),
    Row("library", "get", "/practices/", EVERYONE),
    Row("practice_detail", "get", "/practices/msc-self-compassion-break/", EVERYONE),
    Row("practice_detail", "get", "/practices/{own_slug}/", answers(404, 404, 404, 404, 404)),
    # Favourites: each person's own; a visitor is asked to log in
    Row("practice_favourite", "post", "/practices/msc-self-compassion-break/favourite/", answers(303, 303, 303, 303, 302), {"favourite": "on"}),
    Row("practice_favourite", "post", "/practices/{own_slug}/favourite/", answers(404, 404, 404, 404, 302), {"favourite": "on"}),
    Row("about_compassion", "get", "/about/compassion/", answers(301, 301, 301, 301, 301)),
    Row("about_content", "get", "/about/content/", EVERYONE),
    Row("learn", "get", "/learn/", EVERYONE),
    Row("lesson", "get", "/learn/three-systems/", EVERYONE),
    Row("lesson", "get", "/learn/parts-and-self/", EVERYONE),
    Row("lesson", "get", "/learn/no-such-lesson/", answers(404, 404, 404, 404, 404)),
    # Paths: anyone may read them; walking one needs a login, and is each person's own
    Row("paths", "get", "/paths/", EVERYONE),
    Row("path", "get", "/paths/{path}/", EVERYONE),
    Row("path", "get", "/paths/no-such-path/", answers(404, 404, 404, 404, 404)),
    Row("path_start", "post", "/paths/{path}/start/", answers(303, 303, 303, 303, 302)),
    Row("path_pause", "post", "/paths/{path}/pause/", answers(303, 303, 303, 303, 302)),
    Row("path_resume", "post", "/paths/{path}/resume/", answers(303, 303, 303, 303, 302)),
    Row("path_leave", "post", "/paths/{path}/leave/", answers(303, 303, 303, 303, 302)),
    Row("path_lesson_read", "post", "/paths/{path}/lessons/{path_lesson}/read/", answers(303, 303, 303, 303, 302)),
    # A lesson page's "On your path" box: each person's own (nothing, 204, when on no path holding it)
    Row("path_on_lesson", "get", "/learn/{path_lesson}/on-your-path/", answers(204, 204, 204, 204, 404)),
    # Audio: the library's narration for anyone logged in; a recording of a therapist's own
    # practice for its author and the client it is assigned to
    Row("listen_narration", "get", "/practices/listen/narration/{narration}.mp3", ANYONE_LOGGED_IN),
    Row("listen_narration", "get", "/practices/listen/narration/{no_narration}.mp3", answers(404, 404, 404, 404, 404)),
    Row("listen_recording", "get", "/practices/{own}/recordings/{recording}.mp3", answers(200, 200, 404, 404, 404)),
    Row("listen_recording", "get", "/practices/{library_practice}/recordings/{recording}.mp3", answers(404, 404, 404, 404, 404)),
    # Accounts
    Row("signup", "get", "/accounts/signup/", VISITORS),
    Row("try_practice", "get", "/try/cft-grounding/", VISITORS),
    Row("try_practice", "get", "/try/cft-compassionate-self/", answers(404, 404, 404, 404, 404)),
    Row("try_step", "get", "/try/msc-self-compassion-break/difficulty/", VISITORS),
    Row("try_step", "post", "/try/msc-self-compassion-break/difficulty/", answers(302, 302, 302, 302, 303), FORM),
    Row("try_step", "get", "/try/msc-self-compassion-break/no-such-step/", answers(302, 302, 302, 302, 404)),
    Row("try_end", "get", "/try/msc-self-compassion-break/end/", VISITORS),
    Row("try_end", "post", "/try/msc-self-compassion-break/end/", answers(302, 302, 302, 302, 303), {"action": "signup"}),
    Row("welcome", "get", "/welcome/", ANYONE_LOGGED_IN),
    Row("welcome", "post", "/welcome/", answers(303, 303, 303, 303, 404), {"brings": "critic"}),
    Row("login", "get", "/accounts/login/", VISITORS),
    Row("logout", "post", "/accounts/logout/", answers(302, 302, 302, 302, 302)),
    Row("settings", "get", "/accounts/settings/", ACCOUNT),
    Row("theme", "post", "/accounts/theme/", answers(303, 303, 303, 303, 303), {"theme": "dark"}),
    Row("email", "get", "/accounts/email/", ACCOUNT),
    Row("email", "post", "/accounts/email/", ACCOUNT, EMAIL_CHANGE_WRONG),
    Row("confirm_email", "get", "/accounts/email/confirm/", EVERYONE),
    Row("confirm_email", "post", "/accounts/email/confirm/", EVERYONE, {"token": "not-a-token"}),
    Row("password_change", "get", "/accounts/password/change/", ACCOUNT),
    Row("password_change_done", "get", "/accounts/password/change/done/", ACCOUNT),
    Row("two_factor", "get", "/accounts/two-factor/", ACCOUNT),
    Row("two_factor", "post", "/accounts/two-factor/", answers(302, 302, 302, 302, 302), TWO_FACTOR_OFF_WRONG),
    Row("two_factor_setup", "get", "/accounts/two-factor/setup/", ACCOUNT),
    Row("two_factor_setup", "post", "/accounts/two-factor/setup/", ACCOUNT, {"code": "000000"}),
    Row("login_code", "get", "/accounts/login/code/", answers(302, 302, 302, 302, 302)),
    Row("login_code", "post", "/accounts/login/code/", answers(302, 302, 302, 302, 302), {"code": "000000"}),
    Row("password_reset", "get", "/accounts/password/reset/", EVERYONE),
    Row("password_reset_done", "get", "/accounts/password/reset/sent/", EVERYONE),
    Row("password_reset_confirm", "get", "/accounts/password/reset/MQ/x-y/", EVERYONE),
    Row("password_reset_complete", "get", "/accounts/password/reset/complete/", EVERYONE),
    # A person's own journal pages: everyone sees only their own. (A post with no writer field
    # is a 404 for a visitor like any other; one made for a person whose login ended keeps the
    # words for them: tests/journal/test_privacy.py and test_kept_words.py.)
    Row("journal", "get", "/journal/", ANYONE_LOGGED_IN),
    Row("new_entry", "get", "/journal/new/", ANYONE_LOGGED_IN),
    Row("trash", "get", "/journal/trash/", ANYONE_LOGGED_IN),
    Row("empty_trash", "get", "/journal/trash/empty/", ANYONE_LOGGED_IN),
    Row("export", "get", "/journal/export/", ANYONE_LOGGED_IN),
    Row("export_json", "get", "/journal/export/tend-journal.json", ANYONE_LOGGED_IN),
    Row("export_markdown", "get", "/journal/export/tend-journal.md", ANYONE_LOGGED_IN),
    Row("export_print", "get", "/journal/export/print/", ANYONE_LOGGED_IN),
    Row("import_journal", "get", "/journal/import/", ANYONE_LOGGED_IN),
    Row("parts", "get", "/journal/parts/", ANYONE_LOGGED_IN),
    Row("progress", "get", "/progress/", ANYONE_LOGGED_IN),
    # The daily check-in: each person's own day (nobody here has checked in today yet, so
    # words alone ask for the number first, and change nothing)
    Row("check_in", "get", "/journal/check-in/", ANYONE_LOGGED_IN),
    Row("check_in", "post", "/journal/check-in/", answers(303, 303, 303, 303, 404), {"how_i_am": "5"}),
    Row("check_in_words", "post", "/journal/check-in/words/", answers(400, 400, 400, 400, 404), {"words": "calm"}),
    # Casey's things: hers alone, whoever her therapist is
    Row("start_run", "post", "/journal/runs/start/msc-self-compassion-break/", answers(303, 303, 303, 303, 302)),
    Row("start_run", "post", "/journal/runs/start/{own_slug}/", answers(404, 404, 404, 404, 302)),
    Row("resume_run", "get", "/journal/runs/{run}/", owner_only(302)),
    Row("run_step", "get", "/journal/runs/{run}/steps/check-in/", owner_only()),
    Row("run_step", "post", "/journal/runs/{run}/steps/{write_step}/", owner_only(303), FORM),
    Row("save_draft", "post", "/journal/runs/{run}/steps/{write_step}/draft/", owner_only(200), FORM),
    Row("run_paused", "get", "/journal/runs/{run}/paused/", owner_only()),
    Row("run_leave", "post", "/journal/runs/{run}/leave/", owner_only(303)),
    Row("run_care_first", "get", "/journal/runs/{run}/care-first/", owner_only(302)),
    Row("run_summary", "get", "/journal/runs/{finished_run}/summary/", owner_only()),
    Row("discard_run", "get", "/journal/runs/{run}/discard/", owner_only()),
    Row("discard_run", "post", "/journal/runs/{run}/discard/", owner_only(302)),
    Row("start_again", "get", "/journal/runs/{run}/start-again/", owner_only()),
    Row("start_again", "post", "/journal/runs/{run}/start-again/", owner_only(303)),
    Row("part_detail", "get", "/journal/parts/{part}/", owner_only()),
    Row("part_retire", "post", "/journal/parts/{part}/retire/", owner_only(302)),
    Row("entry_detail", "get", "/journal/entries/{private}/", owner_only()),
    Row("entry_detail", "get", "/journal/entries/{shared}/", owner_only()),
    Row("entry_edit", "get", "/journal/entries/{private}/edit/", owner_only()),
    Row("entry_edit", "get", "/journal/entries/{shared}/edit/", owner_only()),
    Row("entry_add_note", "post", "/journal/entries/{shared}/notes/", owner_only(303), FORM),
    Row("entry_delete", "post", "/journal/entries/{shared}/delete/", owner_only(303)),
    Row("entry_restore", "post", "/journal/entries/{shared}/restore/", owner_only(404)),
    Row("entry_purge", "post", "/journal/entries/{shared}/purge/", owner_only(404)),
    # The therapist's pages about Casey: Theo's alone, and only while linked
    Row("care_overview", "get", "/care/", THERAPISTS),
    Row("care_client", "get", "/care/clients/{client}/", linked_therapist_only()),
    Row("assign_practice", "get", "/care/clients/{client}/assign/", linked_therapist_only()),
    Row("assign_practice", "post", "/care/clients/{client}/assign/", linked_therapist_only(400), FORM),
    Row("assign_series", "get", "/care/clients/{client}/series/", linked_therapist_only()),
    Row("end_link_therapist", "get", "/care/clients/{client}/end/", linked_therapist_only()),
    Row("end_link_therapist", "post", "/care/clients/{client}/end/", linked_therapist_only(303)),
    Row("shared_entry", "get", "/care/clients/{client}/entries/{shared}/", linked_therapist_only(), shows_shared=True),
    Row("shared_entry", "get", "/care/clients/{client}/entries/{private}/", linked_therapist_only(404)),
    Row("shared_entry_comment", "post", "/care/clients/{client}/entries/{shared}/comments/", linked_therapist_only(303), FORM),
    Row("shared_entry_comment", "post", "/care/clients/{client}/entries/{private}/comments/", linked_therapist_only(404), FORM),
    Row("assignment_edit", "get", "/care/assignments/{assignment}/", linked_therapist_only()),
    Row("assignment_pause", "post", "/care/assignments/{assignment}/pause/", linked_therapist_only(303)),
    Row("assignment_end", "post", "/care/assignments/{assignment}/end/", linked_therapist_only(303)),
    # A therapist's own practices: the author's alone (their clients meet them as homework)
    Row("own_practices", "get", "/care/practices/", THERAPISTS),
    Row("own_practice_new", "get", "/care/practices/new/", THERAPISTS),
    Row("own_practice_import", "get", "/care/practices/import/", THERAPISTS),
    Row("own_practice_edit", "get", "/care/practices/{own}/", linked_therapist_only()),
    Row("own_practice_preview", "get", "/care/practices/{own}/preview/", linked_therapist_only()),
    Row("own_practice_export", "get", "/care/practices/{own}/export/", linked_therapist_only()),
    Row("own_practice_archive", "post", "/care/practices/{own}/archive/", linked_therapist_only(303)),
    # Invites: a therapist's own; the link's page for whoever holds the link
    Row("care_invites", "get", "/care/invites/", THERAPISTS),
    Row("care_invite_detail", "get", "/care/invites/{invite}/", linked_therapist_only()),
    Row("care_invite_revoke", "post", "/care/invites/{invite}/revoke/", linked_therapist_only(302)),
    Row("join_with_code", "get", "/invite/", ACCOUNT),
    Row("invite_answer", "get", "/invite/{token}/", answers(200, 403, 200, 200, 200)),
    Row("invite_answer", "post", "/invite/{token}/", answers(302, 403, 302, 302, 302), {"action": "decline"}),
    # Sharing: the client's say over what each therapist sees
    Row("sharing", "get", "/sharing/", ANYONE_LOGGED_IN),
    Row("access_log", "get", "/sharing/log/", ANYONE_LOGGED_IN),
    Row("end_link_client", "get", "/sharing/links/{link}/end/", owner_only()),
    Row("end_link_client", "post", "/sharing/links/{link}/end/", owner_only(303)),
    Row("entry_share", "post", "/journal/entries/{private}/share/", owner_only(303), {"therapist": "{therapist}"}),
    Row("entry_unshare", "post", "/journal/entries/{shared}/unshare/", owner_only(303), {"therapist": "{therapist}"}),
    Row("assignment_share", "post", "/homework/{assignment}/share/", owner_only(303), {"share": "on"}),
    # Homework: the client's own
    Row("homework", "get", "/homework/", ANYONE_LOGGED_IN),
    Row("begin_homework", "post", "/homework/{assignment}/begin/", owner_only(303)),
    # Reminders to practise: each person's own; the feed and the unsubscribe link answer only
    # a real token (a wrong one is a 404 for everyone)
    Row("reminders", "get", "/reminders/", ACCOUNT),
    Row("reminders", "post", "/reminders/", ACCOUNT, {"action": "save", "at": "25:99"}),
    Row("reminders_calendar", "post", "/reminders/calendar/", answers(303, 303, 303, 303, 302)),
    Row("reminders_calendar_revoke", "post", "/reminders/calendar/revoke/", answers(303, 303, 303, 303, 302)),
    Row("reminders_feed", "get", "/reminders/calendar/not-a-real-token.ics", answers(404, 404, 404, 404, 404)),
    Row("reminders_unsubscribe", "get", "/reminders/unsubscribe/not-signed/", answers(404, 404, 404, 404, 404)),
    Row("reminders_unsubscribe", "post", "/reminders/unsubscribe/not-signed/", answers(404, 404, 404, 404, 404)),
    # Leaving: one's own journal and account; a wrong password deletes nothing, for anyone
    Row("leave", "get", "/accounts/leave/", ANYONE_LOGGED_IN),
    Row("delete_journal_data", "get", "/accounts/leave/journal/", ANYONE_LOGGED_IN),
    Row("delete_account", "get", "/accounts/leave/account/", ANYONE_LOGGED_IN),
    Row("delete_journal_data", "post", "/accounts/leave/journal/", answers(400, 400, 400, 400, 404), LEAVE_WRONG),
    Row("delete_account", "post", "/accounts/leave/account/", answers(400, 400, 400, 400, 404), LEAVE_WRONG),
]  # fmt: skip


def url_of(row: Row, world) -> str:
    return row.url.format(**placeholders(world))


def data_of(row: Row, world) -> dict:
    return {name: value.format(**placeholders(world)) for name, value in (row.data or {}).items()}


def placeholders(world) -> dict:
    write_step = world.open_run.practice.steps.filter(kind="write").first().key
    return {
        "client": world.client.pk,
        "shared": world.shared_entry.pk,
        "private": world.private_entry.pk,
        "run": world.open_run.pk,
        "finished_run": world.private_entry.run_id,
        "write_step": write_step,
        "part": world.part.pk,
        "assignment": world.assignment.pk,
        "invite": world.invite.pk,
        "token": INVITE_TOKEN,
        "own": world.own_practice.pk,
        "own_slug": world.own_practice.slug,
        "link": world.link.pk,
        "therapist": world.therapist.pk,
        "narration": world.narration_key,
        "no_narration": "0" * 32,
        "recording": world.recording.rsplit("/", 1)[-1].removesuffix(".mp3"),
        "library_practice": world.open_run.practice_id,
        "path": A_PATH,
        "path_lesson": A_PATH_LESSON,
    }


A_PATH, A_PATH_LESSON = "a-path-for-everyone", "backdraft"


@pytest.fixture
def a_path_for_everyone(library):
    """A path to open and walk (the care world has none of its own)."""
    from practices.models import Path, PathItem, Practice

    path = Path.objects.create(
        slug=A_PATH, title="A path", summary="Steps.", about="For anyone.", topic="msc"
    )
    PathItem.objects.create(path=path, position=1, lesson_slug=A_PATH_LESSON)
    practice = Practice.objects.get(slug="msc-self-compassion-break")
    PathItem.objects.create(path=path, position=2, practice=practice)
    return path


@pytest.fixture
def world(world, a_path_for_everyone):
    """The care world of tests/conftest.py, with a path in it."""
    return world


def person_for(who: str, world):
    return {
        "owner": world.client,
        "therapist": world.therapist,
        "unlinked_therapist": world.other_therapist,
        "other_client": world.other_client,
        "visitor": None,
    }[who]


def snapshot() -> dict:
    """Everything a request could change, to check a refused one changed nothing."""
    from django.apps import apps

    return {
        model._meta.label: sorted(map(str, model.objects.values_list()))
        for model in apps.get_models()
        if model._meta.app_label in {"accounts", "practices", "journal"}
        and model._meta.label != "accounts.Session"  # a browser's own session, not data
    }


def test_every_named_url_is_in_the_matrix():
    assert {row.name for row in ROWS} == named_urls()


@pytest.mark.parametrize("who", PEOPLE)
def test_each_person_gets_exactly_the_answer_they_should_from_every_url(world, who):
    browser = Client()
    person = person_for(who, world)
    if person is not None:
        assert browser.login(username=person.username, password=PASSWORD)
    wrong = []
    for row in ROWS:
        url = url_of(row, world)
        expected = row.expect[who]
        with transaction.atomic():
            refused = expected >= 400 or who == "visitor"
            before = snapshot() if row.method == "post" and refused else None
            response = getattr(browser, row.method)(url, data_of(row, world))
            body = b"".join(response.streaming_content) if response.streaming else response.content
            html = body.decode(errors="replace")
            if response.status_code != expected:
                wrong.append(f"{row.method.upper()} {url}: {response.status_code}, not {expected}")
            if who != "owner":
                assert PRIVATE_WORDS not in html, url
                if not (who == "therapist" and row.shows_shared):
                    assert SHARED_WORDS not in html, (who, url)
            if before is not None:
                assert snapshot() == before, f"{who} changed something with {url}"
            transaction.set_rollback(True)
        if who != "visitor" and row.name == "logout":
            browser.login(username=person.username, password=PASSWORD)
    assert not wrong, "\n".join(wrong)


def test_the_matrix_names_every_pattern_of_every_app():
    """A sanity check on the check: the resolver has patterns, and all are named."""
    patterns = get_resolver().url_patterns
    assert patterns
    assert len(named_urls()) > 40


# Pages that show nothing of anyone's: the same for every visitor, fine for a browser to keep.
SHOWS_NOTHING_PERSONAL = {
    "crisis_help",
    "health",
    # (Not the library nor a practice's page: for a logged-in person they show favourites.)
    "about_compassion",
    "about_content",
    "learn",
    "lesson",
    "signup",
    "login",
    # Audio of a practice's own words (never of a person's), named by a hash of its content:
    # kept a year by the browser of the person allowed (Cache-Control: private), so a practice
    # listened to again costs nothing.
    "listen_narration",
    "listen_recording",
}


@pytest.mark.parametrize("who", ["owner", "therapist"])
def test_every_page_a_logged_in_person_opens_is_kept_by_no_browser_or_proxy(world, who):
    """`Cache-Control: no-store` on every page with anything of a person's on it, so no
    shared computer's browser cache or proxy keeps a copy after they leave."""
    browser = Client()
    person = person_for(who, world)
    assert browser.login(username=person.username, password=PASSWORD)
    kept = []
    for row in ROWS:
        if row.method != "get" or row.name in SHOWS_NOTHING_PERSONAL:
            continue
        response = browser.get(url_of(row, world))
        if response.status_code == 200 and "no-store" not in response.get("Cache-Control", ""):
            kept.append(url_of(row, world))
    assert not kept, "pages a browser may keep: " + ", ".join(kept)
