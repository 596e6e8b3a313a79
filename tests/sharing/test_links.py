"""The exact share URLs, with names that need every kind of encoding."""

from __future__ import annotations

from datetime import UTC, date, datetime
from urllib.parse import parse_qsl, urlsplit

from sharing import links, share
from tests.sharing.factories import (
    make_badge_class,
    make_collection,
    make_issuer,
    make_public_badge,
)

NAME = 'Café "Barista" & Co — Niveau 2'
ORG = "L'École d'été & Associés"
URL = "https://passport.example.org/b/AbC-123_x/"


def test_linkedin_add_to_profile_is_exact():
    href = links.linkedin_add_to_profile(
        name=NAME,
        organization=ORG,
        issued_on=date(2024, 3, 5),
        expires=date(2027, 11, 30),
        cert_url=URL,
        cert_id="AbC-123_x",
    )
    assert href == (
        "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME"
        "&name=Caf%C3%A9%20%22Barista%22%20%26%20Co%20%E2%80%94%20Niveau%202"
        "&organizationName=L%27%C3%89cole%20d%27%C3%A9t%C3%A9%20%26%20Associ%C3%A9s"
        "&issueYear=2024&issueMonth=3&expirationYear=2027&expirationMonth=11"
        "&certUrl=https%3A%2F%2Fpassport.example.org%2Fb%2FAbC-123_x%2F"
        "&certId=AbC-123_x"
    )


def test_linkedin_add_to_profile_leaves_out_expiry_when_there_is_none():
    href = links.linkedin_add_to_profile(
        name=NAME, organization=ORG, issued_on=date(2024, 3, 5), expires=None,
        cert_url=URL, cert_id="x",
    )  # fmt: skip
    assert "expiration" not in href
    assert [key for key, _ in parse_qsl(urlsplit(href).query)] == [
        "startTask", "name", "organizationName", "issueYear", "issueMonth", "certUrl", "certId",
    ]  # fmt: skip
    assert dict(parse_qsl(urlsplit(href).query))["name"] == NAME


def test_linkedin_post_is_exact():
    assert links.linkedin_post(URL) == (
        "https://www.linkedin.com/sharing/share-offsite/"
        "?url=https%3A%2F%2Fpassport.example.org%2Fb%2FAbC-123_x%2F"
    )


def test_twitter_intent_is_exact():
    assert links.twitter(text=f"I earned “{NAME}”", url=URL) == (
        "https://twitter.com/intent/tweet"
        "?text=I%20earned%20%E2%80%9CCaf%C3%A9%20%22Barista%22%20%26%20Co%20%E2%80%94"
        "%20Niveau%202%E2%80%9D"
        "&url=https%3A%2F%2Fpassport.example.org%2Fb%2FAbC-123_x%2F"
    )


def test_facebook_sharer_is_exact():
    assert links.facebook(URL) == (
        "https://www.facebook.com/sharer/sharer.php"
        "?u=https%3A%2F%2Fpassport.example.org%2Fb%2FAbC-123_x%2F"
    )


def test_mailto_encodes_spaces_as_percent_20_never_plus():
    href = links.email(subject=f"My badge {NAME}", body=f"See it & check it: {URL}")
    assert href == (
        "mailto:?subject=My%20badge%20Caf%C3%A9%20%22Barista%22%20%26%20Co%20%E2%80%94"
        "%20Niveau%202"
        "&body=See%20it%20%26%20check%20it%3A%20https%3A%2F%2Fpassport.example.org"
        "%2Fb%2FAbC-123_x%2F"
    )
    assert "+" not in href


def test_the_owners_badge_links_carry_the_badge_and_its_dates(owner):
    issuer = make_issuer(name=ORG)
    badge = make_public_badge(
        owner,
        make_badge_class(issuer, name=NAME),
        issued_on=datetime(2023, 6, 15, 12, tzinfo=UTC),
        expires=datetime(2026, 1, 20, 12, tzinfo=UTC),
    )
    found = {link.key: link.href for link in share.for_badge(badge, URL, owner=True)}
    assert list(found) == ["linkedin-add", "linkedin", "x", "facebook", "email"]
    add = dict(parse_qsl(urlsplit(found["linkedin-add"]).query))
    assert add == {
        "startTask": "CERTIFICATION_NAME",
        "name": NAME,
        "organizationName": ORG,
        "issueYear": "2023",
        "issueMonth": "6",
        "expirationYear": "2026",
        "expirationMonth": "1",
        "certUrl": URL,
        "certId": badge.public_id,
    }
    tweet = dict(parse_qsl(urlsplit(found["x"]).query))
    assert tweet == {"text": f"I earned “{NAME}” from {ORG}.", "url": URL}
    mail = dict(parse_qsl(urlsplit(found["email"]).query))
    assert URL in mail["body"] and NAME in mail["subject"]


def test_visitors_get_no_add_to_profile_and_name_the_learner(owner):
    badge = make_public_badge(owner, make_badge_class(name=NAME))
    found = {link.key: link.href for link in share.for_badge(badge, URL, owner=False)}
    assert "linkedin-add" not in found
    tweet = dict(parse_qsl(urlsplit(found["x"]).query))
    assert "Olive Owner" in tweet["text"]


def test_profile_and_collection_links_have_no_add_to_profile(owner):
    profile_links = share.for_profile(owner, URL, owner=True)
    collection_links = share.for_collection(make_collection(owner, name=NAME), URL, owner=True)
    for found in (profile_links, collection_links):
        assert [link.key for link in found] == ["linkedin", "x", "facebook", "email"]
    tweet = dict(parse_qsl(urlsplit(collection_links[1].href).query))
    assert NAME in tweet["text"] and tweet["url"] == URL


def test_linkedin_dates_are_the_issuers_not_shifted_by_time_zone(owner, settings):
    settings.TIME_ZONE = "America/Toronto"
    badge = make_public_badge(owner, issued_on=datetime(2010, 1, 1, 0, 0, tzinfo=UTC))
    add = dict(parse_qsl(urlsplit(share.linkedin_add_url(badge, URL)).query))
    assert (add["issueYear"], add["issueMonth"]) == ("2010", "1")
