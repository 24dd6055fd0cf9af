"""A therapist's own practices: writing them in the editor (no JavaScript: plain POSTs),
adding, moving and removing steps, the same checks as library files, a preview, practice
files out and in, archiving, who may see them, and answers that keep their old prompts."""

import json
import re
from datetime import date
from html import unescape

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from journal import services as journal_services
from practices.editor import PracticeEditor
from practices.library import check_practice
from practices.models import Practice, StepKind
from practices.own import archive_own_practice, save_own_practice
from tests.factories import AssignmentFactory

NEW = "/care/practices/"
NEW_PAGE = "/care/practices/new/"
IMPORT_PAGE = "/care/practices/import/"

# A practice with one step of every kind, as a practice file holds it.
EVERY_KIND = {
    "slug": "kind-words",
    "title": "Kind words for a hard day",
    "modality": "cft",
    "skills": ["feeling", "attention"],
    "intensity": "gentle",
    "minutes": 10,
    "self_guided": False,
    "summary": "A few minutes of warmth when the day has been heavy.",
    "why": "It helps you meet a hard moment with warmth. Small kindnesses add up.",
    "source": "Compassion Focused Therapy: the compassionate self",
    "steps": [
        {
            "key": "what-this-is-for",
            "kind": "read",
            "title": "What this is for",
            "body": "A short practice for a hard day.\n\nTake your time; you can stop at any point.",
        },
        {
            "key": "breathe",
            "kind": "timer",
            "title": "Breathe",
            "body": "Let your breath slow down a little.",
            "seconds": 60,
            "pace": {"in": 4, "out": 6},
        },
        {
            "key": "how-hard",
            "kind": "rate",
            "title": "How hard it is",
            "optional": True,
            "prompt": "How hard does today feel right now?",
            "low": "not at all",
            "high": "very",
        },
        {
            "key": "what-is-here",
            "kind": "choose",
            "title": "What is here",
            "prompt": "Which of these can you find in yourself?",
            "options": ["calm", "curiosity", "compassion"],
            "multiple": True,
        },
        {
            "key": "which-part",
            "kind": "part",
            "title": "Which part",
            "prompt": "Which part of you is most here today?",
        },
        {
            "key": "looking-back",
            "kind": "write",
            "title": "Looking back",
            "prompt": "What would you like to remember from this?",
            "example": "That I can be kind to myself, even today.",
        },
    ],
}


def post_data(practice: dict, *, action: str = "save", keys: bool = False, **extra) -> dict:
    """The editor's form data for a practice file mapping, as a browser would post it."""
    data = {
        "title": practice.get("title", ""),
        "modality": practice.get("modality", ""),
        "intensity": practice.get("intensity", ""),
        "minutes": str(practice.get("minutes", "")),
        "skills": list(practice.get("skills", [])),
        "summary": practice.get("summary", ""),
        "why": practice.get("why", ""),
        "source": practice.get("source", ""),
        "action": action,
        "steps-TOTAL_FORMS": str(len(practice["steps"])),
        "steps-INITIAL_FORMS": str(len(practice["steps"])),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "10",
    }
    for index, step in enumerate(practice["steps"]):
        prefix = f"steps-{index}-"
        data[prefix + "kind"] = step["kind"]
        data[prefix + "key"] = step.get("key", "") if keys else ""
        data[prefix + "title"] = step.get("title", "")
        for name in ("body", "prompt", "example", "low", "high"):
            if name in step:
                # Browsers send a textarea's line ends as CRLF.
                data[prefix + name] = step[name].replace("\n", "\r\n")
        if "options" in step:
            data[prefix + "options"] = "\r\n".join(step["options"])
        if "seconds" in step:
            data[prefix + "seconds"] = str(step["seconds"])
        for part, value in step.get("pace", {}).items():
            data[prefix + f"pace_{part}"] = str(value)
        for flag in ("optional", "multiple"):
            if step.get(flag):
                data[prefix + flag] = "on"
    data.update(extra)
    return data


