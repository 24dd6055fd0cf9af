"""What a person reads says each thing once, and never shows a blank as a word."""

import re

from django.template.loader import render_to_string

from journal.views import build_form
from practices.models import Practice, Step, StepKind
from tests.journal.conftest import step

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
