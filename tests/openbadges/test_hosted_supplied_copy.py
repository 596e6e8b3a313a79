"""A hosted badge's supplied copy (pasted or baked JSON) is read before the issuer is asked.

The copy is trusted only to learn where the issuer publishes the badge, but one whose
structure is broken is refused as ``invalid``, naming the field, whether or not the
issuer can be reached.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from badges.openbadges.errors import ImportRefused
from badges.openbadges.verify import PayloadText, verify_payload
from tests.openbadges.fake_issuer import REMOVE, FakeIssuer, apply

NOW = datetime(2024, 6, 1, tzinfo=UTC)
IMPOSSIBLE_DATE = "2015-04-31T10:00:00Z"  # April has 30 days
DAMAGE = {
    "no badge": ({"badge": REMOVE}, "badge"),
    "impossible issuedOn": ({"issuedOn": IMPOSSIBLE_DATE}, "issuedOn"),
    "no recipient": ({"recipient": REMOVE}, "recipient"),
}


@pytest.fixture
def issuer():
    return FakeIssuer()


def unreachable(issuer: FakeIssuer) -> None:
    """Every address the issuer publishes at fails as an unreachable host would."""
    for url in list(issuer.fetcher.routes):
        issuer.fetcher.fail(url)


def broken_copy(issuer: FakeIssuer, version: str, damage: dict) -> tuple[str, str]:
    """Publish an intact hosted badge; its URL and a copy of it with ``damage`` done."""
    url, text = issuer.hosted_assertion(version=version)
    return url, json.dumps(apply(json.loads(text), damage))


def refused(payload: PayloadText, issuer: FakeIssuer, **options) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        verify_payload(payload, issuer.fetcher, now=NOW, **options)
    return caught.value


@pytest.mark.parametrize("version", ["1.0", "1.1", "2.0"])
@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
@pytest.mark.parametrize("reachable", [False, True], ids=["issuer down", "issuer up"])
def test_broken_supplied_copy_is_invalid_naming_the_field(issuer, version, damage, reachable):
    changes, field = damage
    _url, text = broken_copy(issuer, version, changes)
    if not reachable:
        unreachable(issuer)

    error = refused(PayloadText("json", text), issuer)

    assert error.code == "invalid"
    assert field in error.render()
    assert issuer.fetcher.requests == []


def test_the_impossible_date_is_quoted(issuer):
    _url, text = broken_copy(issuer, "2.0", {"issuedOn": IMPOSSIBLE_DATE})
    unreachable(issuer)

    error = refused(PayloadText("json", text), issuer)

    assert error.params == {"field": "issuedOn", "value": IMPOSSIBLE_DATE}


def test_broken_0_5_copy_is_invalid_before_its_address_is_fetched(issuer):
    url, text = broken_copy(issuer, "0.5", {"badge": REMOVE})
    unreachable(issuer)

    error = refused(PayloadText("json", text), issuer, source_url=url)

    assert error.code == "invalid"
    assert error.params["property"] == "badge"
    assert issuer.fetcher.requests == []


@pytest.mark.parametrize("version", ["1.0", "1.1", "2.0"])
def test_intact_copy_of_an_unreachable_issuer_is_still_a_fetch_failure(issuer, version):
    _url, text = issuer.hosted_assertion(version=version)
    unreachable(issuer)

    assert refused(PayloadText("json", text), issuer).code == "fetch_failed"


def test_broken_document_at_a_url_is_invalid_before_its_badge_class_is_fetched(issuer):
    url, text = broken_copy(issuer, "2.0", {"issuedOn": IMPOSSIBLE_DATE})
    unreachable(issuer)
    issuer.fetcher.serve(url, text)

    error = refused(PayloadText("url", url), issuer)

    assert error.code == "invalid"
    assert error.params["field"] == "issuedOn"
    assert issuer.fetcher.fetched(issuer.badge_url) == 0
