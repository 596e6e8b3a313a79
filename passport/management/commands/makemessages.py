"""``makemessages`` that also finds the verifier's step log messages.

The standard layer (``badges.openbadges``) imports no framework, so its log lines are
marked with ``step(...)`` and ``step_plural(singular, plural, count)`` from
``badges.openbadges.log`` instead of ``gettext``; xgettext is told those names here.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [
        *makemessages.Command.xgettext_options,
        "--keyword=step",
        "--keyword=step_plural:1,2",
    ]
