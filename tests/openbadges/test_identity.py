"""Matching a badge's recipient against a learner's verified e-mail addresses."""

from __future__ import annotations

import hashlib

import pytest

from badges.openbadges.credential import Recipient
from badges.openbadges.identity import (
    email_variants,
    hash_identity,
    match_email,
    recipient_matches,
)

# The check value from the Open Badges 2.0 specification's examples.
SPEC_HASH = "sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942"


def hashed(identity: str, salt: str = "", kind: str = "email") -> Recipient:
    return Recipient(type=kind, identity=identity, hashed=True, salt=salt)


def test_spec_check_value_is_nobody_at_example_org():
    recipient = hashed(SPEC_HASH, salt="deadsea")

    assert recipient_matches(recipient, "nobody@example.org")
    assert not recipient_matches(recipient, "somebody@example.org")
    assert not recipient_matches(hashed(SPEC_HASH, salt="other"), "nobody@example.org")


def test_hash_identity_reproduces_the_spec_value():
    assert hash_identity("nobody@example.org", "deadsea") == SPEC_HASH


def test_upper_case_hex_digests_match():
    alg, digest = SPEC_HASH.split("$")

    assert recipient_matches(hashed(f"{alg}${digest.upper()}", "deadsea"), "nobody@example.org")


def test_md5_identities_match():
    digest = hashlib.md5(b"learner@example.orgpepper").hexdigest()

    assert recipient_matches(hashed(f"md5${digest}", "pepper"), "learner@example.org")


def test_unsalted_hash_matches():
    assert recipient_matches(hashed(hash_identity("a@b.org")), "a@b.org")


@pytest.mark.parametrize(
    ("issuer_hashed", "learner_has"),
    [
        ("nobody@example.org", "Nobody@Example.ORG"),  # issuer lower-cased everything
        ("Nobody@example.org", "Nobody@EXAMPLE.org"),  # issuer lower-cased the domain only
        ("Nobody@Example.org", "Nobody@Example.org"),  # issuer kept the address as given
    ],
)
def test_address_casing_variants_are_tried(issuer_hashed, learner_has):
    recipient = hashed(hash_identity(issuer_hashed, "s"), "s")

    assert recipient_matches(recipient, learner_has)


def test_email_variants_are_unique_and_start_with_the_address_as_given():
    variants = email_variants(" Ann@Example.ORG ")
    assert variants[:2] == ["Ann@Example.ORG", "ann@example.org"]
    assert "Ann@example.org" in variants
    assert len(variants) == len(set(variants))


def test_email_variants_cover_how_people_type_a_stored_lower_case_address():
    variants = email_variants("jane.doe@school.ca")
    assert variants[0] == "jane.doe@school.ca"
    for typed in ("JANE.DOE@SCHOOL.CA", "Jane.Doe@school.ca", "Jane.doe@school.ca"):
        assert typed in variants


def test_plain_email_identities_compare_case_insensitively():
    recipient = Recipient(type="email", identity="Ann@Example.org")

    assert recipient_matches(recipient, "ann@example.ORG")
    assert recipient_matches(
        Recipient(type="email", identity="mailto:ann@example.org"), "ann@example.org"
    )
    assert not recipient_matches(recipient, "anne@example.org")


@pytest.mark.parametrize("kind", ["url", "telephone", "id", "name"])
def test_non_email_recipients_never_match_an_email(kind):
    plain = Recipient(type=kind, identity="ann@example.org")
    hashed_one = hashed(hash_identity("ann@example.org"), kind=kind)

    assert not recipient_matches(plain, "ann@example.org")
    assert not recipient_matches(hashed_one, "ann@example.org")


def test_malformed_identities_do_not_match():
    assert not recipient_matches(hashed("sha999$abcdef"), "a@b.org")
    assert not recipient_matches(hashed("a@b.org"), "a@b.org")  # says hashed, is not
    assert not recipient_matches(Recipient(type="email", identity=""), "a@b.org")
    assert not recipient_matches(hashed(hash_identity("a@b.org")), "not-an-address")


def test_match_email_returns_the_learners_matching_address():
    recipients = (hashed(SPEC_HASH, "deadsea"),)

    assert (
        match_email(recipients, ["me@home.example", "nobody@example.org"]) == "nobody@example.org"
    )
    assert match_email(recipients, ["me@home.example"]) is None
    assert match_email((), ["nobody@example.org"]) is None


def test_match_email_keeps_the_learners_spelling():
    recipients = (hashed(hash_identity("ann@example.org")),)

    assert match_email(recipients, ["ANN@example.org"]) == "ANN@example.org"
