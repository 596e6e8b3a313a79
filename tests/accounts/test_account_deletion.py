import pytest
from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.utils import translation

from passport import privacy
from passport.accounts import services
from passport.accounts.models import Consent, User
from tests.accounts.conftest import picture_bytes
from tests.conftest import PASSWORD


@pytest.fixture
def full_account(owner, media_root):
    EmailAddress.objects.filter(user=owner).update(primary=False)
    EmailAddress.objects.create(user=owner, email="main@example.org", verified=True, primary=True)
    Consent.objects.create(user=owner, policy_version="2026-11")
    owner.avatar.save("a.png", ContentFile(picture_bytes("PNG")), save=True)
    return owner


def _files(media_root) -> list:
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


@pytest.mark.django_db
def test_delete_page_warns_and_asks_for_the_password(owner_client):
    html = owner_client.get("/accounts/delete/").content.decode()
    assert "This cannot be undone" in html
    assert '<label for="id_password">' in html
    assert 'type="password"' in html


@pytest.mark.django_db
def test_wrong_password_deletes_nothing(owner_client, full_account, media_root, mailoutbox):
    response = owner_client.post("/accounts/delete/", {"password": "not it"})
    assert response.status_code == 200
    assert "This is not your password. Nothing was deleted." in response.content.decode()
    assert User.objects.filter(pk=full_account.pk).exists()
    assert EmailAddress.objects.filter(user=full_account).count() == 2
    assert Consent.objects.filter(user=full_account).exists()
    assert len(_files(media_root)) == 1
    assert mailoutbox == []
    assert owner_client.get("/accounts/profile/").status_code == 200


@pytest.mark.django_db
def test_right_password_erases_everything_and_confirms_by_mail(
    owner_client, full_account, other, media_root, mailoutbox
):
    pk = full_account.pk
    response = owner_client.post("/accounts/delete/", {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "Your account and everything in it are deleted." in response.content.decode()

    assert not User.objects.filter(pk=pk).exists()
    assert not EmailAddress.objects.filter(user_id=pk).exists()
    assert not EmailAddress.objects.filter(email__in=["owner@example.org", "main@example.org"])
    assert not Consent.objects.filter(user_id=pk).exists()
    assert _files(media_root) == []

    # Logged out, and the other learner is untouched.
    assert owner_client.get("/accounts/profile/").status_code == 302
    assert User.objects.filter(pk=other.pk).exists()

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["main@example.org"]
    assert mailoutbox[0].subject == "[Passport] Your account is deleted"
    assert "main@example.org" in mailoutbox[0].body


@pytest.mark.django_db
def test_confirmation_is_written_in_the_learners_language(
    owner_client, owner, mailoutbox, monkeypatch
):
    owner.preferred_language = "fr"
    owner.save()
    seen = []
    real_render = services.render_to_string

    def spy(template, context):
        seen.append(translation.get_language())
        return real_render(template, context)

    monkeypatch.setattr(services, "render_to_string", spy)
    owner_client.post("/accounts/delete/", {"password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en")
    assert seen == ["fr", "fr"]
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_registered_erasers_run_before_the_rows_go(owner_client, owner, monkeypatch):
    calls = []

    def erase_test_files(user):
        calls.append(User.objects.filter(pk=user.pk).exists())

    monkeypatch.setattr(privacy, "_erasers", [*privacy.erasers(), erase_test_files])
    owner_client.post("/accounts/delete/", {"password": PASSWORD})
    assert calls == [True]
    assert not User.objects.filter(pk=owner.pk).exists()


@pytest.mark.django_db
def test_a_failing_eraser_keeps_the_account(owner_client, owner, monkeypatch, mailoutbox):
    def broken(user):
        raise OSError("storage unavailable")

    monkeypatch.setattr(privacy, "_erasers", [broken])
    with pytest.raises(OSError):
        owner_client.post("/accounts/delete/", {"password": PASSWORD})
    assert User.objects.filter(pk=owner.pk).exists()
    assert mailoutbox == []


@pytest.mark.django_db
def test_an_account_without_password_confirms_with_its_email(client, media_root):
    user = User.objects.create_user(email="social@example.org", password=None)
    EmailAddress.objects.create(user=user, email="social@example.org", primary=True, verified=True)
    client.force_login(user)
    html = client.get("/accounts/delete/").content.decode()
    assert 'name="password"' not in html
    client.post("/accounts/delete/", {"email": "someone@example.org"})
    assert User.objects.filter(pk=user.pk).exists()
    client.post("/accounts/delete/", {"email": "Social@Example.org"})
    assert not User.objects.filter(pk=user.pk).exists()


@pytest.mark.django_db
def test_delete_needs_login(anon_client):
    response = anon_client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_an_empty_submission_shows_the_error_and_deletes_nothing(owner_client, owner):
    response = owner_client.post("/accounts/delete/", {})
    assert 'id="id_password_error"' in response.content.decode()
    assert User.objects.filter(pk=owner.pk).exists()
