"""A step reads its run, its practice and its answers through a query written out in SQL
(journal.queries.read_run), and saves its answer and moves its run through written-out
UPDATEs (journal.services): they must give what the ORM gives, field for field, on SQLite and
PostgreSQL alike, and a changed practice must show at once."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from journal import queries, services
from journal.models import Answer, Run
from practices.models import Practice
from tests.factories import AnswerFactory, PartFactory, RunFactory
from tests.journal.conftest import step


def fields_of(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def asked_by(person):
    request = RequestFactory().get("/")
    request.user = person
    return request


@pytest.fixture
def full_run(library, practitioner, therapist):
    """A finished run with every kind of field filled: a chosen length, homework, check-in
    and -out, moments with microseconds, and answers with text, a rating, choices and a part."""
    from tests.conftest import link, set_homework

    link(therapist, practitioner)
    homework = set_homework(therapist, practitioner, "cft-soothing-rhythm-breathing")
    run = RunFactory(
        user=practitioner,
        practice=homework.practice,
        assignment=homework,
        variant="short",
        finished=True,
        distress_before=7,
        feeling_before="tight",
        distress_after=4,
        feeling_after="a bit lighter",
        stirred_up=True,
        hard_moment=True,
        started_at=timezone.now() - timedelta(minutes=9, microseconds=123_457),
    )
    part = PartFactory(user=practitioner, name="The Worrier")
    AnswerFactory(run=run, step_key="a", text="Words, with a 'quote' and ünïcode.")
    AnswerFactory(run=run, step_key="b", rating=0, skipped=True, revision=3)
    AnswerFactory(run=run, step_key="c", choices=["slower", "kinder"], part=part, part_name="x")
    AnswerFactory(run=run, step_key="d", replaced_text="older words", saved_by_tab="tab-12345")
    return run


@pytest.mark.parametrize(
    ("with_answers", "for_update"), [(False, False), (True, False), (True, True)]
)
def test_a_run_and_its_practice_are_read_as_the_orm_reads_them(
    full_run, practitioner, for_update, with_answers
):
    request = asked_by(practitioner)
    with transaction.atomic():
        if with_answers:
            run, _ = queries.get_run_and_answers_for_user(
                request, full_run.pk, for_update=for_update
            )
        else:
            run = queries.get_run_for_user(request, full_run.pk)
    expected = Run.objects.select_related("practice").get(pk=full_run.pk)
    assert fields_of(run) == fields_of(expected)
    assert fields_of(run.practice) == fields_of(expected.practice)
    assert run.chosen_variant == expected.chosen_variant is not None
    assert run.user is practitioner


@pytest.mark.parametrize("for_update", [False, True])
def test_a_runs_answers_are_read_as_the_orm_reads_them(full_run, practitioner, for_update):
    """With the run in one query, or (read locked, on PostgreSQL) in a statement after it."""
    with transaction.atomic():
        run, answers = queries.get_run_and_answers_for_user(
            asked_by(practitioner), full_run.pk, for_update=for_update
        )
    assert all(answer.run is run for answer in answers.values())
    assert sorted(answers) == ["a", "b", "c", "d"]
    for answer in Answer.objects.filter(run=full_run):
        assert fields_of(answers[answer.step_key]) == fields_of(answer)


def test_a_run_without_answers_is_read_with_none(robin_client, begin, practitioner):
    run = begin(robin_client)
    found, answers = queries.get_run_and_answers_for_user(asked_by(practitioner), run.pk)
    assert (found.pk, answers) == (run.pk, {})


def test_nobody_else_reads_the_run(full_run, stranger):
    with pytest.raises(Http404):
        queries.get_run_for_user(asked_by(stranger), full_run.pk)
    with pytest.raises(Http404):
        queries.get_run_and_answers_for_user(asked_by(stranger), full_run.pk)


def test_a_step_shows_its_practice_as_last_saved(robin_client, begin):
    """The practice is kept by each process for its saved state: a save (here a new title)
    shows on the very next step, and a kept copy changed by one page never reaches another."""
    run = begin(robin_client)
    assert "A self-compassion break" in robin_client.get(step(run, "difficulty")).content.decode()
    practice = Practice.objects.get(pk=run.practice_id)
    practice.title = "A Kind Pause"
    practice.save()
    html = robin_client.get(step(run, "difficulty")).content.decode()
    assert "A Kind Pause" in html and "A self-compassion break" not in html

    request = asked_by(run.user)
    queries.get_run_for_user(request, run.pk).practice.title = "Changed in memory only"
    assert queries.get_run_for_user(request, run.pk).practice.title == "A Kind Pause"


def test_a_paused_run_moved_to_a_step_is_under_way_there_and_stamped(robin_client, begin):
    run = begin(robin_client)
    services.pause_run(run, "welcome")
    paused_at = Run.objects.get(pk=run.pk).updated_at
    services.move_run(run, "notice")
    moved = Run.objects.get(pk=run.pk)
    assert (moved.current_step, moved.status) == ("notice", Run.Status.IN_PROGRESS)
    assert moved.updated_at == run.updated_at > paused_at


def test_an_answer_saved_again_keeps_every_column_as_the_orm_would(full_run, practitioner):
    """journal.services.save_again writes out the UPDATE of an answer saved before: each value
    as the ORM prepares it (JSON, a part, true or false, the moment), and updated_at stamped."""
    answer = Answer.objects.get(run=full_run, step_key="c")
    before = answer.updated_at
    part = PartFactory(user=practitioner, name="The Protector")
    changes = {
        "text": "Now with words, 'quoted' and ünïcode",
        "rating": 10,
        "choices": ["kinder", {"odd": [1, None]}],
        "part": part,
        "part_name": part.name,
        "skipped": True,
        "revision": 7,
        "replaced_text": "",
        "saved_by_tab": "tab-67890",
        "prompt": "A new prompt",
    }
    for name, value in changes.items():
        setattr(answer, name, value)
    services.save_again(answer)
    saved = Answer.objects.get(pk=answer.pk)
    assert fields_of(saved) == fields_of(answer)
    assert saved.part == part and saved.choices == ["kinder", {"odd": [1, None]}]
    assert saved.updated_at > before

    Answer.objects.filter(pk=answer.pk).delete()  # gone: saved again, it is made again
    services.save_again(answer)
    assert fields_of(Answer.objects.get(pk=answer.pk)) == fields_of(answer)
