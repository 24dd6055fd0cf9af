"""manage.py seed_demo: a believable demo journal, made once, written in bulk."""

import io
import time
from binascii import unhexlify
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_otp.oath import TOTP

from care import queries as care
from compassion_site.accounts import two_factor
from compassion_site.accounts.two_factor import has_two_factor
from journal.models import Answer, CheckIn, Entry, EntryNote, Part, Run, Tag
from journal.services import HARD_MOMENT_RISE, refresh_search
from practices.models import Favourite, Practice, StepKind

ENTRIES = 40
PW = "practice-kindly"


@pytest.fixture(autouse=True)
def _as_in_development(settings):
    """seed_demo is for `make run`, where DEBUG is on (tests run with it off)."""
    settings.DEBUG = True


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **{"entries": ENTRIES, **options})
    return out.getvalue()


def demo():
    return get_user_model().objects.get(username="demo")


def journal_of(person) -> list[tuple]:
    """Everything a person wrote, in a form to compare between two seeds."""
    entries = Entry.objects.filter(user=person).order_by("created_at", "title")
    return [
        (entry.title, entry.body, entry.feeling, entry.search_text, entry.deleted_at is None)
        for entry in entries
    ]


@pytest.fixture
def seeded(library):
    output = seed()
    return demo(), output


def test_seed_demo_makes_the_demo_person_with_the_entries_asked_for(seeded):
    person, output = seeded
    assert output.strip() == f"Made demo with {ENTRIES} entries; log in as demo / practice-kindly"
    assert person.email == "demo@example.com"
    assert person.time_zone == "Europe/London"
    entries = Entry.objects.filter(user=person)
    assert entries.count() == ENTRIES
    assert entries.in_trash().count() == 2
    from_runs = entries.filter(run__isnull=False).count()
    assert 0.5 * ENTRIES < from_runs < 0.95 * ENTRIES
    assert entries.filter(run__isnull=True).count() == ENTRIES - from_runs
    assert 3 <= Part.objects.filter(user=person).count() <= 5
    paused = Run.objects.filter(user=person, status=Run.Status.PAUSED)
    # Two practices under way, each once: Begin resumes a practice's one unfinished run.
    assert paused.count() == 2
    assert paused.values("practice").distinct().count() == 2
    assert not Run.objects.filter(user=person, status=Run.Status.PAUSED, entry__isnull=False)
    assert 1 <= EntryNote.objects.filter(entry__user=person).count() <= 5
    assert Tag.objects.filter(user=person, entries__isnull=False).exists()


def test_the_demo_has_daily_check_ins_with_gaps_and_a_few_favourites(seeded, client):
    person, _ = seeded
    check_ins = CheckIn.objects.filter(user=person)
    # Most of the last 61 days, not all of them: a gap is a gap.
    assert 25 < check_ins.count() < 61
    assert all(0 <= check_in.how_i_am <= 10 for check_in in check_ins)
    assert check_ins.exclude(words=[]).exists()
    assert Favourite.objects.filter(user=person).count() == 3
    client.force_login(person)
    page = client.get("/progress/?range=90").content.decode()
    assert "How you've been" in page
    assert "No daily check-ins in this range" not in page


def test_without_reset_an_existing_demo_is_left_as_it_is(seeded):
    person, _ = seeded
    before = list(Entry.objects.filter(user=person).values_list("pk", flat=True))
    output = seed(entries=5)
    assert "demo already exists, so nothing changed" in output
    assert demo().pk == person.pk
    assert list(Entry.objects.filter(user=person).values_list("pk", flat=True)) == before


def test_reset_deletes_the_demo_and_makes_them_again(seeded):
    person, _ = seeded
    old_entries = list(Entry.objects.filter(user=person).values_list("pk", flat=True))
    output = seed(entries=12, reset=True)
    assert output.strip() == "Made demo with 12 entries; log in as demo / practice-kindly"
    again = demo()
    assert again.pk != person.pk
    assert Entry.objects.filter(user=again).count() == 12
    assert not Entry.objects.filter(pk__in=old_entries).exists()
    assert not Run.objects.filter(user_id=person.pk).exists()


def test_the_same_seed_makes_the_same_journal_and_another_seed_another(library):
    seed(seed=5)
    first = journal_of(demo())
    seed(seed=5, reset=True)
    assert journal_of(demo()) == first
    seed(seed=6, reset=True)
    assert journal_of(demo()) != first