def data_from_editor(editor: PracticeEditor, action: str = "save") -> dict:
    """What the editor page's form would post back unchanged."""

    def value(bound):
        found = bound.value()
        if isinstance(found, bool):
            return "on" if found else None
        if isinstance(found, list):
            return found
        return "" if found is None else str(found)

    data = {name: value(editor.form[name]) for name in editor.form.fields}
    forms = editor.steps.forms
    data |= {
        "action": action,
        "steps-TOTAL_FORMS": str(len(forms)),
        "steps-INITIAL_FORMS": str(len(forms)),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "10",
    }
    for step_form in forms:
        for name in step_form.fields:
            data[step_form.add_prefix(name)] = value(step_form[name])
    return {name: found for name, found in data.items() if found is not None}


def make_practice(author, **changes) -> Practice:
    mapping = {**EVERY_KIND, **changes}
    definition, problems = check_practice("test", mapping)
    assert not problems, problems
    return save_own_practice(author, definition)


def logged_in(person) -> Client:
    browser = Client()
    browser.force_login(person)
    return browser


def step_values(practice: Practice) -> list[dict]:
    return list(
        practice.steps.values(
            "key",
            "position",
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
            "pace",
            "optional",
        )
    )


def practice_values(practice: Practice) -> dict:
    fields = ["title", "modality", "skills", "intensity", "minutes", "self_guided"]
    fields += ["audience", "summary", "why", "source", "moods", "author_id", "archived_at"]
    return {name: getattr(practice, name) for name in fields}


def field_errors(html: str, field_id: str) -> list[str]:
    """The errors shown beside one field (templates/django/forms/errors/list/ul.html)."""
    found = re.search(
        rf'<ul class="field-errors" id="{re.escape(field_id)}_error">(.*?)</ul>', html
    )
    return [unescape(text) for text in re.findall(r"<li>(.*?)</li>", found[1])] if found else []


def step_fieldset(html: str, index: int) -> str:
    start = html.index(f'id="step-{index}"')
    return html[start : html.index("</fieldset>\n</li>", start)]


# Writing a practice ------------------------------------------------------------------------


def test_the_new_practice_form_starts_with_a_read_step_and_a_closing_write_step(theo):
    response = theo.get(NEW_PAGE)
    assert response.status_code == 200
    editor = response.context["editor"]
    assert [form.kind for form in editor.steps.forms] == ["read", "write"]
    html = response.content.decode()
    assert "<h1>Write a practice</h1>" in html
    assert "Step 1: Read" in html and "Step 2: Write" in html
    assert '<script src="/static/js/editor.js" defer>' in html
    assert 'hx-post="/care/practices/new/"' in html
    assert 'hx-target="#editor"' in html and 'hx-swap="outerHTML"' in html
    for label in ("Add a step", "Move up", "Move down", "Remove", "Save practice"):
        assert label in html
    assert "Written by Theo Marsh" in html  # what an empty source will say


def test_a_therapist_writes_a_practice_with_every_kind_of_step_without_javascript(theo, therapist):
    response = theo.post(NEW_PAGE, post_data(EVERY_KIND))
    practice = Practice.objects.get(author=therapist)
    assert response.status_code == 303
    assert response["Location"] == f"/care/practices/{practice.pk}/"
    assert practice.title == "Kind words for a hard day"
    assert practice.self_guided is False
    assert practice.source == "Compassion Focused Therapy: the compassionate self"
    assert re.fullmatch(r"kind-words-for-a-hard-day-[0-9a-f]{6}", practice.slug)
    assert practice.skills == ["feeling", "attention"]
    steps = step_values(practice)
    assert [step["kind"] for step in steps] == ["read", "timer", "rate", "choose", "part", "write"]
    assert [step["key"] for step in steps] == [
        "what-this-is-for",
        "breathe",
        "how-hard-it-is",
        "what-is-here",
        "which-part",
        "looking-back",
    ]
    read, timer, rate, choose, part, write = steps
    assert read["body"] == EVERY_KIND["steps"][0]["body"]  # CRLF from the browser made plain
    assert practice.steps.first().paragraphs == [
        "A short practice for a hard day.",
        "Take your time; you can stop at any point.",
    ]
    assert (timer["seconds"], timer["pace"]) == (60, {"in": 4, "hold": 0, "out": 6})
    assert (rate["low"], rate["high"], rate["optional"]) == ("not at all", "very", True)
    assert choose["options"] == ["calm", "curiosity", "compassion"]
    assert choose["multiple"] is True
    assert part["prompt"] == "Which part of you is most here today?"
    assert write["example"] == "That I can be kind to myself, even today."

    page = theo.get(response["Location"])
    assert "Saved. Clients see this version from their next time" in page.content.decode()


