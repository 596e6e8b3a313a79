"""A last safeguard on public pages: the learner's e-mail addresses never leave in them.

Templates never print an address, but issuers write free text (evidence, logs, URLs)
that could carry one; whatever the source, it is masked before the page is sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.html import escape
from django.utils.translation import gettext as _


def redact_emails(response: HttpResponse, addresses: Iterable[str]) -> HttpResponse:
    spellings = {form for a in addresses if a for form in (a, str(escape(a)))}
    if not spellings or response.streaming:
        return response
    pattern = re.compile("|".join(map(re.escape, sorted(spellings, key=len, reverse=True))), re.I)
    content = response.content.decode(response.charset)
    masked, count = pattern.subn(str(escape(_("[e-mail address hidden]"))), content)
    if count:
        response.content = masked.encode(response.charset)
    return response
