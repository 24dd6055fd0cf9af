"""Every form in the app, fed generated values by each kind of person (hypothesis).

Values: very long strings, text from every Unicode plane, right-to-left text, control
characters and NUL, numbers out of range, fields left out or sent twice, files that are not
what they claim, and the wrong HTTP method. Two properties hold for every answer:

- never a 500 (nor any exception inside a view), and
- an error answer (4xx) leaves the database exactly as it was: a form error never half-saves.

Each example runs inside a rolled-back transaction, so every one starts from the same world.
"""

import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import got_request_exception
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from tests.care_world import INVITE_CODE, INVITE_TOKEN, build_care_world
from tests.site.test_access_matrix import snapshot

# No .hypothesis/ folder in the repository: examples are not kept between runs, and the
# caches Hypothesis keeps even so go to a temporary folder.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "tend-hypothesis")
# TEND_FUZZ_EXAMPLES raises the count per endpoint for a longer hunt (12 keeps the file ~1 min).
FUZZ = settings(
    max_examples=int(os.environ.get("TEND_FUZZ_EXAMPLES", "12")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

PEOPLE = ("owner", "therapist", "unlinked_therapist", "other_client", "visitor")
WRONG_METHODS = ("get", "post", "put", "patch", "delete", "head", "options")

# Values ------------------------------------------------------------------------------------

# Every plane but the surrogates, which a request can't carry as UTF-8.
ANY_CHARACTER = st.characters(codec="utf-8")
RTL = st.sampled_from(
    ["\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627", "\u202e", "\u200f", "\u2067"]
)
CONTROL = st.characters(categories=["Cc", "Cf", "Zl", "Zp"], codec="utf-8")
NUMBERS = st.one_of(
    st.sampled_from(
        ["1e309", "-1e309", "NaN", "nan", "inf", "-inf", "-0", "0x10", "1_000", "٣", "½", "1.5"]
    ),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
DATES = st.sampled_from(
    ["0000-00-00", "9999-12-31", "0001-01-01", "2024-02-30", "10000-01-01", "-1-01-01", "2024"]
)


@st.composite
def long_text(draw):
    """100k and more characters, built from a short piece so generating them stays quick."""
    piece = draw(st.lists(ANY_CHARACTER | CONTROL | RTL, min_size=1, max_size=4).map("".join))
    size = draw(st.integers(min_value=100_000, max_value=120_000))
    return (piece * (size // len(piece) + 1))[:size]


MIXED = st.lists(st.one_of(ANY_CHARACTER, CONTROL, RTL), max_size=30).map("".join)
FUZZ_TEXT = st.one_of(
    st.text(ANY_CHARACTER, max_size=40),
    MIXED,
    st.text(CONTROL, min_size=1, max_size=5),
    st.just("\x00"),
    st.just(""),
    st.just(" \t\n"),
    NUMBERS,
    DATES,
    long_text(),
)


@dataclass
class Endpoint:
    name: str
    method: str
    url: str
    fields: dict[str, list[str]]  # each field with a few good values, as templates
    files: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)


STEP_FIELDS = {
    "revision": ["0", "1"],
    "action": ["next", "back", "skip", "pause"],
}
CHECK = {"distress": ["0", "7", "10"], "feeling": ["tense", "calm"]}
JOURNAL_QUERY = {
    "q": ["garden", '"garden gate"', "-light"],
    "modality": ["msc", "free", "ifs"],
    "practice": ["msc-self-compassion-break"],
    "tag": ["work"],
    "part": ["{part}"],
    "start": ["2024-01-01"],
    "end": ["2030-01-01"],
    "hard": ["on"],
    "shared": ["on"],
    "page": ["1", "2"],
}
STEP_ROW_NAMES = (
    "key",
    "kind",
    "title",
    "body",
    "prompt",
    "example",
    "low",
    "high",
    "options",
    "multiple",
    "seconds",
    "pace_in",
    "pace_hold",
    "pace_out",
    "optional",
)
EDITOR_ACTIONS = ["save", "add", "up-1", "down-0", "remove-2", "up-99", "remove--1", "bogus"]

ENDPOINTS = [
    # Accounts
    Endpoint("signup", "post", "/accounts/signup/", {
        "username": ["newperson"], "email": ["new@example.org"],
        "password1": ["a-long-enough-pass-9"], "password2": ["a-long-enough-pass-9"],
        "time_zone": ["Europe/Oslo", "UTC"],
    }),
    Endpoint("login", "post", "/accounts/login/", {
        "username": ["casey", "casey@example.org"], "password": ["quiet-harbour-lanterns-7"],
        "next": ["/journal/", "https://evil.example/"],
    }),
    Endpoint("settings", "post", "/accounts/settings/", {
        "display_name": ["Casey K"], "time_zone": ["Europe/Oslo", "UTC"],
        "homework_reminders": ["on"], "therapist_mode": ["on"],
    }),
    Endpoint("password_change", "post", "/accounts/password/change/", {
        "old_password": ["quiet-harbour-lanterns-7"],
        "new_password1": ["another-long-pass-42"], "new_password2": ["another-long-pass-42"],
    }),
    Endpoint("password_reset", "post", "/accounts/password/reset/", {
        "email": ["casey@example.org"],
    }),
    Endpoint("email", "post", "/accounts/email/", {
        "action": ["change", "resend"], "email": ["casey.new@example.org", "olive@example.org"],
        "password": ["quiet-harbour-lanterns-7"],
    }),
    Endpoint("confirm_email", "post", "/accounts/email/confirm/", {"token": ["not-a-token"]}),
    # The journal
    Endpoint("journal", "get", "/journal/", JOURNAL_QUERY),
    Endpoint("export_print", "get", "/journal/export/print/", JOURNAL_QUERY),
    Endpoint("export_json", "get", "/journal/export/tend-journal.json", JOURNAL_QUERY),
    Endpoint("progress", "get", "/progress/", {"range": ["30", "90", "365", "all"]}),
    Endpoint("library", "get", "/practices/", {
        "modality": ["msc", "cft", "ifs"], "skill": ["attention"], "length": ["short"],
        "intensity": ["gentle"], "mood": ["anxious"],
    }),
    Endpoint("access_log", "get", "/sharing/log/", {"page": ["1", "2"]}),
    Endpoint("new_entry", "post", "/journal/new/", {
        "title": ["A day"], "body": ["Some words"], "feeling": ["3", "7"],
        "tags": ["work, sleep", "#a,#a,b"],
    }),
    Endpoint("entry_edit_free", "post", "/journal/entries/{free}/edit/", {
        "version": ["{free_version}", "0"], "title": ["A day"], "body": ["New words"],
        "feeling": ["3"], "tags": ["work"],
    }),
    Endpoint("entry_edit_run", "post", "/journal/entries/{shared}/edit/", {
        "version": ["{shared_version}", "0"], "tags": ["work"],
        "{answer_field}": ["Changed words"], "{rating_field}": ["4"],
    }),
    Endpoint("entry_add_note", "post", "/journal/entries/{shared}/notes/", {"text": ["A note"]}),
    Endpoint("entry_delete", "post", "/journal/entries/{private}/delete/", {}),
    Endpoint("empty_trash", "post", "/journal/trash/empty/", {}),
    Endpoint("import_journal", "post", "/journal/import/", {}, files=("journal",)),
    # The guided flow
    Endpoint("start_run", "post", "/journal/runs/start/msc-self-compassion-break/", {}),
    Endpoint("check_in", "post", "/journal/runs/{run}/steps/check-in/", {**STEP_FIELDS, **CHECK}),
    Endpoint("write_step", "post", "/journal/runs/{run}/steps/difficulty/", {
        **STEP_FIELDS, "text": ["Some words"],
    }),
    Endpoint("rate_step", "post", "/journal/runs/{run}/steps/how-much/", {
        **STEP_FIELDS, "rating": ["0", "5", "10"],
    }),
    Endpoint("choose_step", "post", "/journal/runs/{parts_run}/steps/feeling/", {
        **STEP_FIELDS, "choices": ["{choice}"],
    }),
    Endpoint("part_step", "post", "/journal/runs/{parts_run}/steps/part/", {
        **STEP_FIELDS, "part": ["{part}"], "new_part": ["The Planner"],
    }),
    Endpoint("check_out", "post", "/journal/runs/{run}/steps/check-out/", {
        **STEP_FIELDS, **CHECK, "stirred_up": ["on"],
    }),
    Endpoint("unknown_step", "post", "/journal/runs/{run}/steps/nope/", STEP_FIELDS),
    Endpoint("save_draft", "post", "/journal/runs/{run}/steps/difficulty/draft/", {
        "revision": ["0"], "text": ["Some words"],
    }),
    Endpoint("discard_run", "post", "/journal/runs/{run}/discard/", {}),
    Endpoint("start_again", "post", "/journal/runs/{run}/start-again/", {"practice": ["x"]}),
    # Parts
    Endpoint("parts", "post", "/journal/parts/", {
        "name": ["The Planner"], "description": ["Makes lists"],
    }),
    Endpoint("part_detail", "post", "/journal/parts/{part}/", {
        "name": ["The Worrier"], "description": ["Keeps watch"],
    }),
    Endpoint("part_retire", "post", "/journal/parts/{part}/retire/", {}),
    # Sharing
    Endpoint("entry_share", "post", "/journal/entries/{private}/share/", {
        "therapist": ["{therapist}", "{other_therapist}"], "next": ["/journal/", "//evil"],
    }),
    Endpoint("entry_unshare", "post", "/journal/entries/{shared}/unshare/", {
        "therapist": ["{therapist}", "all"], "next": ["/sharing/"],
    }),
    Endpoint("assignment_share", "post", "/homework/{assignment}/share/", {
        "share": ["on", "off"], "next": ["/homework/"],
    }),
    Endpoint("end_link_client", "post", "/sharing/links/{link}/end/", {}),
    Endpoint("begin_homework", "post", "/homework/{assignment}/begin/", {}),
    # Invites
    Endpoint("care_invites", "post", "/care/invites/", {"label": ["J.K."]}),
    Endpoint("join_with_code", "post", "/invite/", {
        "code": [INVITE_CODE, "abcd-efgh"], "action": ["accept", "decline"],
    }),
    Endpoint("invite_answer", "post", f"/invite/{INVITE_TOKEN}/", {
        "action": ["accept", "decline"],
    }),
    Endpoint("invite_answer_bad_token", "post", "/invite/{fuzz_token}/", {"action": ["accept"]}),
    Endpoint("care_invite_revoke", "post", "/care/invites/{invite}/revoke/", {}),
    # The therapist's pages
    Endpoint("assign_practice", "post", "/care/clients/{client}/assign/", {
        "practice": ["{own}"], "note": ["For the week"],
        "schedule": ["once", "weekly", "daily"], "starts_on": ["{today}"],
        "due_on": ["{today}"], "times_per_week": ["2"], "weeks": ["3"], "days": ["5"],
    }),
    Endpoint("assign_series", "post", "/care/clients/{client}/series/", {
        "title": ["Two steps"], "note": ["Gently"], "starts_on": ["{today}"],
        "unlock": ["after_done", "after_days"], "unlock_days": ["3"],
        "practice_1": ["{own}"], "practice_2": ["{library_practice}"], "practice_3": [""],
    }),
    Endpoint("assignment_edit", "post", "/care/assignments/{assignment}/", {
        "practice": ["{own}"], "note": ["Changed"], "schedule": ["weekly"],
        "starts_on": ["{today}"], "times_per_week": ["1"], "weeks": ["2"],
    }),
    Endpoint("shared_entry_comment", "post", "/care/clients/{client}/entries/{shared}/comments/",
             {"text": ["Thank you"]}),
    Endpoint("own_practice_preview", "get", "/care/practices/{own}/preview/", {"step": ["1"]}),
    Endpoint("own_practice_new", "post", "/care/practices/new/", {}, extra={"editor": True}),
    Endpoint("own_practice_edit", "post", "/care/practices/{own}/", {}, extra={"editor": True}),
    Endpoint("own_practice_import", "post", "/care/practices/import/", {}, files=("practice",)),
]  # fmt: skip


# The world ---------------------------------------------------------------------------------


@pytest.fixture
def world(library, therapist, care_client, other_therapist, other_client):
    from django.utils import timezone

    from journal import services
    from journal.models import Answer
    from practices.editor import practice_file_text, step_row
    from practices.models import Practice

    today = timezone.localdate()
    world = build_care_world(therapist, care_client, other_therapist, other_client, today)
    parts_practice = Practice.objects.get(slug="ifs-parts-check-in")
    parts_run = services.start_run(care_client, parts_practice)
    free = services.create_entry(
        care_client, title="Free", body="Free words", feeling=5, tags=["work"]
    )
    answers = Answer.objects.filter(run=world.shared_entry.run)
    written = answers.filter(text__gt="").first()
    rated = answers.filter(rating__isnull=False).first()
    choose = parts_practice.steps.get(key="feeling")
    own = world.own_practice
    values = {
        "client": world.client.pk,
        "shared": world.shared_entry.pk,
        "shared_version": world.shared_entry.version,
        "private": world.private_entry.pk,
        "free": free.pk,
        "free_version": free.version,
        "answer_field": f"answer-{written.pk}",
        "rating_field": f"rating-{rated.pk}" if rated else "rating-0",
        "run": world.open_run.pk,
        "parts_run": parts_run.pk,
        "choice": choose.options[0],
        "part": world.part.pk,
        "assignment": world.assignment.pk,
        "invite": world.invite.pk,
        "own": own.pk,
        "library_practice": Practice.objects.get(slug="msc-self-compassion-break").pk,
        "link": world.link.pk,
        "therapist": world.therapist.pk,
        "other_therapist": world.other_therapist.pk,
        "today": today.isoformat(),
        "fuzz_token": "x" * 8,
    }
    editor = {
        "title": own.title,
        "modality": own.modality,
        "intensity": own.intensity,
        "minutes": str(own.minutes),
        "skills": list(own.skills or []),
        "summary": own.summary,
        "why": own.why,
        "source": own.source,
    }
    rows = [step_row(step) for step in own.steps.all()]
    editor.update(
        {
            "steps-TOTAL_FORMS": str(len(rows)),
            "steps-INITIAL_FORMS": str(len(rows)),
            "steps-MIN_NUM_FORMS": "0",
            "steps-MAX_NUM_FORMS": "1000",
        }
    )
    for index, row in enumerate(rows):
        for name in STEP_ROW_NAMES:
            value = row[name]
            if value is True:
                value = "on"
            if value in (None, False):
                continue
            editor[f"steps-{index}-{name}"] = str(value)
    browser = Client()
    browser.force_login(care_client)
    journal_file = browser.get("/journal/export/tend-journal.json").getvalue()
    return {
        "values": values,
        "editor": editor,
        "journal_file": journal_file,
        "practice_file": practice_file_text(own).encode(),
        "people": {
            "owner": world.client,
            "therapist": world.therapist,
            "unlinked_therapist": world.other_therapist,
            "other_client": world.other_client,
            "visitor": None,
        },
    }


# Requests ----------------------------------------------------------------------------------


def fill(template: str, values: dict) -> str:
    return template.format(**values) if "{" in template else template


@st.composite
def field_values(draw, good: list[str], values: dict):
    """One field: left out, once, or several times; each value good or generated."""
    one = st.one_of(st.sampled_from([fill(value, values) for value in good]), FUZZ_TEXT)
    how = draw(st.sampled_from(["once", "once", "once", "missing", "twice"]))
    if how == "missing":
        return None
    if how == "twice":
        return draw(st.lists(one, min_size=2, max_size=3))
    return draw(one)


@st.composite
def upload(draw, kind: str, world: dict):
    base = world["journal_file"] if kind == "journal" else world["practice_file"]
    content = draw(
        st.one_of(
            st.just(base),
            st.binary(max_size=200),
            st.builds(lambda cut: base[:cut], st.integers(0, len(base))),
            st.builds(
                lambda text: base.replace(b"Free words", json.dumps(text)[1:-1].encode()),
                FUZZ_TEXT,
            ),
            st.builds(
                lambda text: base.replace(b"title", text.encode("utf-8", "replace"), 1),
                FUZZ_TEXT,
            ),
            st.builds(
                lambda value: json.dumps(value).encode(),
                st.dictionaries(
                    st.sampled_from(["format", "version", "entries", "runs", "parts", "tags"]),
                    st.one_of(
                        st.integers(),
                        st.text(ANY_CHARACTER, max_size=10),
                        st.none(),
                        st.lists(st.integers(), max_size=3),
                    ),
                ),
            ),
        )
    )
    name = draw(st.sampled_from(["journal.json", "practice.yaml", "x", "\u202egnp.json", ""]))
    return SimpleUploadedFile(name or "file", content)


@st.composite
def requests(draw, endpoint: Endpoint, world: dict):
    values = world["values"]
    who = draw(st.sampled_from(PEOPLE))
    method = endpoint.method
    if draw(st.integers(0, 9)) == 0:
        method = draw(st.sampled_from(WRONG_METHODS))
    fields = {fill(name, values): good for name, good in endpoint.fields.items()}
    if endpoint.extra.get("editor"):
        fields = {
            name: [value] if isinstance(value, str) else (value or ["compassion"])
            for name, value in world["editor"].items()
        }
        fields["action"] = EDITOR_ACTIONS
        fields["new_kind"] = ["write", "read", "choose", "timer", "rate", "part"]
    data = {}
    for name, good in fields.items():
        value = draw(field_values(good, values))
        if value is not None:
            data[name] = value
    for _ in range(draw(st.integers(0, 1))):  # a field no form expects
        data[draw(st.text(ANY_CHARACTER, min_size=1, max_size=10))] = draw(FUZZ_TEXT)
    for kind in endpoint.files:
        if draw(st.integers(0, 5)):
            data["file"] = draw(upload(kind, world))
    url = fill(endpoint.url, values)
    if "{fuzz_token}" in endpoint.url:
        token = draw(st.from_regex(r"[\w\-.~%]{1,300}", fullmatch=True))
        url = endpoint.url.replace("{fuzz_token}", token)
    htmx = draw(st.booleans())
    return who, method, url, data, htmx


def send(browser: Client, method: str, url: str, data: dict, htmx: bool):
    headers = {"HX-Request": "true"} if htmx else {}
    if method in ("get", "head", "options") or method == "delete":
        # Query strings carry no files; names and values as the form would send them.
        query = {name: value for name, value in data.items() if name != "file"}
        if method == "options":
            return browser.options(url, headers=headers)
        return getattr(browser, method)(url, query, headers=headers)
    if method in ("put", "patch"):
        from urllib.parse import urlencode

        query = {name: value for name, value in data.items() if name != "file"}
        body = urlencode(query, doseq=True)
        return getattr(browser, method)(
            url, body, content_type="application/x-www-form-urlencoded", headers=headers
        )
    return browser.post(url, data, headers=headers)


def test_no_form_answers_with_a_500_or_half_saves(world):
    """One world for every endpoint (building it is the slow part); each endpoint gets its own
    examples, and every endpoint that fails is named with its smallest failing request."""
    exceptions = []

    def record(sender, request=None, **kwargs):
        exceptions.append(sys.exc_info()[1])

    got_request_exception.connect(record)
    failures = []
    try:
        for endpoint in ENDPOINTS:
            try:
                check_endpoint(world, endpoint, exceptions)
            except AssertionError as failure:
                failures.append(f"{endpoint.name}: {str(failure).splitlines()[0]}")
    finally:
        got_request_exception.disconnect(record)
    assert not failures, "\n".join(failures)


def check_endpoint(world, endpoint, exceptions):
    @FUZZ
    @given(st.data())
    def run(data):
        who, method, url, sent, htmx = data.draw(requests(endpoint, world))
        for upload_file in sent.values():
            if isinstance(upload_file, SimpleUploadedFile):
                upload_file.seek(0)
        exceptions.clear()
        with transaction.atomic():
            browser = Client(raise_request_exception=False)
            person = world["people"][who]
            if person is not None:
                browser.force_login(person)
            before = snapshot()
            response = send(browser, method, url, sent, htmx)
            after = snapshot()
            transaction.set_rollback(True)
        status = response.status_code
        where = f"{method.upper()} {url[:80]} as {who}"
        assert not exceptions, f"{where}: {exceptions[0]!r}"
        assert status < 500, f"{where}: {status}"
        if 400 <= status < 500:
            changed = {label for label in before if before[label] != after[label]}
            assert not changed, f"{where}: {status} but changed {sorted(changed)}"

    run()
