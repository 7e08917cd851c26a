"""Labels that say in words that a field is required: `{% load form_fields %}`."""

from __future__ import annotations

from django import forms, template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()

# A label ending in one of these gets no suffix (Django's rule, for Dutch and English alike).
END_PUNCTUATION = ":?.!"


def is_marked_required(field: forms.BoundField) -> bool:
    """A field a person must fill in: required, and not hidden from them."""
    return field.field.required and not field.is_hidden


@register.simple_tag
def field_label(field: forms.BoundField) -> SafeString:
    """The field's `<label>` (or `<legend>` for a group of choices), with "(required)" in it
    when the field must be filled in, so the label read aloud carries it too."""
    tag = field.legend_tag if field.use_fieldset else field.label_tag
    if not is_marked_required(field):
        return tag()
    # The suffix (":") after the label's own words, as Django places it, and the mark after it.
    suffix = (
        field.field.label_suffix
        if field.field.label_suffix is not None
        else field.form.label_suffix
    )
    label = str(field.label)
    if suffix and label and label[-1] not in END_PUNCTUATION:
        label += suffix
    contents = format_html('{} <span class="field-required">{}</span>', label, _("(required)"))
    return tag(contents, label_suffix="")
