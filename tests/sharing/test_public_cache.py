"""Public pages come from the cache until anything they show changes, and not a moment longer.

Each test first proves the page is really kept (a change behind the cache's back, a
raw ``update()`` that bumps nothing, stays unseen), then makes one change the way the
product does and expects it at once: the test fails if that write path forgot to bump.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from badges.models import Badge
from badges.services.collections import (
    move_in_collection,
    remove_from_collection,
    set_collection_visibility,
)
from badges.services.tags import add_tags
from badges.services.visibility import set_visibility
from pages import services as page_services
from pages.evidence import add_evidence, set_evidence_hidden
from pages.models import Block, Page
from passport.accounts.models import User
from passport.privacy import erase_account
from sharing.models import ContactLink, ShareStats, views_of
from tests.pages.factories import add_block, make_page
from tests.sharing.factories import (
    make_badge_class,
    make_check,
    make_collection,
    make_evidence,
    make_issuer,
    make_public_badge,
)


def badge_url(badge) -> str:
    return reverse("sharing:badge", args=[badge.public_id])


def get(client, url: str, **headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _behind_the_cache(badge: Badge, name: str) -> None:
    # No signal, no bump: only a page rendered afresh would show this.
    Badge.objects.filter(pk=badge.pk).update(name=name)


# --- the public badge page -----------------------------------------------------------


def test_a_second_visit_is_served_from_the_cache(anon_client, badge, django_assert_max_num_queries):
    ShareStats.objects.create(badge=badge)
    url = badge_url(badge)
    get(anon_client, url)
    _behind_the_cache(badge, "Renamed behind the cache")
    # 1 the badge (is it still public?); the view is counted in the cache, nothing else.
    with django_assert_max_num_queries(1):
        assert "Renamed behind the cache" not in get(Client(), url)
    assert views_of(badge=badge) == 2  # a cached view still counts


def test_etag_and_not_modified(anon_client, badge):
    first = anon_client.get(badge_url(badge))
    etag = first["ETag"]
    assert etag and "stale-while-revalidate" in first["Cache-Control"]
    assert "Accept-Language" in first["Vary"] and "Cookie" in first["Vary"]
    again = Client().get(badge_url(badge), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    make_evidence(badge, title="New evidence")
    after = Client().get(badge_url(badge), HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200 and after["ETag"] != etag


def test_evidence_added_and_hidden_show_at_once(anon_client, badge):
    get(anon_client, badge_url(badge))
    evidence = add_evidence(badge, title="Poster for the fair", narrative="I made it.")
    assert "Poster for the fair" in get(anon_client, badge_url(badge))
    set_evidence_hidden(evidence, True)
    assert "Poster for the fair" not in get(anon_client, badge_url(badge))


def test_made_private_is_404_at_once(anon_client, badge):
    get(anon_client, badge_url(badge))
    set_visibility(Badge.objects.filter(pk=badge.pk), Badge.Visibility.PRIVATE)
    assert anon_client.get(badge_url(badge)).status_code == 404


def test_account_deleted_is_404_at_once(anon_client, badge, owner):
    get(anon_client, badge_url(badge))
    erase_account(owner)
    assert anon_client.get(badge_url(badge)).status_code == 404


def test_a_new_name_shows_at_once(anon_client, badge, owner):
    get(anon_client, badge_url(badge))
    owner.display_name = "Olivia New-Name"
    owner.save()
    assert "Olivia New-Name" in get(anon_client, badge_url(badge))


def test_a_re_verification_shows_at_once(anon_client, badge):
    assert "Revoked by the issuer" not in get(anon_client, badge_url(badge))
    badge.status = Badge.Status.REVOKED
    badge.save(update_fields=["status"])  # as badges.reverify stores it
    make_check(badge, status=Badge.Status.REVOKED)
    assert "Revoked by the issuer" in get(anon_client, badge_url(badge))


def test_each_language_has_its_own_copy(anon_client, badge):
    assert 'lang="en"' in get(anon_client, badge_url(badge), HTTP_ACCEPT_LANGUAGE="en")
    assert 'lang="fr"' in get(Client(), badge_url(badge), HTTP_ACCEPT_LANGUAGE="fr")
    assert 'lang="en"' in get(Client(), badge_url(badge), HTTP_ACCEPT_LANGUAGE="en")


def test_each_host_has_its_own_copy(settings, badge):
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    assert "http://one.example/b/" in get(Client(HTTP_HOST="one.example"), badge_url(badge))
    assert "http://two.example/b/" in get(Client(HTTP_HOST="two.example"), badge_url(badge))


def test_the_owner_is_never_served_from_the_cache(owner_client, anon_client, badge):
    get(anon_client, badge_url(badge))
    _behind_the_cache(badge, "Renamed behind the cache")
    response = owner_client.get(badge_url(badge))
    assert "Renamed behind the cache" in response.content.decode()
    assert "ETag" not in response and "no-cache" in response["Cache-Control"]


def test_a_kept_page_gives_no_visitor_a_cookie_or_token(badge):
    for _ in range(2):
        response = Client().get(badge_url(badge))
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert not response.cookies and "public" in response["Cache-Control"]


def test_a_kept_page_with_a_form_gives_each_visitor_their_own_token(rf, badge):
    # No public page holds a form today; one that did would not leak its token.
    from django.template import engines

    from passport.web import pagecache

    form = engines["django"].from_string('<form method="post">{% csrf_token %}</form>')
    tokens = []
    for _ in range(2):
        request = rf.get("/kept-with-a-form/")
        request.user, request.LANGUAGE_CODE = AnonymousUser(), "en"
        response = pagecache.cached_page(
            request,
            owner_id=badge.owner_id,
            name="test",
            build=lambda request=request: HttpResponse(form.render({}, request)),
        )
        html = response.content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
        assert "\x00" not in token and "private" in response["Cache-Control"]
        tokens.append(token)
    assert tokens[0] != tokens[1]


# --- profile, collection, page ---------------------------------------------------------


@pytest.fixture
def profile_url(owner):
    owner.profile_is_public = True
    owner.save()
    return reverse("sharing:profile", args=[owner.public_slug])


def test_the_profile_follows_every_change(anon_client, owner, profile_url):
    badge = make_public_badge(owner, make_badge_class(make_issuer(), name="Welding"))
    get(anon_client, profile_url)
    _behind_the_cache(badge, "Unseen")
    assert "Unseen" not in get(anon_client, profile_url)
    ContactLink.objects.create(user=owner, label="My blog", url="https://blog.example.org/")
    assert "My blog" in get(anon_client, profile_url)
    make_collection(owner, [badge], name="Shelf of mine", visibility="public")
    assert "Shelf of mine" in get(anon_client, profile_url)
    set_visibility(Badge.objects.filter(pk=badge.pk), Badge.Visibility.PRIVATE)
    assert "Unseen" not in get(anon_client, profile_url)
    owner.profile_is_public = False
    owner.save()
    assert anon_client.get(profile_url).status_code == 404


def test_the_collection_follows_every_change(anon_client, owner):
    first = make_public_badge(owner, make_badge_class(make_issuer(), name="First badge"))
    second = make_public_badge(owner, make_badge_class(make_issuer(), name="Second badge"))
    shown = make_collection(owner, [first, second], visibility="public")
    url = reverse("sharing:collection", args=[shown.public_id])
    page = get(anon_client, url)
    assert page.index("First badge") < page.index("Second badge")
    move_in_collection(shown, second, "up")
    page = get(anon_client, url)
    assert page.index("Second badge") < page.index("First badge")
    remove_from_collection(shown, first)
    assert "First badge" not in get(anon_client, url)
    shown.name = "Renamed shelf"
    shown.save()
    assert "Renamed shelf" in get(anon_client, url)
    set_collection_visibility(shown, "private")
    assert anon_client.get(url).status_code == 404


def test_the_page_follows_every_change(anon_client, owner):
    badge = make_public_badge(owner, make_badge_class(make_issuer(), name="Pottery"))
    page = make_page(owner, visibility=Page.Visibility.PUBLIC)
    block = add_block(page, Block.Kind.TEXT, text="First words")
    url = reverse("pages:public", args=[page.public_id])
    assert "First words" in get(anon_client, url)
    page_services.update_block(block, {"text": "Second words"})
    assert "Second words" in get(anon_client, url)
    tag = add_tags([badge], owner, ["kiln"])[0]
    tag_block = add_block(page, Block.Kind.BADGE_GROUP, tag=tag)
    assert "Pottery" in get(anon_client, url)
    set_visibility(Badge.objects.filter(pk=badge.pk), Badge.Visibility.PRIVATE)
    assert "Pottery" not in get(anon_client, url)
    page_services.remove_block(tag_block)
    page.visibility = Page.Visibility.PRIVATE
    page.save()
    assert anon_client.get(url).status_code == 404


def test_a_deleted_account_takes_its_profile_at_once(anon_client, owner, profile_url):
    get(anon_client, profile_url)
    erase_account(owner)
    assert not User.objects.filter(pk=owner.pk).exists()
    assert anon_client.get(profile_url).status_code == 404


def test_without_a_shared_cache_pages_are_rendered_each_time(settings, anon_client, badge):
    # Local memory is one worker's own: another worker's edit would never reach it.
    settings.PUBLIC_PAGE_CACHE = False
    get(anon_client, badge_url(badge))
    _behind_the_cache(badge, "Renamed behind the cache")
    response = Client().get(badge_url(badge))
    assert "Renamed behind the cache" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


def test_a_new_release_never_serves_the_last_ones_pages(anon_client, badge, monkeypatch):
    from passport.web import pagecache

    get(anon_client, badge_url(badge))
    _behind_the_cache(badge, "Renamed behind the cache")
    assert "Renamed behind the cache" not in get(anon_client, badge_url(badge))
    monkeypatch.setattr(pagecache, "release", lambda: "the-next-release")
    assert "Renamed behind the cache" in get(anon_client, badge_url(badge))


def test_the_release_digest_follows_the_templates(settings, tmp_path):
    from passport.web import pagecache

    (tmp_path / "page.html").write_text("one")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    settings.LOCALE_PATHS = []
    pagecache.release.cache_clear()
    try:
        first = pagecache.release()
        pagecache.release.cache_clear()
        assert pagecache.release() == first  # the same files, the same digest
        (tmp_path / "page.html").write_text("two")
        pagecache.release.cache_clear()
        assert pagecache.release() != first
    finally:
        pagecache.release.cache_clear()


def test_the_release_digest_follows_the_projects_code(monkeypatch, tmp_path):
    """Cards and chips are drawn by Python, not templates: a release that changes how
    they look must not serve the pages and parts its predecessor kept."""
    from pathlib import Path

    from django.conf import settings

    from passport.web import pagecache

    apps = pagecache._project_apps()
    base = Path(settings.BASE_DIR).resolve()
    assert {base / "badges", base / "passport", base / "pages", base / "sharing"} <= set(apps)
    assert all("site-packages" not in app.parts for app in apps)  # not Django, allauth, ...
    (tmp_path / "tags.py").write_text("DRAWN = 'one'")
    monkeypatch.setattr(pagecache, "_project_apps", lambda: [tmp_path])
    pagecache.release.cache_clear()
    try:
        first = pagecache.release()
        (tmp_path / "tags.py").write_text("DRAWN = 'two'")
        pagecache.release.cache_clear()
        assert pagecache.release() != first
    finally:
        pagecache.release.cache_clear()
