"""The public profile at /u/<slug>/: only what the learner chose to show."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from sharing.models import ContactLink
from tests.sharing.conftest import html
from tests.sharing.factories import (
    make_badge,
    make_badge_class,
    make_collection,
    make_public_badge,
    png_bytes,
)


@pytest.fixture
def learner(owner):
    owner.profile_is_public = True
    owner.bio = "Barista <b>&</b> trainer.\n\nBased in Montréal."
    owner.save()
    return owner


def profile_url(user) -> str:
    return reverse("sharing:profile", args=[user.public_slug])


def test_the_address_is_readable(learner):
    assert profile_url(learner) == f"/u/{learner.public_slug}/"


def test_shows_name_bio_and_contact_links_escaped(anon_client, learner):
    ContactLink.objects.create(user=learner, label="Portfolio <3", url="https://olive.example.org/")
    content = html(anon_client.get(profile_url(learner)))
    assert "<h1>Olive Owner</h1>" in content
    assert "<p>Barista &lt;b&gt;&amp;&lt;/b&gt; trainer.</p>" in content
    assert "<p>Based in Montréal.</p>" in content
    assert (
        'href="https://olive.example.org/" rel="me nofollow noopener">Portfolio &lt;3</a>'
        in content
    )


def test_shows_the_avatar_when_there_is_one(anon_client, learner):
    learner.avatar.save("a.png", ContentFile(png_bytes()), save=True)
    content = html(anon_client.get(profile_url(learner)))
    assert f'src="{learner.avatar_url}"' in content
    assert anon_client.get(learner.avatar_url).status_code == 200


def test_only_public_badges_and_collections_appear(anon_client, learner):
    shown = make_public_badge(learner, make_badge_class(name="Shown Latte Art"))
    hidden = make_badge(learner, make_badge_class(name="Secret Espresso"))
    public_shelf = make_collection(
        learner, [shown, hidden], name="Shown shelf", visibility="public"
    )
    make_collection(learner, [shown], name="Secret shelf")
    content = html(anon_client.get(profile_url(learner)))
    assert "Shown Latte Art" in content
    assert reverse("sharing:badge", args=[shown.public_id]) in content
    assert "Secret Espresso" not in content
    assert hidden.public_id not in content
    assert "Shown shelf" in content and "Secret shelf" not in content
    assert reverse("sharing:collection", args=[public_shelf.public_id]) in content
    # The count of the public collection leaves the private badge out.
    assert "1 badge</span>" in content


def test_the_learners_email_never_appears(anon_client, learner):
    make_public_badge(learner)
    learner.display_name = ""
    learner.save()
    content = html(anon_client.get(profile_url(learner)))
    assert learner.email not in content
    assert "A Passport learner" in content


def test_the_profile_offers_its_own_share_links(anon_client, learner):
    content = html(anon_client.get(profile_url(learner)))
    assert "share-link-linkedin-add" not in content
    for kind in ("linkedin", "x", "facebook", "email"):
        assert f"share-link share-link-{kind}" in content
    assert f'value="http://testserver/u/{learner.public_slug}/"' in content


@pytest.mark.parametrize("client_name", ["anon_client", "other_client", "owner_client"])
def test_a_private_profile_is_404_for_everyone(request, owner, client_name):
    make_public_badge(owner)
    client = request.getfixturevalue(client_name)
    assert client.get(profile_url(owner)).status_code == 404
    assert (
        client.get(reverse("sharing:profile_preview", args=[owner.public_slug])).status_code == 404
    )


def test_a_deactivated_learner_has_no_profile(anon_client, learner):
    learner.is_active = False
    learner.save()
    assert anon_client.get(profile_url(learner)).status_code == 404


def test_the_page_is_kept_a_minute_by_any_cache(anon_client, learner):
    cache_control = anon_client.get(profile_url(learner))["Cache-Control"]
    assert "public" in cache_control and "max-age=60" in cache_control


def test_public_pages_are_listed_and_others_are_not(anon_client, owner):
    from pages.models import Page

    owner.profile_is_public = True
    owner.save()
    shown = Page.objects.create(owner=owner, title="My portfolio", visibility="public")
    Page.objects.create(owner=owner, title="Secret draft", visibility="private")
    Page.objects.create(owner=owner, title="For one employer", visibility="unlisted")
    html = anon_client.get(f"/u/{owner.public_slug}/").content.decode()
    assert "My portfolio" in html and f"/pages/p/{shown.public_id}/" in html
    assert "Secret draft" not in html and "For one employer" not in html


def test_the_address_a_badge_was_issued_to_is_hidden_on_the_cards(anon_client, learner):
    # The badge went to an old school address, which its issuer also put in its name.
    make_public_badge(
        learner, name="Badge for old.me@school.example", recipient_email="old.me@school.example"
    )
    content = html(anon_client.get(profile_url(learner)))
    assert "old.me@" not in content
    assert "Badge for [e-mail address hidden]" in content
