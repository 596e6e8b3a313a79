"""The OAuth 2.0 server's production settings: https redirects, hashed tokens, S256."""

import json

from tests.passport.test_deploy_settings import _manage

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "SECRET_KEY": "k3J9-production-like-secret-" + "x7Qp2vR8sT4wY6zA1bC3dE5fG" * 2,
    "ALLOWED_HOSTS": "passport.example.ca",
}
SHOW = (
    "import json; from django.conf import settings as s; o = s.OAUTH2_PROVIDER; "
    "print(json.dumps({k: o[k] for k in ('ALLOWED_REDIRECT_URI_SCHEMES', 'PKCE_REQUIRED', "
    "'COMPLIANT_BCP_RFC9700_PKCE_METHOD', 'COMPLIANT_BCP_RFC9700_TOKEN_STORAGE', "
    "'COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME', 'REFRESH_TOKEN_REUSE_PROTECTION')}))"
)


def test_production_allows_only_https_redirects_and_stores_token_checksums():
    result = _manage("shell", "-c", SHOW, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
        "PKCE_REQUIRED": True,
        "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
        "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
        "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": True,
        "REFRESH_TOKEN_REUSE_PROTECTION": True,
    }


def test_the_oauth_servers_deploy_checks_are_clean():
    result = _manage("check", "--deploy", "--tag", "security", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "oauth2_provider" not in result.stdout + result.stderr
