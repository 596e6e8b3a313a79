"""The form renderer: every form and field of Passport drawn by one pair of templates.

``{{ form }}`` renders ``templates/forms/form.html`` and ``{{ field.as_field_group }}``
renders ``templates/forms/field.html``, instead of hand-made field templates per app.
"""

from __future__ import annotations

from django.core.validators import URLValidator
from django.forms.renderers import TemplatesSetting

# Every address a learner stores is a web address: no ftp:, mailto: or the like.
http_only = URLValidator(schemes=["http", "https"])


class PassportFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
