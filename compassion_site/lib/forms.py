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

from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting

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