def test_every_kind_of_step_round_trips_through_the_editor_unchanged(theo, therapist):
    practice = make_practice(therapist)
    before = (practice.version, step_values(practice), practice_values(practice))
    editor = theo.get(f"/care/practices/{practice.pk}/").context["editor"]
    response = theo.post(f"/care/practices/{practice.pk}/", data_from_editor(editor))
    assert response.status_code == 303
    practice.refresh_from_db()
    assert (practice.version, step_values(practice), practice_values(practice)) == before


def test_an_empty_source_says_who_wrote_it(theo, therapist):
    theo.post(NEW_PAGE, post_data({**EVERY_KIND, "source": ""}))
    assert Practice.objects.get(author=therapist).source == "Written by Theo Marsh"


def test_two_practices_with_the_same_title_get_different_slugs_beside_the_library(
    therapist, library
):
    first = make_practice(therapist, slug="msc-self-compassion-break")
    second = make_practice(therapist)
    assert first.slug != second.slug
    assert first.slug.startswith("kind-words-for-a-hard-day-")
    assert Practice.objects.in_library().filter(slug="msc-self-compassion-break").exists()


def test_saving_changes_the_version_and_keeps_the_keys_of_steps_already_there(theo, therapist):
    practice = make_practice(therapist)
    old_version = practice.version
    changed = json.loads(json.dumps(EVERY_KIND))
    changed["steps"][5]["title"] = "A last look"
    changed["steps"][5]["prompt"] = "What stays with you?"
    response = theo.post(f"/care/practices/{practice.pk}/", post_data(changed, keys=True))
    assert response.status_code == 303
    practice.refresh_from_db()
    assert practice.version != old_version
    last = practice.steps.last()
    assert (last.key, last.title, last.prompt) == (
        "looking-back",
        "A last look",
        "What stays with you?",
    )


def test_a_new_step_never_takes_the_key_of_a_step_that_was_there(theo, therapist):
    practice = make_practice(therapist)
    changed = json.loads(json.dumps(EVERY_KIND))
    # Remove the pause keyed "breathe" and add a new one with the same title: its answers
    # must not be mistaken for the old step's.
    new_pause = {**changed["steps"][1], "key": ""}
    changed["steps"][1] = {**changed["steps"][2]}
    changed["steps"][2] = new_pause
    data = post_data(changed, keys=True)
    data["steps-2-key"] = ""
    theo.post(f"/care/practices/{practice.pk}/", data)
    keys = list(practice.steps.values_list("key", flat=True))
    assert keys[1:3] == ["how-hard", "breathe-2"]


# Adding, moving and removing steps -----------------------------------------------------------


def kinds(response) -> list[str]:
    return [form.kind for form in response.context["editor"].steps.forms]


def titles(response) -> list[str]:
    return [form["title"].value() for form in response.context["editor"].steps.forms]


def test_adding_a_step_puts_it_before_the_closing_reflection_and_saves_nothing(theo):
    skeleton = {
        "title": "Draft",
        "steps": [
            {"kind": "read", "title": "What this is for"},
            {"kind": "write", "title": "Looking back"},
        ],
    }
    response = theo.post(NEW_PAGE, post_data(skeleton, action="add", new_kind="rate"))
    assert response.status_code == 200
    assert kinds(response) == ["read", "rate", "write"]
    assert Practice.objects.count() == 0
    html = response.content.decode()
    assert "Added a rate step as step 2." in html
    assert re.search(r'<input type="text" name="steps-1-title"[^>]*autofocus', html)
    assert 'value="Draft"' in html  # what was typed is kept
    assert "field-errors" not in html  # nothing is checked until Save


@pytest.mark.parametrize("kind", StepKind.values)
def test_every_kind_of_step_can_be_added_with_its_own_fields(theo, kind):
    response = theo.post(NEW_PAGE, post_data(EVERY_KIND, action="add", new_kind=kind))
    assert kinds(response)[-2] == kind
    added = step_fieldset(response.content.decode(), len(EVERY_KIND["steps"]) - 1)
    expected = {
        "read": ["body"],
        "write": ["prompt", "example", "optional"],
        "rate": ["prompt", "low", "high", "optional"],
        "choose": [
            "prompt",
            "options",
            "multiple",
            "on_its_own",
            "optional",
            "branch_option_0",
            "branch_to_0",
        ],
        "timer": ["body", "seconds", "pace_in", "pace_hold", "pace_out"],
        "part": ["prompt", "optional"],
    }[kind] + ["ending", "audio", "recording"]  # any step: an ending, a recording
    shown = set(re.findall(r'name="steps-\d+-(\w+)"', added)) - {"key", "kind", "title"}
    assert shown == set(expected)


