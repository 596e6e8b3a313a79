"""The owner's share panel on their badge's page, and the explicit step that publishes."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from badges.models import Badge
from tests.sharing.conftest import html
from tests.sharing.factories import make_badge


@pytest.fixture
def private_badge(owner):
    return make_badge(owner, original='{"recipient": {"identity": "sha256$abc", "hashed": true}}')


def detail(client, badge: Badge) -> str:
    return html(client.get(reverse("badges:detail", args=[badge.pk])))


def hrefs(content: str) -> dict[str, str]:
    """The share links of the panel, by their kind."""
    panel = content[content.index('id="share"') :]
    found = re.findall(r'class="share-link share-link-([a-z-]+)" href="([^"]+)"([^>]*)>', panel)
    return {kind: unescape(href) for kind, href, _ in found}


def test_a_private_badge_asks_to_publish_first(owner_client, private_badge):
    content = detail(owner_client, private_badge)
    assert "This badge is private." in content
    assert f'action="{reverse("sharing:publish", args=[private_badge.public_id])}"' in content
    assert "Make public and share" in content
    assert "share-link-" not in content
    assert private_badge.public_id not in content.split('id="share"')[1].split("</form>")[1]


def test_publishing_is_an_explicit_post_by_the_owner(owner_client, private_badge):
    url = reverse("sharing:publish", args=[private_badge.public_id])
    assert owner_client.get(url).status_code == 405
    private_badge.refresh_from_db()
    assert private_badge.visibility == "private"
    response = owner_client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("badges:detail", args=[private_badge.pk]) + "#share"
    private_badge.refresh_from_db()
    assert private_badge.visibility == "public"


@pytest.mark.parametrize("client_name", ["other_client", "anon_client"])
def test_nobody_else_can_publish(request, private_badge, client_name):
    client = request.getfixturevalue(client_name)
    response = client.post(reverse("sharing:publish", args=[private_badge.public_id]))
    assert response.status_code in (302, 404)  # anonymous visitors are sent to log in
    if client_name == "other_client":
        assert response.status_code == 404
    private_badge.refresh_from_db()
    assert private_badge.visibility == "private"


def test_a_public_badge_shows_every_share_link(owner_client, badge):
    content = detail(owner_client, badge)
    links = hrefs(content)
    public_url = f"http://testserver/b/{badge.public_id}/"
    assert list(links) == ["linkedin-add", "linkedin", "x", "facebook", "email"]
    assert links["linkedin-add"].startswith(
        "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=Caf%C3%A9"
    )
    assert "certUrl=http%3A%2F%2Ftestserver%2Fb%2F" in links["linkedin-add"]
    assert links["linkedin"].endswith("?url=" + public_url.replace(":", "%3A").replace("/", "%2F"))
    assert links["x"].startswith("https://twitter.com/intent/tweet?text=")
    assert links["facebook"].startswith("https://www.facebook.com/sharer/sharer.php?u=")
    assert links["email"].startswith("mailto:?subject=")
    assert f'value="{public_url}"' in content and "readonly" in content


def test_off_site_links_open_with_noopener(owner_client, badge):
    panel = detail(owner_client, badge).split('id="share"')[1]
    for kind, attributes in re.findall(r'share-link-([a-z-]+)" href="[^"]+"([^>]*)>', panel):
        if kind == "email":
            assert "target" not in attributes
        else:
            assert 'target="_blank" rel="noopener"' in attributes


def test_the_panel_offers_embed_qr_files_and_the_copy_script(owner_client, badge):
    content = detail(owner_client, badge)
    embed = reverse("sharing:embed_badge", args=[badge.public_id])
    # The snippet is shown as text: its own quotes are escaped once more.
    assert f"&lt;iframe src=&quot;http://testserver{embed}&quot;" in content
    assert "Café &amp;quot;Barista&amp;quot; Level 2" in content  # escaped inside the title
    assert reverse("sharing:qr_svg", args=[badge.public_id]) in content
    assert reverse("sharing:qr_png", args=[badge.public_id]) in content
    assert reverse("sharing:credential_json", args=[badge.public_id]) in content
    assert "/static/js/copy-link.js" in content
    assert "/static/css/sharing.css" in content


def test_the_panel_warns_when_the_credential_names_the_email(owner_client, owner):
    plain = make_badge(owner, original=f'{{"recipient": {{"identity": "{owner.email}"}}}}')
    assert "wrote your e-mail address" in detail(owner_client, plain)


def test_no_warning_when_the_recipient_is_hashed(owner_client, private_badge):
    assert "wrote your e-mail address" not in detail(owner_client, private_badge)


def test_the_panel_links_to_the_sharing_settings(owner_client, badge):
    assert reverse("sharing:settings") in detail(owner_client, badge)
