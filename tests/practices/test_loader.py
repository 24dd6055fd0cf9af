"""Practice files: checked on load, upserted by slug in one transaction, archived not deleted."""

import re
import textwrap
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command

from practices.library import PracticeFileError, check_practice, read_library
from practices.models import Practice, Step
from practices.services import sync_practices

GOOD = """
slug: {slug}
title: A small kindness
modality: cft
skills: [behaviour]
intensity: gentle
minutes: 2
self_guided: true
summary: One small kind act for yourself today.
why: Small acts of care teach the body that it is safe. They add up.
source: Compassion Focused Therapy - the behaviour skill
sources: [{{author: Paul Gilbert, year: 2009, title: The Compassionate Mind}}]
moods: [self-critical]
steps:
  - key: welcome
    kind: read
    title: What this is for
    body: |
      A short practice.

      You can stop any time.
  - {{key: pick, kind: choose, title: Pick one, prompt: "Which feels doable?", options: [rest, water, a walk]}}
  - {{key: how-kind, kind: rate, title: How kind, prompt: "How kind does it feel?", low: not at all, high: very}}
  - {{key: reflect, kind: write, title: Looking back, prompt: "What did you notice?"}}
"""


def as_it_was_before_sources(text: str):
    """The small practice as its file was before sources and checked minutes existed, read by
    the format alone, for tests that its version has not moved since."""
    text = textwrap.dedent(text.format(slug="small-kindness"))
    text = re.sub(r"^sources: .*\n", "", text, flags=re.MULTILINE).replace(
        "minutes: 2", "minutes: 5"
    )
    definition, problems = check_practice("small-kindness.yaml", yaml.safe_load(text))
    assert problems == []
    return definition


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path):
    write(tmp_path, "small-kindness.yaml", GOOD.format(slug="small-kindness"))
    return tmp_path


def problems_for(folder: Path) -> str:
    with pytest.raises(PracticeFileError) as raised:
        read_library(folder)
    return str(raised.value)


def test_the_whole_library_loads_and_has_at_least_40_practices(db):
    report = sync_practices()
    assert len(report.created) >= 40
    assert Practice.objects.count() == len(report.created)


def test_the_library_covers_every_method_and_every_cft_skill(library):
    practices = list(Practice.objects.current())
    assert {practice.modality for practice in practices} == {"cft", "msc", "ifs"}
    cft_skills = {skill for p in practices if p.modality == "cft" for skill in p.skills}
    assert cft_skills == {"attention", "imagery", "reasoning", "behaviour", "feeling", "sensory"}
    exile = Practice.objects.get(slug="ifs-meeting-an-exile")
    assert exile.intensity == "deep"
    assert not exile.self_guided
    assert Practice.objects.filter(audience="helpers").exists()


def test_every_practice_opens_with_its_purpose_and_closes_with_a_reflection(library):
    for practice in Practice.objects.prefetch_related("steps"):
        steps = [step for step in practice.steps.all() if not step.ending]
        assert 4 <= len(steps) <= 10, practice.slug
        assert steps[0].kind == "read", practice.slug
        assert steps[-1].kind == "write", practice.slug
        assert practice.source and practice.why and practice.summary


def test_a_second_sync_changes_nothing(db):
    sync_practices()
    before = list(Step.objects.order_by("pk").values_list("pk", flat=True))
    report = sync_practices()
    assert not report.changed
    assert list(Step.objects.order_by("pk").values_list("pk", flat=True)) == before


def test_the_management_command_reports_what_it_did(db, capsys):
    call_command("sync_practices")
    call_command("sync_practices")
    output = capsys.readouterr().out.splitlines()
    assert output[0].startswith("Practices: ") and "0 updated" in output[0]
    assert output[1].startswith("Lessons: ") and "0 updated" in output[1]
    assert output[2].startswith("Paths: ") and "0 updated" in output[2]
    assert output[3].startswith("Practices: 0 new, 0 updated")
    assert output[4].startswith("Lessons: 0 new, 0 updated")
    assert output[5].startswith("Paths: 0 new, 0 updated")


def test_a_changed_file_updates_its_practice_and_version(db, folder):
    sync_practices(folder)
    practice = Practice.objects.get(slug="small-kindness")
    old_version = practice.version
    text = GOOD.format(slug="small-kindness").replace("A small kindness", "One small kindness")
    write(folder, "small-kindness.yaml", text)
    report = sync_practices(folder)
    assert report.updated == ["small-kindness"]
    practice.refresh_from_db()
    assert practice.title == "One small kindness"
    assert practice.version != old_version


def test_a_removed_file_archives_its_practice_and_a_returning_one_is_restored(db, folder):
    sync_practices(folder)
    (folder / "small-kindness.yaml").rename(folder / "small-kindness.txt")
    report = sync_practices(folder)
    assert report.archived == ["small-kindness"]
    practice = Practice.objects.get(slug="small-kindness")
    assert practice.is_archived
    assert practice.steps.count() == 4
    assert not Practice.objects.for_library().filter(slug="small-kindness").exists()
    (folder / "small-kindness.txt").rename(folder / "small-kindness.yaml")
    sync_practices(folder)
    practice.refresh_from_db()
    assert not practice.is_archived