def test_no_more_than_ten_steps_can_be_added(theo):
    ten = {**EVERY_KIND, "steps": EVERY_KIND["steps"] * 2}
    ten["steps"] = ten["steps"][:10]
    response = theo.post(NEW_PAGE, post_data(ten, action="add", new_kind="write"))
    assert len(kinds(response)) == 10
    html = response.content.decode()
    assert "A practice can have up to 10 steps." in html
    assert "Add a step" not in html


def test_moving_a_step_up_and_down_keeps_what_was_typed_in_it(theo):
    response = theo.post(NEW_PAGE, post_data(EVERY_KIND, action="up-2"))
    assert titles(response)[1:3] == ["How hard it is", "Breathe"]
    assert response.context["editor"].steps.forms[1]["prompt"].value() == (
        "How hard does today feel right now?"
    )
    assert re.search(r'id="step-1-up"[^>]*autofocus', response.content.decode())

    response = theo.post(NEW_PAGE, post_data(EVERY_KIND, action="down-0"))
    assert titles(response)[:2] == ["Breathe", "What this is for"]
    # Step 1 can't go higher: focus moves to its Move down button rather than vanishing.
    response = theo.post(NEW_PAGE, post_data(EVERY_KIND, action="up-1"))
    assert re.search(r'id="step-0-down"[^>]*autofocus', response.content.decode())
    assert Practice.objects.count() == 0


def test_the_first_step_has_no_move_up_and_the_last_no_move_down(theo):
    html = theo.get(NEW_PAGE).content.decode()
    assert 'id="step-0-up"' not in html and 'id="step-0-down"' in html
    assert 'id="step-1-up"' in html and 'id="step-1-down"' not in html


def test_removing_a_step_takes_it_out_until_save(theo, therapist):
    practice = make_practice(therapist)
    response = theo.post(
        f"/care/practices/{practice.pk}/", post_data(EVERY_KIND, keys=True, action="remove-3")
    )
    assert "What is here" not in titles(response)
    assert len(kinds(response)) == 5
    assert "Removed step 4 (What is here). It goes for good when you save." in (
        unescape(response.content.decode())
    )
    assert practice.steps.count() == 6  # nothing saved yet


def test_an_unknown_action_changes_nothing(theo):
    response = theo.post(NEW_PAGE, post_data(EVERY_KIND, action="up-99"))
    assert titles(response) == [step["title"] for step in EVERY_KIND["steps"]]
    response = theo.post(NEW_PAGE, post_data(EVERY_KIND, action="add", new_kind="dance"))
    assert len(kinds(response)) == 6
    assert "Choose which kind of step to add." in response.content.decode()


