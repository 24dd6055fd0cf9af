"""Every form field is drawn by the site's form renderer (compassion_site/lib/forms.py):
`{{ form.x.as_field_group }}` gives the label, the "(optional)" mark, the errors and help text
linked to the control for screen readers, and a checkbox or radio buttons in their own shape."""

import re

import pytest
from django import forms

from compassion_site.lib.forms import FormRenderer, QuickHiddenInput, QuickSelect
from journal.filters import QuickCheckbox, QuickDateInput, QuickSearchInput


class PlantingForm(forms.Form):
    name = forms.CharField(label="What you call it", max_length=5, help_text="A short name.")
    note = forms.CharField(label="A note", required=False)
    water = forms.BooleanField(label="Water it daily", required=False)
    light = forms.ChoiceField(
        label="How much light",
        choices=[("sun", "Sun"), ("shade", "Shade")],
        widget=forms.RadioSelect,
    )
    season = forms.CharField(label="Season", required=False, template_name="includes/checkbox.html")


def squeeze(html: str) -> str:
    return re.sub(r"\s+", " ", str(html)).strip()


def test_a_field_has_its_label_and_its_help_linked_to_the_control():
    html = squeeze(PlantingForm()["name"].as_field_group())
    assert '<div class="field">' in html
    assert '<label for="id_name">What you call it</label>' in html
    assert 'aria-describedby="id_name_helptext"' in html
    assert '<div class="help" id="id_name_helptext">A short name.</div>' in html


def test_a_field_not_needed_says_it_is_optional():
    html = squeeze(PlantingForm()["note"].as_field_group())
    assert 'A note <span class="optional">(optional)</span></label>' in html


def test_an_error_is_shown_beside_the_field_and_named_by_the_control():
    form = PlantingForm({"name": "far too long", "light": "sun"})
    assert not form.is_valid()
    html = squeeze(form["name"].as_field_group())
    assert '<div class="field field--error">' in html
    assert '<ul class="field-errors" id="id_name_error"><li>' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html


def test_a_checkbox_has_its_label_after_the_box():
    html = squeeze(PlantingForm()["water"].as_field_group())
    assert html.startswith('<div class="field checkbox">')
    assert re.search(r'<input type="checkbox"[^>]*id="id_water"> <label for="id_water">', html)


def test_radio_buttons_sit_in_a_fieldset_named_by_the_fields_label():
    form = PlantingForm({"name": "fern"})
    form.is_valid()
    html = squeeze(form["light"].as_field_group())
    assert html.startswith('<fieldset class="field options field--error"')
    assert 'aria-describedby="id_light_error"' in html
    assert "<legend>How much light</legend>" in html
    assert '<label class="option" for="id_light_0">' in html


def test_a_fields_own_template_wins():
    html = squeeze(PlantingForm()["season"].as_field_group())
    assert html.startswith('<div class="field checkbox">')


# Widgets drawn in Python (compassion_site/lib/forms.py) draw what Django's templates draw.

QUICK_WIDGETS = [
    (QuickHiddenInput, forms.HiddenInput, {"id": "id_revision"}),
    (QuickSearchInput, forms.SearchInput, {"placeholder": 'Words "and" <marks>'}),
    (QuickDateInput, forms.DateInput, {"type": "date", "aria-describedby": "a b"}),
    (QuickCheckbox, forms.CheckboxInput, {"class": "box"}),
]


@pytest.mark.parametrize(("quick", "django_own", "attrs"), QUICK_WIDGETS)
@pytest.mark.parametrize("value", [None, "", 0, 7, "it's <b>&", True, False])
def test_a_quick_widget_draws_what_djangos_own_draws(quick, django_own, attrs, value):
    own = django_own(attrs=dict(attrs)).render("field", value, renderer=FormRenderer())
    assert quick(attrs=dict(attrs)).render("field", value) == own.strip()


@pytest.mark.parametrize("value", [None, "", "2", ["2"], "<x>"])
def test_a_quick_select_draws_what_djangos_own_draws(value):
    choices = [("", "Any"), ("1", "One & only"), ("2", 'Two "quoted"'), ("<x>", "<x>")]
    own = forms.Select(choices=choices, attrs={"id": "id_f"}).render(
        "f", value, renderer=FormRenderer()
    )
    quick = QuickSelect(choices=choices, attrs={"id": "id_f"}).render("f", value)
    assert quick == "".join(line.strip() for line in own.splitlines())
