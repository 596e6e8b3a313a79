import pytest
from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile

from passport.accounts.models import User
from tests.accounts.conftest import picture_bytes
from tests.conftest import make_learner


@pytest.fixture
def staff_client(client, db):
    staff = make_learner("staff@example.org", is_staff=True, is_superuser=True)
    client.force_login(staff)
    return client


@pytest.mark.django_db
def test_admin_lists_and_searches_learners_by_email(staff_client, owner, other):
    EmailAddress.objects.create(user=other, email="oscar@work.example", verified=True)

    page = staff_client.get("/admin/accounts/user/")
    assert page.status_code == 200
    assert b"owner@example.org" in page.content

    found = staff_client.get("/admin/accounts/user/", {"q": "owner@example"})
    assert b"owner@example.org" in found.content
    assert b"other@example.org" not in found.content

    # A secondary address finds its learner too.
    found = staff_client.get("/admin/accounts/user/", {"q": "oscar@work"})
    assert b"other@example.org" in found.content
    assert b"owner@example.org" not in found.content


@pytest.mark.django_db
def test_admin_change_page_opens(staff_client, owner):
    assert staff_client.get(f"/admin/accounts/user/{owner.pk}/change/").status_code == 200


@pytest.mark.django_db
def test_admin_deletion_erases_stored_files(staff_client, owner, media_root):
    owner.avatar.save("a.png", ContentFile(picture_bytes("PNG")), save=True)
    path = media_root / owner.avatar.name
    assert path.is_file()
    staff_client.post(f"/admin/accounts/user/{owner.pk}/delete/", {"post": "yes"})
    assert not User.objects.filter(pk=owner.pk).exists()
    assert not path.exists()


@pytest.mark.django_db
def test_admin_is_closed_to_learners(owner_client):
    response = owner_client.get("/admin/accounts/user/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