def test_with_htmx_the_editor_answers_with_its_region_and_where_to_put_focus(theo):
    response = theo.post(
        NEW_PAGE, post_data(EVERY_KIND, action="add", new_kind="choose"), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="editor"')
    assert "<html" not in html
    assert json.loads(response["HX-Trigger-After-Settle"]) == {
        "tend:editor-changed": {"focus": "id_steps-5-title"}
    }


def test_saving_with_htmx_swaps_in_the_saved_editor_and_moves_the_address_on(theo, therapist):
    response = theo.post(NEW_PAGE, post_data(EVERY_KIND), HTTP_HX_REQUEST="true")
    practice = Practice.objects.get(author=therapist)
    assert response.status_code == 200
    assert response["HX-Push-Url"] == f"/care/practices/{practice.pk}/"
    html = response.content.decode()
    assert f'hx-post="/care/practices/{practice.pk}/"' in html
    assert "Saved. Clients see this version" in html
    assert 'name="steps-0-key" value="what-this-is-for"' in html


# The same checks as library files ------------------------------------------------------------


def test_problems_are_shown_beside_their_fields_and_nothing_is_saved(theo, therapist):
    broken = json.loads(json.dumps(EVERY_KIND))
    broken["title"] = "A" * 61
    broken["why"] = "One. Two. Three."
    broken["steps"][0], broken["steps"][1] = broken["steps"][1], broken["steps"][0]
    broken["steps"][0]["seconds"] = 5  # now step 1: a pause
    broken["steps"][0]["pace"] = {"in": 20, "out": 6}
    broken["steps"][3]["options"] = ["calm"]
    broken["steps"][5]["prompt"] = ""
    response = theo.post(NEW_PAGE, post_data(broken))

    assert response.status_code == 200
    assert not Practice.objects.filter(author=therapist).exists()
    html = response.content.decode()
    assert "Nothing has been saved yet. Please look at the places marked below." in html
    assert field_errors(html, "id_title") == ["The title is 61 characters; at most 60."]
    assert field_errors(html, "id_why") == ["What it is for must be at most two sentences."]
    assert field_errors(html, "id_steps-0-seconds") == ["The length must be from 10 to 600, not 5."]
    assert field_errors(html, "id_steps-0-pace_in") == ["Breathe in must be 1 to 15 seconds."]
    assert field_errors(html, "id_steps-3-options") == [
        "The options must list 2 to 12 options, not 1."
    ]
    assert field_errors(html, "id_steps-5-prompt") == ["Write the question the client answers."]
    first_step = step_fieldset(html, 0)
    assert "The first step must be a read step saying what this is for." in first_step
    assert 'aria-invalid="true"' in html


def test_too_few_steps_is_said_above_the_steps(theo, therapist):
    two = {**EVERY_KIND, "steps": [EVERY_KIND["steps"][0], EVERY_KIND["steps"][-1]]}
    html = theo.post(NEW_PAGE, post_data(two)).content.decode()
    assert "A practice needs 4 to 10 steps; this one has 2. Add or remove steps below." in html
    assert not Practice.objects.exists()


def test_missing_practice_fields_get_the_forms_own_messages(theo):
    empty = {"steps": EVERY_KIND["steps"]}
    html = unescape(theo.post(NEW_PAGE, post_data(empty)).content.decode())
    assert field_errors(html, "id_title") == ["Give the practice a title."]
    assert field_errors(html, "id_modality") == ["Choose the method it comes from."]
    assert field_errors(html, "id_minutes") == ["Say about how many minutes it takes."]
    assert not Practice.objects.exists()


def test_a_rule_broken_in_an_existing_practice_leaves_it_as_it_was(theo, therapist):
    practice = make_practice(therapist)
    before = (practice.version, step_values(practice))
    broken = json.loads(json.dumps(EVERY_KIND))
    broken["steps"][-1]["kind"] = "read"
    broken["steps"][-1]["body"] = "The end."
    response = theo.post(f"/care/practices/{practice.pk}/", post_data(broken, keys=True))
    assert "The last step must be a write step: a reflection." in response.content.decode()
    practice.refresh_from_db()
    assert (practice.version, step_values(practice)) == before


# Preview ------------------------------------------------------------------------------------


def test_the_preview_shows_each_step_as_a_client_sees_it_and_saves_nothing(theo, therapist):
    from journal.models import Answer, Run

    practice = make_practice(therapist)
    url = f"/care/practices/{practice.pk}/preview/"
    first = theo.get(url).content.decode()
    assert "Preview: nothing you type here is saved." in first
    assert "Step 1 of 6" in first
    assert '<h1 id="step-heading">What this is for</h1>' in first
    assert 'href="?step=2"' in first

    timer = theo.get(url, {"step": 2}).content.decode()
    assert 'data-timer data-seconds="60"' in timer and 'data-in="4"' in timer
    rate = theo.get(url, {"step": 3}).content.decode()
    assert rate.count('name="rating"') == 11
    assert "10: very" in rate
    choose = theo.get(url, {"step": 4}).content.decode()
    assert choose.count('type="checkbox" name="choices"') == 3
    part = theo.get(url, {"step": 5}).content.decode()
    assert "Which part of you is most here today?" in part
    assert 'name="new_part"' in part
    write = theo.get(url, {"step": 6}).content.decode()
    assert "What would you like to remember from this?" in write
    assert "For example: That I can be kind to myself, even today." in write
    assert "<textarea" in write and "hx-post" not in write
    assert "Back to editing" in write and 'href="?step=5"' in write

    assert "Step 6 of 6" in theo.get(url, {"step": 99}).content.decode()
    assert "Step 1 of 6" in theo.get(url, {"step": "soon"}).content.decode()
    assert not Run.objects.exists() and not Answer.objects.exists()


# Practice files out and in -----------------------------------------------------------------


def upload(content: bytes, name: str = "practice.yaml") -> dict:
    return {"file": SimpleUploadedFile(name, content, content_type="application/yaml")}


def test_a_practice_exports_as_a_file_in_the_librarys_format(theo, therapist):
    practice = make_practice(therapist)
    response = theo.get(f"/care/practices/{practice.pk}/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{practice.slug}.yaml"'
    text = response.content.decode()
    assert text.startswith(f"slug: {practice.slug}\ntitle: Kind words for a hard day\n")
    assert "skills: [feeling, attention]\n" in text
    assert "pace: {in: 4, out: 6}" in text
    assert "  - key: what-this-is-for\n    kind: read\n" in text
    assert "    body: |\n      A short practice for a hard day.\n\n      Take your time;" in text
    definition, problems = check_practice(f"{practice.slug}.yaml", yaml.safe_load(text))
    assert problems == []
    assert definition.version == practice.version


def test_export_then_import_gives_an_equal_practice_under_a_new_address(theo, therapist):
    practice = make_practice(therapist)
    exported = theo.get(f"/care/practices/{practice.pk}/export/").content
    response = theo.post(IMPORT_PAGE, upload(exported, f"{practice.slug}.yaml"))
    imported = Practice.objects.exclude(pk=practice.pk).get(author=therapist)
    assert response.status_code == 303
    assert response["Location"] == f"/care/practices/{imported.pk}/"
    assert imported.slug != practice.slug
    assert practice_values(imported) == practice_values(practice)
    assert step_values(imported) == step_values(practice)
    again = theo.get(f"/care/practices/{imported.pk}/export/").content.decode()
    assert again.replace(imported.slug, "SLUG") == exported.decode().replace(practice.slug, "SLUG")


def test_a_library_file_imports_as_ones_own_and_exports_to_the_same_practice(
    theo, therapist, settings
):
    path = settings.PRACTICE_LIBRARY_DIR / "msc-self-compassion-break.yaml"
    original = yaml.safe_load(path.read_text())
    theo.post(IMPORT_PAGE, upload(path.read_bytes(), path.name))
    imported = Practice.objects.get(author=therapist)
    assert imported.self_guided is False  # own practices come only through assignment
    assert imported.slug.startswith("a-self-compassion-break-")
    assert imported.moods == original["moods"]
    exported = yaml.safe_load(theo.get(f"/care/practices/{imported.pk}/export/").content)
    expected, _ = check_practice("x", {**original, "slug": imported.slug, "self_guided": False})
    again, _ = check_practice("x", exported)
    assert (again.fields, again.steps) == (expected.fields, expected.steps)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"title: [never closed\n", "The file is not valid YAML (near line 2)."),
        (b"\xff\xfe\x00t\x00i", "The file is not a text file"),
        (b"- just\n- a list\n", "The file must be a mapping of fields"),
        (b"a: &a [x, x]\nb: *a\n", "The file uses YAML aliases"),
        (
            b"title: A practice\nmood: calm\nsteps: 3\n",
            "mood is not a field a practice has.",
        ),
        (b"title: A practice\nsteps: 3\n", "steps must be a list of steps."),
        (b"title: A practice\n", "modality: None is not one of cft, msc, ifs."),
        (b"{1: one, 2: two}\n", "The file has a field name that is not text."),
    ],
)
def test_a_bad_practice_file_is_explained_and_nothing_is_saved(theo, therapist, content, message):
    response = theo.post(IMPORT_PAGE, upload(content))
    assert response.status_code == 200
    errors = field_errors(response.content.decode(), "id_file")
    assert any(error.startswith(message) for error in errors), errors
    assert errors[-1] == "Nothing was imported. Fix these in the file and try again."
    assert not Practice.objects.filter(author=therapist).exists()


