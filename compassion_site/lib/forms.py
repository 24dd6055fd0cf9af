"""How every form field is drawn: one renderer for the whole site, so a template writes
`{{ form.email.as_field_group }}` and gets the label, "(optional)", the errors (linked by
`aria-describedby`), the control and its help text, the same way on every page.

A field picks its template by its widget: a checkbox puts its label after the box
(includes/checkbox.html), radio buttons sit in a fieldset with the label as legend
(includes/radios.html), everything else is includes/field.html. A field's own
`template_name` (set in its form) wins over all three.

Errors beside a field are drawn by templates/django/forms/errors/list/ul.html, which overrides
Django's own: the list has Tend's class and the id (`<field id>_error`) that Django 5.2 puts in
the control's `aria-describedby`.
"""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe

TEMPLATE_FOR_WIDGET = {
    "checkbox": "includes/checkbox.html",
    "radioselect": "includes/radios.html",
}


class TendBoundField(BoundField):
    @property
    def template_name(self):
        return (
            self.field.template_name
            or TEMPLATE_FOR_WIDGET.get(self.widget_type)
            or self.form.renderer.field_template_name
        )


class FormRenderer(TemplatesSetting):
    """Django's templates setting renderer (our templates/ first, then Django's own form
    templates from the django.forms app), with Tend's field template and bound field."""

    field_template_name = "includes/field.html"
    bound_field_class = TendBoundField


# Widgets drawn in Python, for the controls a busy page draws most ------------------------


class QuickSelect(forms.Select):
    """A <select> drawn in Python. Django draws each <option> with a template of its own:
    for the 50-odd options of the journal's filters (practices, tags, parts) that was the
    largest cost of the journal's page (bench/journal_pages.py). The same HTML, but for the
    whitespace between the options."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = self.format_value(value)
        options = []
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            selected = option_value in chosen
            if selected:
                chosen = ()  # only the first match, as Django's Select does
            options.append(
                f'<option value="{escape(option_value)}"{" selected" if selected else ""}>'
                f"{escape(label)}</option>"
            )
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        # Every piece is escaped above.
        return mark_safe(f'<select name="{escape(name)}"{attrs}>{"".join(options)}</select>')  # noqa: S308  # nosec B308 B703


class QuickInput:
    """An <input> drawn in Python, as QuickSelect is: the HTML of Django's own template for
    it (django/forms/widgets/input.html), without a template render for each; its attributes
    written by flatatt, as QuickSelect's are."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        kind, name = escape(widget["type"]), escape(name)
        value = "" if widget["value"] is None else f' value="{escape(widget["value"])}"'
        attrs = flatatt(widget["attrs"])
        return mark_safe(f'<input type="{kind}" name="{name}"{value}{attrs}>')  # noqa: S308  # nosec B308 B703


class QuickHiddenInput(QuickInput, forms.HiddenInput):
    pass