BAD_CASES = {
    "unknown step kind": (
        ("kind: rate, title: How kind", "kind: dance, title: How kind"),
        "steps[3].kind: 'dance' is not a step kind",
    ),
    "missing prompt": (
        ('title: Looking back, prompt: "What did you notice?"', "title: Looking back"),
        "steps[4].prompt: is missing",
    ),
    "duplicate step key": (("key: how-kind", "key: pick"), "steps[3].key: 'pick' is used by"),
    "rating without end labels": (
        ("low: not at all, high: very", "high: very"),
        "steps[3].low: is missing",
    ),
    "unknown modality": (("modality: cft", "modality: yoga"), "modality: 'yoga' is not one of"),
    "minutes out of range": (("minutes: 2", "minutes: 0"), "minutes: must be from 1 to 60"),
    "unknown skill": (("skills: [behaviour]", "skills: [juggling]"), "skills: juggling not in"),
    "a misspelt field": (("summary:", "sumary:"), "sumary: is not a field a practice has"),
    "one option only": (
        ("options: [rest, water, a walk]", "options: [rest]"),
        "steps[2].options: must list 2 to 12 options",
    ),
    "last step not a reflection": (
        (
            'key: reflect, kind: write, title: Looking back, prompt: "What did you notice?"',
            "key: reflect, kind: rate, title: Looking back, prompt: Why, low: a, high: b",
        ),
        "steps[4].kind: the last step must be a write step",
    ),
}


@pytest.mark.parametrize("case", BAD_CASES, ids=list(BAD_CASES))
def test_a_bad_file_stops_the_load_naming_file_field_and_problem(db, folder, case):
    (old, new), expected = BAD_CASES[case]
    text = GOOD.format(slug="broken-one")
    assert old in text
    write(folder, "broken-one.yaml", text.replace(old, new, 1))
    message = problems_for(folder)
    assert f"broken-one.yaml: {expected}" in message
    with pytest.raises(PracticeFileError):
        sync_practices(folder)
    # Nothing of that run was loaded, not even the good file beside it.
    assert not Practice.objects.exists()


def test_a_duplicate_slug_is_refused(db, folder):
    write(folder, "to-be-sure.yaml", GOOD.format(slug="small-kindness"))
    assert "to-be-sure.yaml: slug: 'small-kindness' is already used by small-kindness.yaml" in (
        problems_for(folder)
    )


def test_a_file_that_is_not_yaml_is_refused(db, folder):
    write(folder, "garbled.yaml", "slug: [unclosed\n  title: : :")
    assert "garbled.yaml: (file): is not valid YAML" in problems_for(folder)


def test_a_bad_file_leaves_an_earlier_good_load_untouched(db, folder):
    sync_practices(folder)
    write(
        folder,
        "small-kindness.yaml",
        GOOD.format(slug="small-kindness").replace("title: A small kindness", "title: Changed"),
    )
    write(folder, "broken.yaml", "slug: broken\n")
    with pytest.raises(PracticeFileError):
        sync_practices(folder)
    assert Practice.objects.get(slug="small-kindness").title == "A small kindness"


def test_the_command_fails_loudly_on_a_bad_library(db, tmp_path, settings):
    write(tmp_path, "broken.yaml", "slug: broken\n")
    settings.PRACTICE_LIBRARY_DIR = tmp_path
    with pytest.raises(CommandError, match=r"broken\.yaml: title: is missing"):
        call_command("sync_practices")


def test_the_library_folder_is_the_one_in_the_repository():
    assert Path(settings.PRACTICE_LIBRARY_DIR).is_dir()


# Practices done through the body, the breath and the senses: the writing at the end is an
# offer, never a toll to pay before the check-out.
BODY_BASED_AND_GENTLE = {
    "cft-grounding",
    "cft-soothing-rhythm-breathing",
    "cft-compassionate-posture-and-voice",
    "cft-safe-place",
    "msc-affectionate-breathing",
    "msc-soothing-touch",
    "msc-soften-soothe-allow",
    "cft-compassionate-self",
    "msc-compassionate-body-scan",
    "msc-giving-and-receiving-compassion",
    "msc-compassionate-friend",
    "msc-loving-kindness-for-someone-dear",
    "msc-compassion-with-equanimity",
}


def final_reflections():
    return {
        practice.slug: list(practice.steps.all())[-1]
        for practice in Practice.objects.current().in_library().prefetch_related("steps")
    }


def test_every_body_based_or_gentle_practice_makes_its_final_reflection_optional(library):
    reflections = final_reflections()
    assert reflections.keys() >= BODY_BASED_AND_GENTLE
    still_required = {slug for slug in BODY_BASED_AND_GENTLE if not reflections[slug].can_skip}
    assert still_required == set()


def test_practices_built_on_writing_keep_a_required_final_reflection(library):
    required = {slug for slug, step in final_reflections().items() if not step.can_skip}
    assert required == final_reflections().keys() - BODY_BASED_AND_GENTLE
    assert len(required) == 28


def test_only_cft_practices_breathe_to_a_counted_pacer(library):
    """A counted rhythm is CFT's soothing-rhythm breathing; MSC breathes with the natural
    breath, and IFS settles without counting."""
    counted = {
        step.practice.slug
        for step in Step.objects.filter(practice__author__isnull=True).select_related("practice")
        if step.pace and step.practice.modality != "cft"
    }
    assert counted == set()
