"""The form renderer: every form and field of Passport drawn by one pair of templates.

``{{ form }}`` renders ``templates/forms/form.html`` and ``{{ field.as_field_group }}``
renders ``templates/forms/field.html``, instead of hand-made field templates per app.
"""

from __future__ import annotations

from django import forms
from django.core.validators import URLValidator
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

# Every address a learner stores is a web address: no ftp:, mailto: or the like.
http_only = URLValidator(schemes=["http", "https"])


class PassportFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class PlainSelect(forms.Select):
    """A ``<select>`` without option groups, drawn in Python. The template widget includes
    a template per option, which made the gallery's filters a fifth of its time; the
    markup is the same."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = [option for _, group, _ in widget["optgroups"] for option in group]
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(widget["attrs"]),
            format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((o["value"], " selected" if o["selected"] else "", o["label"]) for o in options),
            ),
        )
