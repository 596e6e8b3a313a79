import pytest
from allauth.account.models import EmailAddress

from tests.accounts.conftest import confirmation_path


def _addresses(user) -> dict[str, tuple[bool, bool]]:
    return {a.email: (a.verified, a.primary) for a in EmailAddress.objects.filter(user=user)}


@pytest.mark.django_db
def test_add_verify_and_make_a_second_address_primary(owner_client, owner, mailoutbox):
    response = owner_client.post(
        "/accounts/email/", {"action_add": "", "email": "work@example.org"}
    )
    assert response.status_code == 302
    assert _addresses(owner)["work@example.org"] == (False, False)
    assert mailoutbox[-1].to == ["work@example.org"]

    # An unverified address cannot become primary.
    owner_client.post("/accounts/email/", {"action_primary": "", "email": "work@example.org"})
    assert _addresses(owner)["work@example.org"] == (False, False)

    owner_client.post(confirmation_path(mailoutbox[-1]))
    assert _addresses(owner)["work@example.org"] == (True, False)

    owner_client.post("/accounts/email/", {"action_primary": "", "email": "work@example.org"})
    assert _addresses(owner) == {
        "owner@example.org": (True, False),
        "work@example.org": (True, True),
    }
    owner.refresh_from_db()
    assert owner.email == "work@example.org"


@pytest.mark.django_db
def test_the_last_address_cannot_be_removed(owner_client, owner):
    response = owner_client.post(
        "/accounts/email/", {"action_remove": "", "email": "owner@example.org"}, follow=True
    )
    assert EmailAddress.objects.filter(user=owner).count() == 1
    html = response.content.decode()
    assert "You cannot remove owner@example.org" in html
    assert "First make another verified address primary" in html


@pytest.mark.django_db
def test_a_secondary_address_can_be_removed(owner_client, owner):
    EmailAddress.objects.create(user=owner, email="old@example.org", verified=True)
    owner_client.post("/accounts/email/", {"action_remove": "", "email": "old@example.org"})
    assert list(_addresses(owner)) == ["owner@example.org"]


@pytest.mark.django_db
def test_another_learners_address_cannot_be_touched(owner_client, other):
    owner_client.post("/accounts/email/", {"action_remove": "", "email": "other@example.org"})
    owner_client.post("/accounts/email/", {"action_primary": "", "email": "other@example.org"})
    assert _addresses(other) == {"other@example.org": (True, True)}


@pytest.mark.django_db
def test_email_page_lists_addresses_with_their_state(owner_client, owner):
    EmailAddress.objects.create(user=owner, email="new@example.org", verified=False)
    html = owner_client.get("/accounts/email/").content.decode()
    assert "owner@example.org" in html and "new@example.org" in html
    assert 'class="chip chip-ok">Verified' in html
    assert 'class="chip chip-warn">Not verified' in html
    assert 'name="action_remove"' in html


@pytest.mark.django_db
def test_adding_addresses_is_limited_per_learner(owner_client, owner):
    for n in range(5):
        response = owner_client.post(
            "/accounts/email/", {"action_add": "", "email": f"extra{n}@example.org"}
        )
        assert response.status_code == 302

    response = owner_client.post(
        "/accounts/email/", {"action_add": "", "email": "more@example.org"}
    )

    assert response.status_code == 429
    assert "more@example.org" not in _addresses(owner)
