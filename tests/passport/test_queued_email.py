"""Every e-mail goes through the task queue, whole: HTML part, headers and attachments."""

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import override_settings

QUEUED = "djcelery_email.backends.CeleryEmailBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def test_the_site_queues_every_email():
    # pytest-django swaps EMAIL_BACKEND for locmem; the site's own choice is kept here.
    from passport import settings as site

    assert site.EMAIL_BACKEND == QUEUED
    assert settings.CELERY_EMAIL_BACKEND.endswith("console.EmailBackend")


@override_settings(EMAIL_BACKEND=QUEUED, CELERY_EMAIL_BACKEND=LOCMEM)
def test_a_queued_message_arrives_with_its_html_headers_and_attachment():
    message = EmailMultiAlternatives(
        "Votre badge",
        "Texte",
        "noreply@passport.test",
        ["ada@example.org"],
        headers={"List-Unsubscribe": "<https://passport.test/settings>"},
    )
    message.attach_alternative("<p>Texte</p>", "text/html")
    message.attach("export.zip", b"PK\x03\x04", "application/zip")

    message.send()

    [sent] = mail.outbox
    assert sent.subject == "Votre badge"
    assert sent.to == ["ada@example.org"]
    assert sent.alternatives[0][:2] == ("<p>Texte</p>", "text/html")
    assert sent.extra_headers["List-Unsubscribe"] == "<https://passport.test/settings>"
    assert sent.attachments[0][:2] == ("export.zip", b"PK\x03\x04")


def test_mail_gives_up_before_the_worker_stops_the_task():
    assert settings.EMAIL_TIMEOUT < settings.CELERY_TASK_SOFT_TIME_LIMIT
