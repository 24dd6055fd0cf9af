"""Where a choice leads: branches and endings in practice files, checked as every other field
is, and every permission-like question in the library honouring a "no"."""

import re

import pytest

from practices.library import read_library
from practices.models import END, Practice, way_through
from practices.services import sync_practices
from tests.practices.test_loader import GOOD, as_it_was_before_sources, problems_for, write

BRANCHING = """
slug: asking-first
title: Asking first
modality: ifs
intensity: moderate
minutes: 3
self_guided: true
summary: Ask inside before going on.
why: A part that is asked first often relaxes. A no is honoured.
source: Internal Family Systems - asking permission
sources: [{author: Richard Schwartz, year: 1995, title: Internal Family Systems Therapy}]
steps:
  - {key: welcome, kind: read, title: What this is for, body: We ask first.}
  - key: permission
    kind: choose
    title: Is it okay to go on?
    prompt: Is it okay with your parts to go on?
    options: ["Yes", "Partly", "No, not today"]
    branches:
      "No, not today": not-today
  - {key: meet, kind: write, title: Meet it, prompt: "What do you notice?"}
  - {key: reflect, kind: write, title: Looking back, prompt: "How are you now?"}
  - {key: not-today, kind: read, ending: true, title: Thank it, body: Thank the part that said no.}
"""


def library_with(tmp_path, text: str):
    write(tmp_path, "asking-first.yaml", text)
    return tmp_path


def test_a_file_with_a_branch_to_an_ending_loads_with_its_branch(db, tmp_path):
    sync_practices(library_with(tmp_path, BRANCHING))
    practice = Practice.objects.get(slug="asking-first")
    steps = {step.key: step for step in practice.steps.all()}
    assert steps["permission"].branches == {"No, not today": "not-today"}
    assert steps["not-today"].ending
    assert not steps["meet"].ending and steps["meet"].branches == {}


def test_a_branch_may_lead_straight_to_the_end(db, tmp_path):
    text = BRANCHING.replace('"No, not today": not-today', '"No, not today": end')
    text = text.replace("  - {key: not-today", "  # - {key: not-today")
    (definition,) = read_library(library_with(tmp_path, text))
    assert definition.steps[1]["branches"] == {"No, not today": END}


def test_files_without_branches_load_unchanged_with_the_version_they_had(tmp_path):
    """The fingerprint of a file without branches is what it was before branches existed, so
    a sync after this change leaves such practices (and runs' versions of them) alone."""
    definition = as_it_was_before_sources(GOOD)
    assert definition.version == "500ef3543355"  # as on the release before branches
    assert all("branches" not in step and "ending" not in step for step in definition.steps)


BAD_BRANCHES = {
    "a target that is no step": (
        ('"No, not today": not-today', '"No, not today": nowhere'),
        "asking-first.yaml: steps[2].branches.1.to: 'nowhere' is not the key of a step in "
        "this practice; name a later step's key, or end",
    ),
    "a target before the choice": (
        ('"No, not today": not-today', '"No, not today": welcome'),
        "asking-first.yaml: steps[2].branches.1.to: 'welcome' is not after this step; a choice "
        "can only lead forward, to a later step or to end",
    ),
    "a target that is the choice itself": (
        ('"No, not today": not-today', '"No, not today": permission'),
        "steps[2].branches.1.to: 'permission' is not after this step",
    ),
    "a branch on a step where several are chosen": (
        ('options: ["Yes"', 'multiple: true\n    options: ["Yes"'),
        "asking-first.yaml: steps[2].branches: only a step where one option is chosen can lead "
        "elsewhere; remove multiple: true, or the branches",
    ),
    "an option the step does not offer": (
        ('"No, not today": not-today', '"Maybe later": not-today'),
        "asking-first.yaml: steps[2].branches.1.option: 'Maybe later' is not one of this "
        "step's options",
    ),
    "an option given two branches": (
        ('"No, not today": not-today', '"No, not today": not-today\n      "No, not today": end'),
        "asking-first.yaml: (file): names 'No, not today' twice in one mapping",
    ),
    "branches that are not a mapping": (
        ('branches:\n      "No, not today": not-today', "branches: [not-today]"),
        "steps[2].branches: must map an option to the key of a later step, or to end",
    ),
    "a branch on a step that is not a choice": (
        (
            '{key: meet, kind: write, title: Meet it, prompt: "What do you notice?"}',
            '{key: meet, kind: write, title: Meet it, prompt: "Hm?", branches: {"x": end}}',
        ),
        "steps[3].branches: is not a field of a write step",
    ),
    "an ending no choice leads to": (
        ('"No, not today": not-today', '"No, not today": end'),
        "asking-first.yaml: steps[5].ending: no choice leads to this ending; lead an option "
        "here, or make it a usual step",
    ),
    "an ending before the closing reflection": (
        ("{key: meet, kind: write,", "{key: meet, kind: write, ending: true,"),
        "steps[3].ending: an ending goes after the closing reflection",
    ),
    "an ending that is not true or false": (
        ("ending: true, title: Thank it", "ending: sometimes, title: Thank it"),
        "steps[5].ending: must be true or false",
    ),
}


