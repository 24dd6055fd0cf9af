"""A practice names the publications it comes from, and may come in other lengths (variants)
that a person chooses between; both are checked when the file is read."""

import pytest

from practices.library import PracticeFileError, read_library
from practices.models import Practice
from practices.services import sync_practices
from tests.practices.test_loader import write

BREATHING = """
slug: {slug}
title: Slow breathing
modality: cft
skills: [sensory]
intensity: gentle
minutes: 4
self_guided: true
summary: A few minutes of slow breathing.
why: Slow breathing can help the body settle.
source: Compassion Focused Therapy - soothing rhythm breathing
sources:
  - {{author: Paul Gilbert, year: 2009, title: The Compassionate Mind}}
steps:
  - {{key: welcome, kind: read, title: What this is for, body: "A short practice. You can stop any time."}}
  - {{key: settle, kind: timer, title: Settle, body: "Sit comfortably.", seconds: 30}}
  - {{key: breathe, kind: timer, title: Breathe, body: "Breathe slowly.", seconds: 120}}
  - {{key: rest, kind: timer, title: Rest, body: "Rest.", seconds: 30}}
  - {{key: reflect, kind: write, title: Looking back, prompt: "What did you notice?"}}
variants:
  - {{key: short, label: Short, minutes: 2, leave_out: [rest], seconds: {{breathe: 60}}}}
  - {{key: long, label: Long, minutes: 15, seconds: {{settle: 120, breathe: 600, rest: 120}}}}
"""


@pytest.fixture
def folder(tmp_path):
    write(tmp_path, "slow-breathing.yaml", BREATHING.format(slug="slow-breathing"))
    return tmp_path


def test_sources_and_versions_are_loaded_with_the_practice(db, folder):
    sync_practices(folder)
    practice = Practice.objects.get(slug="slow-breathing")
    assert practice.sources == [
        {"author": "Paul Gilbert", "year": 2009, "title": "The Compassionate Mind"}
    ]
    assert [variant["key"] for variant in practice.variants] == ["short", "long"]
    assert practice.variants[0] == {
        "key": "short",
        "label": "Short",
        "minutes": 2,
        "leave_out": ["rest"],
        "seconds": {"breathe": 60},
    }


def test_a_practice_losing_its_versions_loses_them_in_the_database(db, folder):
    sync_practices(folder)
    text = BREATHING.format(slug="slow-breathing").split("variants:")[0]
    write(folder, "slow-breathing.yaml", text)
    sync_practices(folder)
    assert Practice.objects.get(slug="slow-breathing").variants == []


BAD_CASES = {
    "a source without a year": (
        "{author: Paul Gilbert, year: 2009, title",
        "{author: Paul Gilbert, title",
        "sources[1].year: is missing",
    ),
    "a year that is not a year": ("year: 2009", "year: 209", "sources[1].year: must be from 1900"),
    "sources that are not a list": (
        "sources:\n  - {author: Paul Gilbert, year: 2009, title: The Compassionate Mind}",
        "sources: Gilbert",
        "sources: must be a list",
    ),
    "a version leaving out the first step": (
        "leave_out: [rest]",
        "leave_out: [welcome]",
        "variants[1].leave_out: 'welcome' is not a usual step between the first and the last",
    ),
    "a version leaving out a step that isn't there": (
        "leave_out: [rest]",
        "leave_out: [nap]",
        "variants[1].leave_out: 'nap' is not a usual step",
    ),
    "a version timing a step that is not a timer": (
        "seconds: {breathe: 60}",
        "seconds: {reflect: 60}",
        "variants[1].seconds: 'reflect' is not a timer step's key",
    ),
    "a version timing a step it leaves out": (
        "seconds: {breathe: 60}",
        "seconds: {rest: 60}",
        "variants[1].seconds: 'rest' is left out of this version",
    ),
    "a timer too long": (
        "breathe: 600",
        "breathe: 6000",
        "variants[2].seconds.breathe: must be 10 to 600 seconds",
    ),
    "two versions with one key": ("key: long", "key: short", "'short' is used by an earlier"),
    "a version without minutes": (
        "label: Long, minutes: 15, ",
        "label: Long, ",
        "minutes: is missing",
    ),
    "four versions": (
        "variants:\n",
        "variants:\n  - {key: a, label: A, minutes: 4}\n  - {key: b, label: B, minutes: 4}\n",
        "variants: must list 1 to 3 versions, not 4",
    ),
}


@pytest.mark.parametrize("case", BAD_CASES, ids=list(BAD_CASES))
def test_a_bad_source_or_version_stops_the_load_naming_the_field(db, folder, case):
    old, new, expected = BAD_CASES[case]
    text = BREATHING.format(slug="slow-breathing")
    assert old in text
    write(folder, "slow-breathing.yaml", text.replace(old, new, 1))
    with pytest.raises(PracticeFileError) as raised:
        read_library(folder)
    assert expected in str(raised.value)
    with pytest.raises(PracticeFileError):
        sync_practices(folder)
    assert not Practice.objects.exists()


LIBRARY_RULES = {
    "no sources at all": (
        "sources:\n  - {author: Paul Gilbert, year: 2009, title: The Compassionate Mind}\n",
        "",
        "slow-breathing.yaml: sources: is missing: name the method's publications",
    ),
    "minutes far from what the steps take": (
        "minutes: 4\n",
        "minutes: 20\n",
        "slow-breathing.yaml: minutes: says 20 minutes, but its steps take about 5 (timers, "
        "reading at 160 words a minute, 90 seconds a reflection); say 3 to 6",
    ),
    "a version's minutes far from its steps": (
        "label: Long, minutes: 15",
        "label: Long, minutes: 40",
        "slow-breathing.yaml: variants[2].minutes: says 40 minutes, but its steps take about 16"
        " (timers, reading at 160 words a minute, 90 seconds a reflection); say 10 to 21",
    ),
}


@pytest.mark.parametrize("case", LIBRARY_RULES, ids=list(LIBRARY_RULES))
def test_the_library_needs_sources_and_honest_minutes(db, folder, case):
    old, new, expected = LIBRARY_RULES[case]
    text = BREATHING.format(slug="slow-breathing")
    assert old in text
    write(folder, "slow-breathing.yaml", text.replace(old, new, 1))
    with pytest.raises(PracticeFileError) as raised:
        read_library(folder)
    assert expected in str(raised.value)


def test_every_library_practice_says_how_long_it_takes_within_reason(library):
    """The real library passes the same rule (sync would refuse it otherwise), and the lengths
    people choose between really differ."""
    for practice in Practice.objects.in_library().current():
        assert practice.sources, practice.slug
        for variant in practice.variants:
            assert variant["minutes"] != practice.minutes, practice.slug
