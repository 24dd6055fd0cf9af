"""Where options lead, in the practice editor: a therapist sends a "no" to a kind ending, sees
it when the practice opens again, is told beside the field when it can't be, and the branch
goes out in the practice file and comes back in on import."""

import json

import yaml

from practices.models import Practice
from tests.practices.test_own_practices import (
    EVERY_KIND,
    IMPORT_PAGE,
    NEW_PAGE,
    data_from_editor,
    field_errors,
    make_practice,
    post_data,
    step_fieldset,
    upload,
)

ASKS_FIRST = json.loads(json.dumps(EVERY_KIND))
ASKS_FIRST["steps"][3] = {
    "key": "okay-to-go-on",
    "kind": "choose",
    "title": "Okay to go on?",
    "prompt": "Is it okay with your parts to go on today?",
    "options": ["Yes", "Partly", "No, not today"],
}
ASKS_FIRST["steps"].append(
    {
        "key": "thank-it",
        "kind": "read",
        "title": "Thank the part that said no",
        "body": "Thank the part that said no. Bring it to your next session.",
        "ending": True,
    }
)
CHOICE = "steps-3-"


def asks_first(**branch) -> dict:
    """The editor's post for ASKS_FIRST (keys as saved), with the choice step's branch rows
    and the last step ticked as an ending."""
    data = post_data(ASKS_FIRST, keys=True)
    data["steps-6-ending"] = "on"
    data.update({CHOICE + name: value for name, value in branch.items()})
    return data


def test_a_therapist_sends_a_no_to_a_kind_ending_and_it_is_saved_and_shown(theo, therapist):
    response = theo.post(
        NEW_PAGE, asks_first(branch_option_0="No, not today", branch_to_0="thank-it")
    )
    assert response.status_code == 303, response.content.decode()
    practice = Practice.objects.get(author=therapist)
    steps = {step.key: step for step in practice.steps.all()}
    assert steps["okay-to-go-on"].branches == {"No, not today": "thank-it"}
    assert steps["thank-it"].ending

    html = theo.get(response["Location"]).content.decode()
    choice = step_fieldset(html, 3)
    assert "<legend>Where options lead" in choice
    assert '<option value="No, not today" selected>No, not today</option>' in choice
    assert '<option value="thank-it" selected>Step 7: Thank the part that said no (an ending)' in (
        choice
    )
    assert '<option value="end">The end: straight to the check-out</option>' in choice
    # Only later steps are offered: a choice can't lead back to the first step.
    assert 'value="what-this-is-for"' not in choice.split("Where options lead")[1]
    ending = step_fieldset(html, 6)
    assert '<input type="checkbox" name="steps-6-ending" id="id_steps-6-ending" checked>' in ending


def test_an_option_can_lead_to_the_end(theo, therapist):
    without_ending = {**ASKS_FIRST, "steps": ASKS_FIRST["steps"][:-1]}
    data = post_data(without_ending, keys=True)
    data |= {CHOICE + "branch_option_0": "No, not today", CHOICE + "branch_to_0": "end"}
    assert theo.post(NEW_PAGE, data).status_code == 303
    practice = Practice.objects.get(author=therapist)
    assert practice.steps.get(key="okay-to-go-on").branches == {"No, not today": "end"}


def test_the_branch_round_trips_through_the_editor_unchanged(theo, therapist):
    theo.post(NEW_PAGE, asks_first(branch_option_0="No, not today", branch_to_0="thank-it"))
    practice = Practice.objects.get(author=therapist)
    version = practice.version
    editor = theo.get(f"/care/practices/{practice.pk}/").context["editor"]
    assert editor.steps.forms[3].branch_count == 2  # the branch set, and one more to set
    response = theo.post(f"/care/practices/{practice.pk}/", data_from_editor(editor))
    assert response.status_code == 303
    practice.refresh_from_db()
    assert practice.version == version
    assert practice.steps.get(key="okay-to-go-on").branches == {"No, not today": "thank-it"}


def refused(theo, therapist, data) -> str:
    response = theo.post(NEW_PAGE, data)
    assert response.status_code == 200
    assert not Practice.objects.filter(author=therapist).exists()
    html = response.content.decode()
    assert "Nothing has been saved yet." in html
    return html


def test_an_option_without_a_place_to_go_is_refused_beside_the_field(theo, therapist):
    html = refused(theo, therapist, asks_first(branch_option_0="No, not today"))
    assert field_errors(html, "id_steps-3-branch_to_0") == ["Choose where this option leads."]


def test_a_branch_to_a_step_before_the_choice_is_refused_beside_the_field(theo, therapist):
    html = refused(
        theo, therapist, asks_first(branch_option_0="No, not today", branch_to_0="breathe")
    )
    assert field_errors(html, "id_steps-3-branch_to_0") == [
        "That step is gone, or now comes before this one. Choose a later step, or the end."
    ]


