"""What a person reads says each thing once, and never shows a blank as a word."""

import re
from datetime import UTC, datetime
from types import SimpleNamespace

import time_machine
from django.template.loader import render_to_string

from journal.models import Entry
from journal.search import search_fields
from journal.views.runs import build_form
from practices.models import Practice, Step, StepKind
from tests.journal.conftest import post_step, step

CHOOSE_ANY = re.compile(r"(choose|pick) any", re.IGNORECASE)


def legend_of(step_object) -> str:
    html = render_to_string(
        "journal/steps/choose.html",
        {"step": step_object, "form": build_form(step_object, None, [], answer=None)},
    )
    legend = re.search(r"<legend>(.*?)</legend>", html, re.DOTALL).group(1)
    return re.sub(r"<[^>]+>", "", legend)


def test_every_choose_step_that_takes_several_choices_says_so_exactly_once(library):
    steps = Step.objects.filter(kind=StepKind.CHOOSE, multiple=True).select_related("practice")
    assert steps.count() >= 10
    for choose_step in steps:
        legend = legend_of(choose_step)
        assert len(CHOOSE_ANY.findall(legend)) == 1, (choose_step, legend)


def test_a_choose_step_whose_prompt_does_not_say_so_gets_the_hint(library):
    choose_step = Step(
        practice=Practice.objects.first(),
        key="feel",
        position=1,
        kind=StepKind.CHOOSE,
        title="Feelings",
        prompt="How do you feel?",
        options=["calm", "curious"],
        multiple=True,
    )
    assert " ".join(legend_of(choose_step).split()) == "How do you feel? (choose any that fit)"


def test_the_ifs_feeling_step_reads_choose_any_that_fit_once(robin_client, begin):
    run = begin(robin_client, "ifs-parts-check-in")
    html = robin_client.get(step(run, "feeling")).content.decode()
    assert "Choose any that fit." in html
    assert "(choose any that fit)" not in html


def finish_soothing_touch(client, begin, *, choices, reflection=""):
    run = begin(client, "msc-soothing-touch")
    post_step(client, run, "check-in", action="skip")
    for key in ("welcome", "try"):
        post_step(client, run, key)
    post_step(client, run, "which", choices=choices)
    for key in ("rest", "settled"):
        post_step(client, run, key, action="skip")
    post_step(client, run, "reflect", text=reflection, action="next" if reflection else "skip")
    response = post_step(client, run, "check-out", distress="2", feeling="warmer")
    assert response.status_code == 303, response
    return Entry.objects.get(run=run)


def test_a_month_later_the_revisit_shows_the_words_written_not_the_options_run_together(
    robin_client, begin
):
    with time_machine.travel(datetime(2026, 1, 10, 15, 0, tzinfo=UTC), tick=False):
        finish_soothing_touch(
            robin_client,
            begin,
            choices=["Giving myself a hug", "None of them, yet"],
            reflection="My shoulders dropped a little.",
        )
    with time_machine.travel(datetime(2026, 2, 10, 15, 0, tzinfo=UTC), tick=False):
        html = robin_client.get("/journal/").content.decode()
    revisit = html.split('id="revisit-heading"', 1)[1].split("</section>", 1)[0]
    assert "My shoulders dropped a little." in revisit
    assert "Giving myself a hug None of them" not in html


def test_options_alone_read_as_a_list_in_the_journal_never_run_together(robin_client, begin):
    entry = finish_soothing_touch(
        robin_client, begin, choices=["One hand on my heart", "Holding my own hand"]
    )
    assert entry.preview == "One hand on my heart; Holding my own hand"


def test_a_missing_answer_is_never_shown_as_the_word_none():
    answers = [
        SimpleNamespace(text=None, part_name=None, choices=[None, "", "  "]),
        SimpleNamespace(text="", part_name="", choices=None),
        SimpleNamespace(text=None, part_name="The Worrier", choices=[]),
    ]
    fields = search_fields(body="", feelings=[None, ""], answers=answers)
    assert "None" not in fields["search_text"] and "None" not in fields["preview"]
    assert fields["preview"] == "The Worrier"