def test_a_file_with_wrong_fields_lists_every_problem(theo, therapist):
    wrong = json.loads(json.dumps(EVERY_KIND))
    wrong["colour"] = "blue"
    wrong["minutes"] = 90
    wrong["steps"][2]["low"] = ""
    wrong["steps"][3]["seconds"] = 30
    response = theo.post(IMPORT_PAGE, upload(yaml.safe_dump(wrong).encode()))
    errors = field_errors(response.content.decode(), "id_file")
    assert errors == [
        "colour is not a field a practice has.",
        "minutes must be from 1 to 60, not 90.",
        "steps[3].low is missing.",
        "steps[4].seconds is not a field of a choose step.",
        "Nothing was imported. Fix these in the file and try again.",
    ]
    assert not Practice.objects.filter(author=therapist).exists()


def test_a_file_over_200_kb_is_refused_unread(theo, therapist):
    big = yaml.safe_dump({**EVERY_KIND, "why": "x" * 210_000}).encode()
    response = theo.post(IMPORT_PAGE, upload(big))
    assert field_errors(response.content.decode(), "id_file") == [
        "This file is larger than 200 KB, more than a practice file needs. Nothing was imported."
    ]
    assert not Practice.objects.filter(author=therapist).exists()


def test_the_import_page_asks_for_a_file(theo):
    response = theo.post(IMPORT_PAGE, {})
    assert field_errors(response.content.decode(), "id_file") == [
        "Choose a practice file to import."
    ]


