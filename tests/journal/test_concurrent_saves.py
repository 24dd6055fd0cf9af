"""Saves that land together never lose words or leak them.

Each race here runs for real: threads with their own database connections, released together
by a barrier, on SQLite and on PostgreSQL. And when a save does fail in the database, the
person gets their words back with a calm page, and the log gets no database details."""

import logging
import threading
import time

import pytest
from django.db import IntegrityError, OperationalError, connection, transaction

from journal import services
from journal.models import Answer, Entry, EntryNote, Run, Tag
from practices.models import Practice
from tests.conftest import write_entry
from tests.journal.conftest import post_step

TOGETHER = 4


def all_at_once(*jobs):
    """Run the jobs in threads released at the same moment; return what each returned or
    raised."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def no_errors(results):
    errors = [result for result in results if isinstance(result, Exception)]
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
def test_new_entries_with_the_same_new_tag_at_once_all_save_with_one_tag(practitioner):
    def write(number):
        return lambda: services.create_entry(
            practitioner,
            title=f"Night {number}",
            body="Couldn't sleep.",
            feeling=None,
            tags=["Sleep", "night"],
        )

    no_errors(all_at_once(*(write(number) for number in range(TOGETHER))))
    assert Entry.objects.filter(user=practitioner).count() == TOGETHER
    assert sorted(Tag.objects.filter(user=practitioner).values_list("name", flat=True)) == [
        "Sleep",
        "night",
    ]
    for entry in Entry.objects.all():
        assert sorted(tag.name for tag in entry.tags.all()) == ["Sleep", "night"]


@pytest.mark.django_db(transaction=True)
def test_the_same_new_entry_sent_twice_at_once_is_one_entry(practitioner):
    def send():
        return services.create_entry(
            practitioner,
            title="Once",
            body="Pressed Save twice.",
            feeling=None,
            tags=["x"],
            submission="a" * 32,
        )

    results = all_at_once(send, send)
    no_errors(results)
    assert Entry.objects.filter(user=practitioner).count() == 1
    assert results[0].pk == results[1].pk


@pytest.mark.django_db(transaction=True)
def test_a_next_and_a_draft_save_landing_together_both_save_and_one_answer_stays(
    practitioner, library
):
    from practices.models import Practice

    practice = Practice.objects.get(slug="msc-self-compassion-break")
    run = services.start_run(practitioner, practice)
    step = practice.steps.get(key="difficulty")

    def save(text):
        return lambda: services.save_answer(run, step, {"text": text}, seen_revision=None)

    no_errors(all_at_once(save("From Next"), save("From the draft save")))
    answer = Answer.objects.get(run=run, step_key="difficulty")
    assert answer.text in {"From Next", "From the draft save"}
    assert answer.revision == 2


@pytest.mark.django_db(transaction=True)
def test_finish_pressed_twice_at_once_makes_one_entry(practitioner, library):
    from practices.models import Practice

    run = services.start_run(practitioner, Practice.objects.get(slug="msc-self-compassion-break"))

    def finish():
        return services.finish_run(Run.objects.get(pk=run.pk))

    results = all_at_once(finish, finish)
    no_errors(results)
    assert Entry.objects.filter(run=run).count() == 1
    assert results[0].pk == results[1].pk


def test_two_identical_posts_of_a_new_entry_make_one_entry(robin_client, practitioner):
    page = robin_client.get("/journal/new/").content.decode()
    mark = page.split('name="submission" value="')[1].split('"')[0]
    sent = {"submission": mark, "title": "Twice", "body": "One press too many."}
    first = robin_client.post("/journal/new/", sent)
    second = robin_client.post("/journal/new/", sent)
    entry = Entry.objects.get(user=practitioner)
    assert first["Location"] == second["Location"] == f"/journal/entries/{entry.pk}/"
    assert robin_client.get("/journal/new/").content.decode().count(mark) == 0  # a new mark


def test_two_identical_posts_of_a_note_add_one_note(robin_client, practitioner):
    entry = write_entry(practitioner, "Then.")
    page = robin_client.get(f"/journal/entries/{entry.pk}/").content.decode()
    mark = page.split('name="submission" value="')[1].split('"')[0]
    for _ in range(2):
        robin_client.post(
            f"/journal/entries/{entry.pk}/notes/", {"submission": mark, "text": "Now."}
        )
    assert EntryNote.objects.filter(entry=entry).count() == 1


# When the database fails anyway ------------------------------------------------------------


def test_a_save_the_database_refuses_gives_the_words_back_calmly_and_saves_nothing(
    robin_client, practitioner, monkeypatch
):
    def busy(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "create_entry", busy)
    words = "A long evening of writing I would hate to lose."
    response = robin_client.post("/journal/new/", {"title": "Late", "body": words})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "We couldn't save that just now" in html
    assert f"{words}</textarea>" in html
    assert f'name="body" value="{words}"' in html  # Try again sends it all once more
    assert not Entry.objects.exists()

    monkeypatch.undo()
    robin_client.post("/journal/new/", {"title": "Late", "body": words})
    assert Entry.objects.get(user=practitioner).body == words


def refusing(statement: str):
    """The database refusing every statement that begins with `statement`, as a busy SQLite or
    a restarting PostgreSQL refuses a write (the statement is never sent)."""

    def refuse(execute, sql, params, many, context):
        if sql.startswith(statement):
            raise OperationalError("database is locked")
        return execute(sql, params, many, context)

    return connection.execute_wrapper(refuse)


def test_a_step_the_database_refuses_answers_503_with_the_words_and_saves_nothing(
    robin_client, begin
):
    run = begin(robin_client)
    with refusing('INSERT INTO "journal_answer"'):
        response = post_step(robin_client, run, "difficulty", htmx=True, text="Still here")
    assert response.status_code == 503
    assert "Still here</textarea>" in response.content.decode()
    assert not Answer.objects.exists()


def test_a_step_whose_move_fails_keeps_neither_half_and_next_again_saves_it(robin_client, begin):
    """The answer is saved and the run moved in one transaction: when moving fails, the words
    are not half-kept (saved, with the run still showing the step before); they come back to
    the writer, and pressing Next again saves them and moves on."""
    run = begin(robin_client)
    post_step(robin_client, run, "check-in", distress="5", feeling="tired")
    run.refresh_from_db()
    assert run.current_step == "welcome"

    with refusing('UPDATE "journal_run"'):
        response = post_step(robin_client, run, "difficulty", htmx=True, text="Still here")
    assert response.status_code == 503
    assert "Still here</textarea>" in response.content.decode()
    assert not Answer.objects.filter(run=run, step_key="difficulty").exists()
    run.refresh_from_db()
    assert run.current_step == "welcome"

    response = post_step(robin_client, run, "difficulty", htmx=True, text="Still here")
    assert response.status_code == 200
    assert Answer.objects.get(run=run, step_key="difficulty").text == "Still here"
    run.refresh_from_db()
    assert run.current_step == "how-much"


def test_a_database_error_reaches_the_log_without_what_it_quoted(practitioner, caplog):
    """PostgreSQL quotes the refused row in its message (DETAIL: Key (…)=(…)); SQLite names
    only the constraint. Either way the log line carries the kind of error alone."""
    Tag.objects.create(user=practitioner, name="my-secret-tag")
    try:
        with transaction.atomic():
            Tag.objects.create(user=practitioner, name="MY-SECRET-TAG")
    except IntegrityError as error:
        refused = error
    quoted = "duplicate key\nDETAIL:  Key (name)=(my-secret-tag)"  # as PostgreSQL says it
    with caplog.at_level(logging.ERROR):
        try:
            raise IntegrityError(quoted) from refused
        except IntegrityError:
            logging.getLogger("django.request").exception("Internal Server Error: /journal/new/")
    logged = "\n".join(
        handler.format(record)
        for record in caplog.records
        for handler in logging.getLogger().handlers
        if all(f.filter(record) for f in handler.filters)
    )
    assert "Internal Server Error: /journal/new/" in logged
    assert "IntegrityError: details hidden" in logged
    assert "secret" not in logged.lower()


@pytest.mark.django_db(transaction=True)
def test_begin_pressed_twice_at_once_makes_one_run(practitioner, library):
    practice = Practice.objects.get(slug="msc-self-compassion-break")
    results = all_at_once(
        *(lambda: services.begin_practice(practitioner, practice) for _ in range(TOGETHER))
    )
    no_errors(results)
    assert Run.objects.filter(user=practitioner).count() == 1
    assert len({run.pk for run, _ in results}) == 1
    assert sum(began for _, began in results) == 1


# One step, one commit ----------------------------------------------------------------------


def statements(queries, word: str) -> int:
    return sum(query["sql"].split(maxsplit=1)[0].upper() == word for query in queries)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("htmx", [True, False])
def test_a_step_saves_its_answer_and_moves_the_run_in_one_commit(
    client, practitioner, library, htmx
):
    from django.test.utils import CaptureQueriesContext

    client.force_login(practitioner)
    client.post("/journal/runs/start/msc-self-compassion-break/")
    run = Run.objects.get(user=practitioner)
    post_step(client, run, "check-in", distress="5", feeling="tired")
    with CaptureQueriesContext(connection) as queries:
        response = post_step(client, run, "difficulty", htmx, text="A long day.")
    assert response.status_code == (200 if htmx else 303)
    assert statements(queries, "BEGIN") == 1
    assert statements(queries, "COMMIT") == 1
    assert statements(queries, "SAVEPOINT") == 0
    assert Answer.objects.get(run=run, step_key="difficulty").text == "A long day."
    run.refresh_from_db()
    assert run.current_step == "how-much"


TAB_ONE, TAB_TWO = "tab-one-1a2b3c4d", "tab-two-5e6f7a8b"


def until_another_save_waits() -> None:
    """Hold on (inside a transaction that holds a run's lock) until another connection is
    waiting for a lock this one holds: on PostgreSQL, asked of pg_blocking_pids (so no other
    test's waits, on the same server, count); on SQLite, whose transactions wait for the
    database's write lock as they begin, for half a second."""
    if connection.vendor != "postgresql":
        time.sleep(0.5)
        return
    for _ in range(400):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.025)
    raise AssertionError("nothing waited for the run's lock")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("saved_before", [False, True])
@pytest.mark.parametrize("sent", ["next", "draft"])
def test_a_save_that_waits_for_another_tabs_save_sees_its_words(
    client, practitioner, library, saved_before, sent
):
    """A step's Next (or a draft save) sent while another tab's save holds the run waits for
    it, then reads the answer that save wrote: it saves over that answer rather than making a
    second one (which the database would refuse), and the other tab's words, which this tab
    never saw, come back to be shown: later save wins, nothing lost silently."""
    client.force_login(practitioner)
    client.post("/journal/runs/start/msc-self-compassion-break/")
    run = Run.objects.get(user=practitioner)
    post_step(client, run, "check-in", distress="5", feeling="tired")
    step = run.practice.steps.get(key="difficulty")
    if saved_before:
        services.save_answer(run, step, {"text": "First words."}, seen_revision=0, tab=TAB_ONE)
    seen = Answer.objects.filter(run=run).count()  # the revision this tab last saw
    holding = threading.Event()

    def other_tab_saves():
        try:
            with transaction.atomic():
                services.save_answer(
                    run, step, {"text": "The other tab's words."}, seen_revision=0, tab=TAB_TWO
                )
                holding.set()
                until_another_save_waits()
        finally:
            holding.set()
            connection.close()

    other_tab = threading.Thread(target=other_tab_saves)
    other_tab.start()
    assert holding.wait(timeout=30)
    words = {"text": "This tab's words.", "revision": str(seen), "tab": TAB_ONE}
    if sent == "next":
        response = post_step(client, run, "difficulty", True, **words)
    else:
        url = f"/journal/runs/{run.pk}/steps/difficulty/draft/"
        response = client.post(url, words, headers={"HX-Request": "true"})
    other_tab.join(timeout=60)
    assert response.status_code == 200
    assert "The other tab&#x27;s words." in response.content.decode()
    answer = Answer.objects.get(run=run, step_key="difficulty")
    assert answer.text == "This tab's words."
    assert answer.replaced_text == "The other tab's words."
    assert answer.revision == seen + 2
