import pytest
from django.core.files.base import ContentFile

from tests.accounts.conftest import picture_bytes


@pytest.fixture
def with_avatar(owner, media_root):
    owner.avatar.save("a.png", ContentFile(picture_bytes("PNG")), save=True)
    return owner


def _url(user) -> str:
    return f"/accounts/avatar/{user.public_slug}/"


@pytest.mark.django_db
def test_owner_sees_their_private_avatar(owner_client, with_avatar):
    response = owner_client.get(_url(with_avatar))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert with_avatar.avatar_url == _url(with_avatar)


@pytest.mark.django_db
def test_a_private_avatar_is_404_for_others_and_visitors(other_client, anon_client, with_avatar):
    assert other_client.get(_url(with_avatar)).status_code == 404
    assert anon_client.get(_url(with_avatar)).status_code == 404


@pytest.mark.django_db
def test_a_public_profiles_avatar_is_visible_to_everyone(other_client, anon_client, with_avatar):
    with_avatar.profile_is_public = True
    with_avatar.save()
    for client in (other_client, anon_client):
        response = client.get(_url(with_avatar))
        assert response.status_code == 200
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "public" in response["Cache-Control"]
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")


@pytest.mark.django_db
def test_no_avatar_or_unknown_slug_is_404(owner_client, owner):
    owner.profile_is_public = True
    owner.save()
    assert owner_client.get(_url(owner)).status_code == 404
    assert owner_client.get("/accounts/avatar/no-such-learner/").status_code == 404


@pytest.mark.django_db
def test_unchanged_avatar_answers_304(owner_client, with_avatar):
    first = owner_client.get(_url(with_avatar))
    again = owner_client.get(_url(with_avatar), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


@pytest.mark.django_db
def test_profile_page_shows_the_avatar_through_the_checked_view(owner_client, with_avatar):
    html = owner_client.get("/accounts/profile/").content.decode()
    assert f'src="{_url(with_avatar)}"' in html
    assert "media-not-served" not in html
    assert 'name="remove_avatar"' in html


@pytest.mark.django_db
def test_public_avatar_costs_one_query(anon_client, with_avatar, django_assert_max_num_queries):
    with_avatar.profile_is_public = True
    with_avatar.save()
    # The learner by public slug; a visitor has no session to load.
    with django_assert_max_num_queries(1):
        assert anon_client.get(_url(with_avatar)).status_code == 200
