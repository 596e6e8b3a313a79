"""Every account page, allauth's included, is drawn in Passport's own layout."""

import pytest

PUBLIC_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/confirm-email/",
]
ACCOUNT_PAGES = [
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/logout/",
    "/accounts/profile/",
    "/accounts/privacy/",
    "/accounts/security/",
    "/accounts/delete/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_account_pages_use_the_site_layout(anon_client, url):
    html = anon_client.get(url).content.decode()
    assert 'class="site-header"' in html
    assert '<main id="main"' in html
    assert 'href="/static/css/passport.css"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", ACCOUNT_PAGES)
def test_signed_in_account_pages_use_the_site_layout(owner_client, url):
    response = owner_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert 'class="account-menu"' in html
    assert "<h1>" in html
