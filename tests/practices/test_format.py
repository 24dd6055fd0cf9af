"""The practice file format is described once (practices/format.py) and published as JSON
Schema (practices/library/schema.json): the published schema is what the models say today,
and every library file and every file the editor exports fits both."""

import importlib.util
import json

import pytest
import yaml
from django.core.management import CommandError, call_command

from practices.format import SCHEMA_PATH, STEP_MODELS, Practice, schema_text
from practices.library import check_practice, library_files, load_practice_yaml
from practices.models import StepKind
from tests.practices.test_own_practices import logged_in, make_practice


def library_data(settings) -> list[tuple[str, dict]]:
    return [
        (path.name, load_practice_yaml(path.read_text(encoding="utf-8")))
        for path in library_files(settings.PRACTICE_LIBRARY_DIR)
    ]


def fits_the_published_schema(data: dict) -> None:
    """The published schema's names and required fields, read from schema.json itself; with
    jsonschema installed, a full JSON-Schema validation as well."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    if importlib.util.find_spec("jsonschema"):
        import jsonschema

        jsonschema.validate(data, schema)
    assert set(data) <= set(schema["properties"])
    assert set(schema["required"]) <= set(data)
    mapping = schema["properties"]["steps"]["items"]["discriminator"]["mapping"]
    for step in data["steps"]:
        step_schema = schema["$defs"][mapping[step["kind"]].rsplit("/", 1)[1]]
        assert set(step) <= set(step_schema["properties"]), step
        assert set(step_schema["required"]) <= set(step), step
        for name, value in step.items():
            allowed = step_schema["properties"][name]
            if "maxLength" in allowed:
                assert len(value.strip()) <= allowed["maxLength"], (step["key"], name)


def test_the_published_schema_is_what_the_models_describe_today():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text()


def test_the_schema_command_writes_the_schema_and_checks_it(tmp_path, monkeypatch, capsys):
    call_command("practice_schema", "--check")
    assert "schema.json is up to date." in capsys.readouterr().out
    stale = tmp_path / "schema.json"
    stale.write_text("{}\n", encoding="utf-8")
    monkeypatch.setattr("practices.management.commands.practice_schema.SCHEMA_PATH", stale)
    with pytest.raises(CommandError, match=r"schema\.json is out of date"):
        call_command("practice_schema", "--check")
    call_command("practice_schema")
    assert stale.read_text(encoding="utf-8") == schema_text()


def test_every_step_kind_has_its_own_description_in_the_schema():
    assert set(STEP_MODELS) == set(StepKind)
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    mapping = schema["properties"]["steps"]["items"]["discriminator"]["mapping"]
    assert set(mapping) == set(StepKind.values)
    assert schema["additionalProperties"] is False
    assert all(schema["$defs"][name]["additionalProperties"] is False for name in schema["$defs"])


def test_every_library_file_fits_the_models_and_the_published_schema(settings):
    files = library_data(settings)
    assert len(files) >= 28
    for name, data in files:
        Practice.model_validate(data)
        fits_the_published_schema(data)
        assert check_practice(name, data)[1] == [], name


def test_the_schema_says_what_a_wrong_file_gets_wrong():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["properties"]["minutes"] | {"title": ""} == {
        "type": "integer",
        "minimum": 1,
        "maximum": 60,
        "title": "",
    }
    assert schema["properties"]["modality"]["enum"] == ["cft", "msc", "ifs"]
    assert {"modality", "intensity", "steps", "slug"} <= set(schema["required"])
    timer = schema["$defs"]["TimerStep"]["properties"]
    assert (timer["seconds"]["minimum"], timer["seconds"]["maximum"]) == (10, 600)
    pace = schema["$defs"]["Pace"]
    assert pace["required"] == ["in", "out"]
    assert pace["properties"]["in"]["maximum"] == 15


def test_a_practice_the_editor_exports_fits_the_published_schema(therapist):
    practice = make_practice(therapist)
    text = logged_in(therapist).get(f"/care/practices/{practice.pk}/export/").content.decode()
    data = yaml.safe_load(text)
    Practice.model_validate(data)
    fits_the_published_schema(data)
    assert any(step["kind"] == "choose" for step in data["steps"])


def test_a_field_name_that_is_not_text_is_named_as_a_field_a_practice_lacks(settings):
    name, data = library_data(settings)[0]
    definition, problems = check_practice(name, {**data, 7: "seven"})
    assert definition is None
    assert [str(problem) for problem in problems] == [f"{name}: 7: is not a field a practice has"]
    step = {**data["steps"][0], 8: "eight"}
    _, problems = check_practice(name, {**data, "steps": [step, *data["steps"][1:]]})
    assert [str(problem) for problem in problems] == [
        f"{name}: steps[1].8: is not a field of a read step"
    ]