def test_a_username_and_password_of_ones_own(library, client):
    output = seed(username="river", password="slow-water-41", entries=3)
    assert output.strip() == "Made river with 3 entries; log in as river / slow-water-41"
    assert client.login(username="river", password="slow-water-41")


def test_the_demo_can_log_in(seeded, client):
    assert client.login(username="demo", password="practice-kindly")
    assert not client.login(username="demo", password="wrong-password-here")


def test_every_entry_is_searchable_as_refresh_search_would_make_it(seeded):
    person, _ = seeded
    for entry in Entry.objects.filter(user=person):
        copy = Entry.objects.get(pk=entry.pk)
        refresh_search(copy)
        assert entry.search_text, entry.pk
        assert copy.search_text == entry.search_text, entry.pk
        assert copy.preview == entry.preview, entry.pk


def test_a_finished_run_has_an_answer_for_each_step_but_the_read_ones(seeded):
    person, _ = seeded
    runs = Run.objects.filter(user=person, status=Run.Status.FINISHED).select_related(
        "practice", "entry"
    )
    assert runs
    for run in runs:
        steps = list(run.practice.steps.all())
        answers = list(run.answers.order_by("position"))
        assert [answer.step_key for answer in answers] == [
            step.key for step in steps if step.kind != StepKind.READ
        ]
        for step, answer in zip(
            [step for step in steps if step.kind != StepKind.READ], answers, strict=True
        ):
            snapshot = (step.position, step.kind, step.title, step.prompt, step.low, step.high)
            assert snapshot == (
                answer.position,
                answer.kind,
                answer.step_title,
                answer.prompt,
                answer.low,
                answer.high,
            )
            if answer.skipped or step.kind == StepKind.TIMER:
                assert not answer.has_content
            elif step.kind == StepKind.WRITE:
                assert answer.text.strip()
            elif step.kind == StepKind.RATE:
                assert 0 <= answer.rating <= 10
            elif step.kind == StepKind.CHOOSE:
                assert answer.choices
                assert set(answer.choices) <= set(step.options)
            elif step.kind == StepKind.PART:
                assert answer.part.user == person
                assert answer.part_name == answer.part.name
        assert run.entry.title == run.practice.title
        assert run.entry.created_at == run.finished_at
        assert run.practice_version == run.practice.version
        rise = run.distress_after - run.distress_before
        assert run.hard_moment == (run.stirred_up or rise >= HARD_MOMENT_RISE)
        assert run.feeling_before
        assert run.feeling_after


def test_runs_are_of_self_guided_library_practices(seeded):
    person, _ = seeded
    used = Practice.objects.filter(runs__user=person).distinct()
    assert set(used) <= set(Practice.objects.for_library())


def test_every_date_is_in_the_past_at_an_everyday_hour_in_london(seeded):
    person, _ = seeded
    now = timezone.now()
    london = ZoneInfo("Europe/London")
    for entry in Entry.objects.filter(user=person):
        assert entry.created_at < now
        assert entry.updated_at == entry.created_at
        assert 7 <= entry.created_at.astimezone(london).hour <= 22
        if entry.deleted_at:
            assert entry.created_at < entry.deleted_at < now
    for run in Run.objects.filter(user=person):
        assert run.started_at < now
        if run.finished_at:
            assert run.started_at < run.finished_at < now
    for note in EntryNote.objects.filter(entry__user=person).select_related("entry"):
        assert note.entry.created_at < note.created_at < now
    assert Answer.objects.filter(run__user=person).exists()


def test_no_entries_at_all_is_fine(library):
    output = seed(entries=0)
    assert output.strip() == "Made demo with 0 entries; log in as demo / practice-kindly"
    assert not Entry.objects.filter(user=demo()).exists()


def test_without_the_library_it_says_what_to_run_first(db):
    with pytest.raises(CommandError, match="sync_practices"):
        seed()
    assert not get_user_model().objects.filter(username="demo").exists()


def test_the_public_demo_password_is_refused_when_debug_is_off(library, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="the demo password is public"):
        call_command("seed_demo", entries=1, stdout=io.StringIO())
    assert not get_user_model().objects.exists()
    call_command("seed_demo", entries=1, password="a-private-one-9", stdout=io.StringIO())
    assert get_user_model().objects.get().check_password("a-private-one-9")