# Who may see them -------------------------------------------------------------------------


def object_urls(practice) -> list[tuple[str, str]]:
    base = f"/care/practices/{practice.pk}/"
    return [
        ("get", base),
        ("post", base),
        ("get", base + "preview/"),
        ("get", base + "export/"),
        ("post", base + "archive/"),
    ]


@pytest.mark.parametrize("who", ["other_therapist", "care_client", "stranger", "visitor"])
def test_only_the_author_may_open_a_practice_of_their_own(request, therapist, who):
    practice = make_practice(therapist)
    person = None if who == "visitor" else request.getfixturevalue(who)
    browser = logged_in(person) if person else Client()
    for method, url in object_urls(practice):
        data = post_data(EVERY_KIND, keys=True) if url.endswith(f"{practice.pk}/") else {}
        assert getattr(browser, method)(url, data).status_code == 404, (method, url)
    practice.refresh_from_db()
    assert practice.archived_at is None
    assert practice.title == EVERY_KIND["title"]


@pytest.mark.parametrize("who", ["care_client", "stranger", "visitor"])
@pytest.mark.parametrize("url", [NEW, NEW_PAGE, IMPORT_PAGE])
def test_the_practice_pages_are_a_404_without_therapist_mode(request, db, who, url):
    person = None if who == "visitor" else request.getfixturevalue(who)
    browser = logged_in(person) if person else Client()
    assert browser.get(url).status_code == 404
    assert browser.post(url, post_data(EVERY_KIND)).status_code == 404
    assert not Practice.objects.exists()


def test_another_therapist_does_not_see_theos_practices_in_their_list(therapist, other_therapist):
    make_practice(therapist)
    html = logged_in(other_therapist).get(NEW).content.decode()
    assert "Kind words for a hard day" not in html
    assert "You haven't written a practice yet." in html


def test_a_library_practice_cannot_be_opened_in_the_editor(theo, library):
    practice = Practice.objects.in_library().first()
    for method, url in object_urls(practice):
        assert getattr(theo, method)(url).status_code == 404, url


def test_the_list_shows_the_therapists_current_practices(theo, therapist):
    make_practice(therapist)
    gone = make_practice(therapist, title="An old one")
    archive_own_practice(gone)
    html = theo.get(NEW).content.decode()
    assert "Kind words for a hard day" in html
    assert "An old one" not in html
    assert "Write a practice" in html and "Import a practice file" in html
    assert "6 steps" in html


# Archiving -----------------------------------------------------------------------------------