@pytest.mark.parametrize("case", BAD_BRANCHES, ids=list(BAD_BRANCHES))
def test_a_wrong_branch_stops_the_load_with_a_clear_message(db, tmp_path, case):
    (old, new), expected = BAD_BRANCHES[case]
    assert old in BRANCHING
    message = problems_for(library_with(tmp_path, BRANCHING.replace(old, new)))
    assert expected in message
    assert not Practice.objects.filter(slug="asking-first").exists()


def test_endings_do_not_count_among_the_ten_steps_but_only_two_may_follow(db, tmp_path):
    extra = "".join(
        f'  - {{key: more-{n}, kind: write, title: More, prompt: "More?"}}\n' for n in range(6)
    )
    ten = BRANCHING.replace("  - {key: reflect", extra + "  - {key: reflect")
    ten = ten.replace("minutes: 3", "minutes: 12")  # six more reflections take longer
    assert len(read_library(library_with(tmp_path, ten))[0].steps) == 11
    endings = ten.replace(
        '"No, not today": not-today', '"No, not today": not-today\n      Partly: gently'
    )
    endings += "  - {key: gently, kind: read, ending: true, title: Gently, body: Go gently.}\n"
    endings += "  - {key: third, kind: read, ending: true, title: Third, body: A third.}\n"
    message = problems_for(library_with(tmp_path, endings))
    assert "steps: must have at most 2 endings, not 3" in message


# The library itself ------------------------------------------------------------------------

PERMISSION = re.compile(
    r"permission|okay to go on|are you okay|ready|want to go on|room to go on|willing",
    re.IGNORECASE,
)
A_NO = re.compile(r"^(no|not)\b", re.IGNORECASE)


def permission_questions(practice):
    for step in practice.steps.all():
        if step.kind == "choose" and PERMISSION.search(f"{step.title} {step.prompt}"):
            yield step


def test_every_permission_question_in_the_library_lets_a_no_end_kindly(library):
    """A "no" at any permission-like question leads to an ending (a kind close, then the
    check-out) or to the end, never on to the next step of the practice."""
    found = []
    for practice in Practice.objects.prefetch_related("steps"):
        steps = list(practice.steps.all())
        for step in permission_questions(practice):
            noes = [option for option in step.options if A_NO.search(option)]
            assert noes, f"{practice.slug}/{step.key} asks permission but offers no 'no'"
            assert not step.multiple, f"{practice.slug}/{step.key}"
            for no in noes:
                way = way_through(steps, {step.key: [no]})
                after = way[way.index(step) + 1 :]
                assert all(later.ending for later in after), (practice.slug, step.key, no)
                assert after and after[-1].kind == "read", (practice.slug, step.key, no)
                found.append(f"{practice.slug}/{step.key}")
    assert "ifs-meeting-an-exile/permission" in found
    assert "ifs-getting-to-know-a-part/if-not-curious" in found


def test_the_protectors_no_leads_to_thanks_and_the_next_session(library):
    practice = Practice.objects.get(slug="ifs-meeting-an-exile")
    steps = list(practice.steps.all())
    way = [step.key for step in way_through(steps, {"permission": ["No, not today"]})]
    assert way == ["welcome", "ground", "protectors", "permission", "not-today"]
    close = practice.steps.get(key="not-today")
    assert "thank" in close.body.lower() and "next session" in close.body
    yes = [step.key for step in way_through(steps, {"permission": ["Yes, they're okay with it"]})]
    assert yes[4:] == ["exile", "meet-slowly", "witness", "comfort", "return", "reflect"]
    # The young part's step no longer has to say "if you're going on".
    assert "If a protector said no" not in practice.steps.get(key="meet-slowly").body


def test_a_step_that_follows_a_no_never_asks_to_carry_on(library):
    """No step right after a permission question speaks to someone who said no."""
    for practice in Practice.objects.prefetch_related("steps"):
        for step in practice.steps.all():
            text = f"{step.body} {step.prompt}"
            assert "said no, please stop" not in text, practice.slug
            assert not text.lstrip().startswith("If you're going on"), practice.slug
