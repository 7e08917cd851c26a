"""How every form field is drawn: one field template for the whole site (`FORM_RENDERER`).

Django draws `{{ field.as_field_group }}` with its renderer's `field_template_name`. Ours is
Django's own template with one change: the label of a required field says so in words
("(verplicht)"), not by colour or an asterisk alone (WCAG 3.3.2). Errors stay tied to their field
as Django ties them (`aria-invalid`, `aria-describedby` naming `<id>_error`).

A select list is drawn by `core/forms/select.html`: Django's own markup, byte for byte, with each
option written in the loop instead of a template included per option (two includes per option
made a search form's four lists cost about 2 ms).
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    """Django's renderer with the site's field template (`core/forms/field.html`)."""

    field_template_name = "core/forms/field.html"
    # Django's templates drawn by ours instead (the same markup, fewer includes).
    replaced = {"django/forms/widgets/select.html": "core/forms/select.html"}

    def get_template(self, template_name):
        return super().get_template(self.replaced.get(template_name, template_name))
