"""An option that goes on its own, in the practice editor: a therapist names "None of these
yet", sees it when the practice opens again, is told beside the field when it can't be, and
it goes out in the practice file and comes back in on import."""

import json

import yaml

from practices.models import Practice
from tests.practices.test_own_practices import (
    EVERY_KIND,
    IMPORT_PAGE,
    NEW_PAGE,
    data_from_editor,
    field_errors,
    post_data,
    step_fieldset,
    upload,
)

NONE_YET = "None of these yet"
WITH_NONE = json.loads(json.dumps(EVERY_KIND))
WITH_NONE["steps"][3]["options"] = ["calm", "curiosity", "compassion", NONE_YET]
FIELD = "steps-3-on_its_own"


def with_none(**changes) -> dict:
    data = post_data(WITH_NONE, keys=True)
    data.update(changes)
    return data


def refused(theo, therapist, data) -> str:
    response = theo.post(NEW_PAGE, data)
    assert response.status_code == 200
    assert not Practice.objects.filter(author=therapist).exists()
    html = response.content.decode()
    assert "Nothing has been saved yet." in html
    return html


def test_a_therapist_names_an_option_that_goes_on_its_own_and_sees_it_again(theo, therapist):
    response = theo.post(NEW_PAGE, with_none(**{FIELD: NONE_YET}))
    assert response.status_code == 303, response.content.decode()
    practice = Practice.objects.get(author=therapist)
    assert practice.steps.get(key="what-is-here").on_its_own == NONE_YET

    html = theo.get(response["Location"]).content.decode()
    choice = step_fieldset(html, 3)
    assert '<label for="id_steps-3-on_its_own">An option that goes on its own' in choice
    assert f'<option value="{NONE_YET}" selected>{NONE_YET}</option>' in choice
    assert '<option value="">No option goes on its own</option>' in choice
    assert "ticking it unticks the others" in choice
    # Only a choice step offers it.
    assert "on_its_own" not in step_fieldset(html, 2)


def test_leaving_it_empty_saves_a_step_without_one(theo, therapist):
    assert theo.post(NEW_PAGE, with_none()).status_code == 303
    assert Practice.objects.get(author=therapist).steps.get(key="what-is-here").on_its_own == ""


def test_it_round_trips_through_the_editor_unchanged(theo, therapist):
    theo.post(NEW_PAGE, with_none(**{FIELD: NONE_YET}))
    practice = Practice.objects.get(author=therapist)
    version = practice.version
    editor = theo.get(f"/care/practices/{practice.pk}/").context["editor"]
    response = theo.post(f"/care/practices/{practice.pk}/", data_from_editor(editor))
    assert response.status_code == 303
    practice.refresh_from_db()
    assert practice.version == version
    assert practice.steps.get(key="what-is-here").on_its_own == NONE_YET


def test_on_a_step_where_one_option_is_chosen_it_is_refused_beside_the_field(theo, therapist):
    data = with_none(**{FIELD: NONE_YET})
    data.pop("steps-3-multiple")
    html = refused(theo, therapist, data)
    assert field_errors(html, "id_steps-3-on_its_own") == [
        "Only a step where clients may choose more than one option has one that goes on its "
        "own. Tick “Clients may choose more than one”, or choose “No option goes on its own”."
    ]


def test_an_option_no_longer_listed_is_refused_beside_the_field(theo, therapist):
    html = refused(theo, therapist, with_none(**{FIELD: "Not sure"}))
    assert field_errors(html, "id_steps-3-on_its_own") == [
        "That option isn't in the list above any more. Choose one of the options, or “No "
        "option goes on its own”."
    ]


def test_it_goes_out_in_the_file_and_comes_back_on_import(theo, therapist):
    theo.post(NEW_PAGE, with_none(**{FIELD: NONE_YET}))
    practice = Practice.objects.get(author=therapist)
    exported = theo.get(f"/care/practices/{practice.pk}/export/").content
    text = exported.decode()
    assert f"    on_its_own: {NONE_YET}\n" in text
    assert yaml.safe_load(text)["steps"][3]["on_its_own"] == NONE_YET
    # Steps without one say nothing about it.
    assert text.count("on_its_own") == 1

    theo.post(IMPORT_PAGE, upload(exported, f"{practice.slug}.yaml"))
    imported = Practice.objects.exclude(pk=practice.pk).get(author=therapist)
    assert imported.steps.get(key="what-is-here").on_its_own == NONE_YET
    again = theo.get(f"/care/practices/{imported.pk}/export/").content.decode()
    assert again.replace(imported.slug, "S") == text.replace(practice.slug, "S")


def test_an_imported_file_naming_an_option_it_lacks_is_explained_and_not_saved(theo, therapist):
    theo.post(NEW_PAGE, with_none(**{FIELD: NONE_YET}))
    practice = Practice.objects.get(author=therapist)
    text = theo.get(f"/care/practices/{practice.pk}/export/").content.decode()
    text = text.replace(f"on_its_own: {NONE_YET}", "on_its_own: Nothing")
    response = theo.post(IMPORT_PAGE, upload(text.encode()))
    assert response.status_code == 200
    assert Practice.objects.filter(author=therapist).count() == 1
    html = response.content.decode()
    assert "steps[4].on_its_own: &#x27;Nothing&#x27; is not one of this step&#x27;s options" in (
        html
    )