def test_an_option_not_offered_is_refused_beside_the_field(theo, therapist):
    html = refused(theo, therapist, asks_first(branch_option_0="Maybe", branch_to_0="thank-it"))
    assert field_errors(html, "id_steps-3-branch_option_0") == [
        "That option isn't in the list above any more. Choose one of the options."
    ]


def test_one_option_leads_to_one_place(theo, therapist):
    html = refused(
        theo,
        therapist,
        asks_first(
            branch_option_0="No, not today",
            branch_to_0="thank-it",
            branch_option_1="No, not today",
            branch_to_1="end",
        ),
    )
    assert field_errors(html, "id_steps-3-branch_option_1") == [
        "This option already leads somewhere. Each option leads to one place."
    ]


def test_a_branch_on_a_step_where_several_are_chosen_is_refused_beside_it(theo, therapist):
    data = asks_first(branch_option_0="No, not today", branch_to_0="thank-it")
    data[CHOICE + "multiple"] = "on"
    html = refused(theo, therapist, data)
    assert field_errors(html, "id_steps-3-branch_option_0") == [
        "Only a step where clients choose one option can lead elsewhere. Untick “Clients may "
        "choose more than one”, or clear where options lead."
    ]


def test_an_ending_no_option_leads_to_is_refused_beside_its_tick_box(theo, therapist):
    html = refused(theo, therapist, asks_first())
    assert field_errors(html, "id_steps-6-ending") == [
        "No option leads here yet. Choose this step under “Where options lead” on a choice "
        "step before it, or untick “An ending”."
    ]


def test_an_ending_before_the_closing_reflection_is_refused_beside_its_tick_box(theo, therapist):
    data = asks_first(branch_option_0="No, not today", branch_to_0="which-part")
    data["steps-4-ending"] = "on"
    data.pop("steps-6-ending")
    data["steps-6-ending"] = ""
    html = refused(theo, therapist, data)
    assert field_errors(html, "id_steps-4-ending") == [
        "An ending goes after the closing reflection. Move it down, or untick “An ending”."
    ]


def test_a_new_step_is_added_before_the_closing_reflection_not_after_an_ending(theo):
    response = theo.post(NEW_PAGE, {**asks_first(), "action": "add", "new_kind": "write"})
    kinds = [form.kind for form in response.context["editor"].steps.forms]
    assert kinds == ["read", "timer", "rate", "choose", "part", "write", "write", "read"]
    assert response.context["editor"].steps.forms[-1]["ending"].value()


def test_the_branch_goes_out_in_the_file_and_comes_back_on_import(theo, therapist):
    theo.post(NEW_PAGE, asks_first(branch_option_0="No, not today", branch_to_0="thank-it"))
    practice = Practice.objects.get(author=therapist)
    exported = theo.get(f"/care/practices/{practice.pk}/export/").content
    text = exported.decode()
    assert "    branches:\n      No, not today: thank-it\n" in text
    ending = "  - key: thank-it\n    kind: read\n    title: Thank the part that said no\n"
    assert ending + "    ending: true\n" in text
    assert yaml.safe_load(text)["steps"][3]["branches"] == {"No, not today": "thank-it"}

    theo.post(IMPORT_PAGE, upload(exported, f"{practice.slug}.yaml"))
    imported = Practice.objects.exclude(pk=practice.pk).get(author=therapist)
    assert imported.steps.get(key="okay-to-go-on").branches == {"No, not today": "thank-it"}
    assert imported.steps.get(key="thank-it").ending
    again = theo.get(f"/care/practices/{imported.pk}/export/").content.decode()
    assert again.replace(imported.slug, "S") == text.replace(practice.slug, "S")


def test_an_imported_file_with_a_backward_branch_is_explained_and_not_saved(theo, therapist):
    practice = make_practice(therapist)
    text = theo.get(f"/care/practices/{practice.pk}/export/").content.decode()
    text = text.replace("    multiple: true\n", "    branches:\n      calm: what-this-is-for\n", 1)
    response = theo.post(IMPORT_PAGE, upload(text.encode()))
    assert response.status_code == 200
    assert Practice.objects.filter(author=therapist).count() == 1
    html = response.content.decode()
    assert "steps[4].branches.1.to: &#x27;what-this-is-for&#x27; is not after this step" in html


def test_the_preview_says_where_a_choice_leads_and_which_step_is_an_ending(theo, therapist):
    theo.post(NEW_PAGE, asks_first(branch_option_0="No, not today", branch_to_0="thank-it"))
    practice = Practice.objects.get(author=therapist)
    choice = theo.get(f"/care/practices/{practice.pk}/preview/?step=4").content.decode()
    assert "<li>“No, not today” leads to step 7, “Thank the part that said no”.</li>" in choice
    ending = theo.get(f"/care/practices/{practice.pk}/preview/?step=7").content.decode()
    assert "An ending: clients see this step only when a choice leads here" in ending