def test_archiving_takes_a_practice_off_the_list_and_out_of_what_can_be_assigned(
    theo, therapist, care_client
):
    practice = make_practice(therapist)
    assignment = AssignmentFactory(
        therapist=therapist, client=care_client, practice=practice, starts_on=date(2026, 5, 1)
    )
    run = journal_services.start_run(care_client, practice)
    assert theo.get(f"/care/practices/{practice.pk}/archive/").status_code == 405

    response = theo.post(f"/care/practices/{practice.pk}/archive/")
    assert response.status_code == 303
    assert response["Location"] == "/care/practices/"
    practice.refresh_from_db()
    assert practice.is_archived
    assert practice not in Practice.objects.assignable_by(therapist)
    list_page = theo.get(NEW).content.decode()
    assert "Archived “Kind words for a hard day”." in unescape(list_page)
    assert f"/care/practices/{practice.pk}/" not in list_page
    assert theo.get(f"/care/practices/{practice.pk}/").status_code == 404
    # What was already given keeps working.
    assignment.refresh_from_db()
    assert assignment.practice_id == practice.pk
    casey = logged_in(care_client)
    step = casey.get(f"/journal/runs/{run.pk}/steps/what-this-is-for/")
    assert step.status_code == 200
    assert "What this is for" in step.content.decode()


# Editing never changes what clients wrote ------------------------------------------------


def test_editing_a_prompt_leaves_what_a_client_already_wrote_with_the_old_prompt(
    theo, therapist, care_client
):
    practice = make_practice(therapist)
    run = journal_services.start_run(care_client, practice)
    last = practice.steps.get(key="looking-back")
    journal_services.save_answer(
        run, last, {"text": "That I was gentle with myself."}, seen_revision=None
    )
    entry = journal_services.finish_run(run)

    changed = json.loads(json.dumps(EVERY_KIND))
    changed["steps"][-1]["prompt"] = "What surprised you most?"
    assert (
        theo.post(f"/care/practices/{practice.pk}/", post_data(changed, keys=True)).status_code
        == 303
    )
    assert practice.steps.get(key="looking-back").prompt == "What surprised you most?"

    html = unescape(logged_in(care_client).get(f"/journal/entries/{entry.pk}/").content.decode())
    assert "What would you like to remember from this?" in html
    assert "That I was gentle with myself." in html
    assert "What surprised you most?" not in html


# Query bounds ------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 8])
def test_the_list_reads_a_fixed_number_of_queries(
    theo, therapist, count, django_assert_max_num_queries
):
    for number in range(count):
        make_practice(therapist, title=f"Practice {number}")
    # The session, Theo, the navigation's question about a therapist of his own, the list.
    with django_assert_max_num_queries(4):
        response = theo.get(NEW)
    assert response.status_code == 200


def steps_of(count: int) -> list[dict]:
    """`count` steps: the read step, then pauses, rates, choices and parts, then the write."""
    middle = EVERY_KIND["steps"][1:5] * 3
    chosen = [EVERY_KIND["steps"][0], *middle[: count - 2], EVERY_KIND["steps"][5]]
    return [{**step, "key": f"step-{n}"} for n, step in enumerate(chosen)]


@pytest.mark.parametrize("steps", [4, 10])
@pytest.mark.parametrize("page", ["", "preview/", "export/"])
def test_the_editor_preview_and_export_read_a_fixed_number_of_queries(
    theo, therapist, steps, page, django_assert_max_num_queries
):
    practice = make_practice(therapist, steps=steps_of(steps))
    make_practice(therapist, title="Another")
    # The session, Theo, the navigation's question, the practice and its steps.
    with django_assert_max_num_queries(5):
        response = theo.get(f"/care/practices/{practice.pk}/{page}", {"step": steps})
    assert response.status_code == 200


@pytest.mark.parametrize("steps", [4, 10])
def test_saving_reads_and_writes_a_fixed_number_of_queries(
    theo, therapist, steps, django_assert_max_num_queries
):
    chosen = steps_of(steps)
    practice = make_practice(therapist, steps=chosen)
    data = post_data({**EVERY_KIND, "steps": chosen}, keys=True)
    # 13 to check and save, and one to let go of the editor's draft of the page.
    with django_assert_max_num_queries(14):
        response = theo.post(f"/care/practices/{practice.pk}/", data)
    assert response.status_code == 303


def test_a_display_name_in_help_text_is_shown_as_typed_never_as_markup(therapist):
    therapist.display_name = '<img src=x id="injected">Dr <b>Theo</b>'
    therapist.save(update_fields=["display_name"])
    html = logged_in(therapist).get("/care/practices/new/").content.decode()
    assert "&lt;img src=x id=&quot;injected&quot;&gt;Dr &lt;b&gt;Theo&lt;/b&gt;" in html
    assert 'id="injected"' not in html
