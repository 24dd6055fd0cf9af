"""An option that goes on its own ("None of these right now") in practice files: checked as
every other field is, and named on every library step that has such an option."""

import re

import pytest

from practices.library import read_library
from practices.models import Practice
from practices.services import sync_practices
from tests.practices.test_loader import GOOD, as_it_was_before_sources, problems_for, write

CHECK_IN = """
slug: which-are-here
title: Which are here
modality: ifs
intensity: gentle
minutes: 2
self_guided: true
summary: Notice which qualities are here today.
why: Noticing what is already here helps it grow. Nothing has to be there.
source: Internal Family Systems - the 8 Cs
sources: [{author: Richard Schwartz, year: 1995, title: Internal Family Systems Therapy}]
steps:
  - {key: welcome, kind: read, title: What this is for, body: A short check-in.}
  - key: cs
    kind: choose
    title: Which are here
    prompt: Which of these can you sense in you right now?
    multiple: true
    options: [Calm, Curiosity, Compassion, None of these right now]
    on_its_own: "None of these right now"
  - {key: how-much, kind: rate, title: How much, prompt: "How present?", low: not at all, high: fully}
  - {key: reflect, kind: write, title: Looking back, prompt: "What did you notice?"}
"""


def library_with(tmp_path, text: str):
    write(tmp_path, "which-are-here.yaml", text)
    return tmp_path


def test_a_file_naming_an_option_on_its_own_loads_with_it(db, tmp_path):
    sync_practices(library_with(tmp_path, CHECK_IN))
    steps = {step.key: step for step in Practice.objects.get(slug="which-are-here").steps.all()}
    assert steps["cs"].on_its_own == "None of these right now"
    assert steps["how-much"].on_its_own == ""


def test_files_without_it_load_with_the_version_they_had(tmp_path):
    """A file that doesn't name one keeps the fingerprint it had before the field existed, so
    a sync after this change leaves such practices (and runs' versions of them) alone."""
    definition = as_it_was_before_sources(GOOD)
    assert definition.version == "500ef3543355"  # as on the release before branches
    assert all("on_its_own" not in step for step in definition.steps)


def test_naming_it_changes_the_version(tmp_path):
    (named,) = read_library(library_with(tmp_path, CHECK_IN))
    without = CHECK_IN.replace('    on_its_own: "None of these right now"\n', "")
    (unnamed,) = read_library(library_with(tmp_path, without))
    assert named.version != unnamed.version


BAD = {
    "an option the step doesn't offer": (
        'on_its_own: "None of these right now"',
        'on_its_own: "Nothing at all"',
        "which-are-here.yaml: steps[2].on_its_own: 'Nothing at all' is not one of this step's "
        "options",
    ),
    "a step where one option is chosen": (
        "    multiple: true\n",
        "",
        "which-are-here.yaml: steps[2].on_its_own: only a step where more than one option can "
        "be chosen has one that goes on its own; add multiple: true, or remove on_its_own",
    ),
    "a list instead of one option": (
        'on_its_own: "None of these right now"',
        "on_its_own: [None of these right now, Calm]",
        "steps[2].on_its_own: must be one of this step's options",
    ),
    "a step that is not a choice": (
        "{key: how-much, kind: rate,",
        '{key: how-much, kind: rate, on_its_own: "not at all",',
        "steps[3].on_its_own: is not a field of a rate step",
    ),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_a_wrong_option_on_its_own_stops_the_load_with_a_clear_message(db, tmp_path, case):
    old, new, expected = BAD[case]
    assert old in CHECK_IN
    message = problems_for(library_with(tmp_path, CHECK_IN.replace(old, new)))
    assert expected in message
    assert not Practice.objects.filter(slug="which-are-here").exists()


# The library itself ------------------------------------------------------------------------

# "None of these right now", "None that I can see yet", "Not sure", "I'm not sure yet",
# "Nothing yet", "Not much at all": options that only make sense when chosen alone.
ALONE_KIND = re.compile(
    r"^(none|nothing|neither|not (sure|much|really)|i('m| am) not sure|i don't know)\b",
    re.IGNORECASE,
)


def test_every_library_step_with_a_none_or_not_sure_option_names_it_as_going_on_its_own(
    library,
):
    """Where several options can be chosen, a "none" or "not sure" can't be chosen with
    others, so a new library file can't bring the glitch back."""
    found = []
    for practice in Practice.objects.prefetch_related("steps"):
        for step in practice.steps.all():
            if step.kind != "choose" or not step.multiple:
                continue
            alone = [option for option in step.options if ALONE_KIND.search(option)]
            where = f"{practice.slug}/{step.key}"
            assert len(alone) <= 1, f"{where} has more than one option that goes alone: {alone}"
            if alone:
                assert step.on_its_own == alone[0], f"{where}: name {alone[0]!r} in on_its_own"
                found.append(where)
    assert {
        "ifs-8-cs-check-in/cs",
        "ifs-after-session-check/signs",
        "msc-soothing-touch/which",
        "cft-six-attributes-of-engagement/came-easily",
        "cft-letter-to-the-self-critic/fear",
        "cft-remembering-yourself-compassionate/felt",
        "ifs-getting-to-know-a-part/feel-toward",
        "ifs-unblending/feel-toward",
    } <= set(found)