def therapist_logs_in(client, key=two_factor.DEMO_KEY):
    """The password, then the code an authenticator app with `key` shows now."""
    response = client.post("/accounts/login/", {"username": "demo-therapist", "password": PW})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/code/")
    totp = TOTP(unhexlify(two_factor.hex_key(key)))
    totp.time = time.time()
    return client.post("/accounts/login/code/", {"code": f"{totp.token():06d}"})


def test_with_therapist_the_demo_has_a_linked_therapist_with_homework_and_a_share(library, client):
    output = seed(with_therapist=True)
    assert "log in as demo-therapist / practice-kindly" in output
    assert f"for the key {two_factor.DEMO_KEY}" in output
    therapist = get_user_model().objects.get(username="demo-therapist")
    assert therapist.therapist_mode
    assert therapist.client_links.get().client == demo()
    assert therapist.assignments_given.count() == 4  # a weekly practice and a series of 3
    assert Entry.objects.filter(user=demo(), shares__therapist=therapist).count() == 1
    assert therapist_logs_in(client).status_code == 302
    assert "demo" in client.get("/care/").content.decode()
    seed(with_therapist=True, reset=True)  # makes both again, without a clash
    assert get_user_model().objects.filter(username="demo-therapist").count() == 1


def test_the_demo_therapist_needs_two_factor_like_every_therapist(library, client):
    seed(with_therapist=True)
    therapist = get_user_model().objects.get(username="demo-therapist")
    assert has_two_factor(therapist)
    # The password alone is not enough: it asks for the code, and nothing private opens.
    client.post("/accounts/login/", {"username": "demo-therapist", "password": PW})
    assert client.get("/care/").status_code == 404
    assert therapist_logs_in(client).status_code == 302
    assert client.get("/care/").status_code == 200


def test_demo_code_prints_the_code_the_demo_therapist_logs_in_with(library, client):
    seed(with_therapist=True)
    out = io.StringIO()
    call_command("demo_code", stdout=out)
    code = out.getvalue().split()[0]
    client.post("/accounts/login/", {"username": "demo-therapist", "password": PW})
    assert client.post("/accounts/login/code/", {"code": code}).status_code == 302
    assert client.get("/care/").status_code == 200


def test_the_public_demo_key_is_refused_when_debug_is_off(library, settings, client):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="two-factor key is public"):
        seed(with_therapist=True, password="a-private-one-9")
    assert not get_user_model().objects.exists()
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("demo_code", stdout=io.StringIO())
    with pytest.raises(CommandError, match="base32"):
        seed(with_therapist=True, password="a-private-one-9", two_factor_key="not a key!")
    own_key = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    seed(with_therapist=True, password="a-private-one-9", two_factor_key=own_key)
    assert has_two_factor(get_user_model().objects.get(username="demo-therapist"))

    # A database seeded in development and then served with DEBUG off: the public key's
    # codes never let anyone in.
    settings.DEBUG = True
    seed(with_therapist=True, reset=True)
    settings.DEBUG = False
    response = therapist_logs_in(client)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.get("/care/").status_code == 404


def test_the_demo_homework_counts_only_runs_of_its_practice_within_its_weeks(library):
    seed(with_therapist=True)
    person = demo()
    therapist = get_user_model().objects.get(username="demo-therapist")
    today = timezone.localdate(timezone=ZoneInfo("Europe/London"))
    counted = Run.objects.filter(assignment__therapist=therapist).select_related("assignment")
    assert counted.count() == 3
    for run in counted:
        assert run.practice_id == run.assignment.practice_id
        done_on = timezone.localdate(run.finished_at, timezone=ZoneInfo("Europe/London"))
        assert run.assignment.starts_on <= done_on < today
        assert run.status == Run.Status.FINISHED
        assert run.entry.created_at == run.finished_at
    weekly = therapist.assignments_given.get(series__isnull=True)
    # The series begins today and nothing of it is done yet.
    assert not Run.objects.filter(assignment__series__isnull=False).exists()
    # The shared entry is homework, and the therapist's overview names it truly.
    shared = Entry.objects.get(user=person, shares__therapist=therapist)
    assert shared.run.assignment == weekly
    rows = care.overview(therapist)
    assert rows[0].link.last_title == weekly.practice.title
    page = care.client_page(therapist, rows[0].link)
    assert care.progress_text(weekly, page.dues[weekly.pk], set()) == "Done 3 of 12 so far."
    # Nothing charted before the link or the homework began.
    assert all(bar.done == 0 or bar.monday >= weekly.starts_on for bar in page.weeks)
