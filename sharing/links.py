"""The exact share URLs of LinkedIn, X, Facebook and e-mail. Plain Python, no Django.

Every value is percent-encoded with ``quote`` (spaces as ``%20``, never ``+``): mail
programs read ``+`` in a ``mailto:`` literally, and the social sites accept either.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import quote, urlencode

LINKEDIN_ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"
LINKEDIN_POST = "https://www.linkedin.com/sharing/share-offsite/"
TWITTER_INTENT = "https://twitter.com/intent/tweet"
FACEBOOK_SHARER = "https://www.facebook.com/sharer/sharer.php"


def _query(params: list[tuple[str, str]]) -> str:
    return urlencode(params, quote_via=quote, safe="")


def linkedin_add_to_profile(
    *,
    name: str,
    organization: str,
    issued_on: date | None,
    expires: date | None,
    cert_url: str,
    cert_id: str,
) -> str:
    """LinkedIn's "Add licence or certification" form, filled in; the issue and expiry
    dates only when the badge states them (never a date Passport would have to invent)."""
    params = [
        ("startTask", "CERTIFICATION_NAME"),
        ("name", name),
        ("organizationName", organization),
    ]
    if issued_on is not None:
        params += [("issueYear", str(issued_on.year)), ("issueMonth", str(issued_on.month))]
    if expires is not None:
        params += [("expirationYear", str(expires.year)), ("expirationMonth", str(expires.month))]
    params += [("certUrl", cert_url), ("certId", cert_id)]
    return f"{LINKEDIN_ADD_TO_PROFILE}?{_query(params)}"


def linkedin_post(url: str) -> str:
    return f"{LINKEDIN_POST}?{_query([('url', url)])}"


def twitter(*, text: str, url: str) -> str:
    return f"{TWITTER_INTENT}?{_query([('text', text), ('url', url)])}"


def facebook(url: str) -> str:
    return f"{FACEBOOK_SHARER}?{_query([('u', url)])}"


def email(*, subject: str, body: str) -> str:
    return f"mailto:?{_query([('subject', subject), ('body', body)])}"
