"""The import service: every way in, stored once, refused cleanly."""

from __future__ import annotations

import functools

import pytest

from badges.models import Badge, VerificationCheck
from badges.openbadges.bake import bake_png
from badges.openbadges.fetch_budget import BudgetedFetcher
from badges.openbadges.fetch_cache import CachingFetcher
from badges.services.importing import ImportSource, import_badges
from tests.badges.conftest import png_bytes, stored_files
from tests.conftest import make_learner

EMAIL = "owner@example.org"


def _one(user, source, fetcher=None):
    [outcome] = import_badges(user, [source], fetcher=fetcher)
    return outcome


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("version", "spec"), [("0.5", "0.5"), ("1.0", "1.0"), ("1.1", "1.0"), ("2.0", "2.0")]
)
def test_hosted_badge_of_every_version_is_imported_from_its_url(owner, issuer, version, spec):
    url, _text = issuer.hosted_assertion(EMAIL, version)
    outcome = _one(owner, ImportSource.from_url(url))
    assert outcome.ok, outcome.message
    badge = outcome.badge
    assert (badge.spec, badge.status, badge.name) == (spec, "verified", "Robotics")
    assert badge.issuer.name == "Robot Academy"
    assert badge.recipient_email == EMAIL and badge.recipient_confirmed
    assert badge.verification["method"] == "hosted"
    assert VerificationCheck.objects.filter(badge=badge, status="verified").count() == 1


@pytest.mark.django_db
def test_imported_badge_keeps_every_detail_and_the_image(owner, issuer, media_root):
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    badge = _one(owner, ImportSource.from_url(url)).badge
    assert badge.criteria_narrative == "Build a *robot*."
    assert badge.criteria_url == "https://issuer.example/criteria/robotics"
    assert badge.tags == ["robots", "engineering"]
    assert badge.alignments[0]["name"] == "Robot building"
    assert badge.image.read() == png_bytes()
    assert badge.issuer.url == "https://issuer.example"
    assert badge.achievement_id == "https://issuer.example/badges/robotics.json"
    assert (badge.trust, badge.trust_source) == ("issuer_confirmed", "issuer.example")


@pytest.mark.django_db
def test_signed_badge_pasted_as_jws(owner, issuer):
    token = issuer.signed_assertion(EMAIL, "2.0")
    outcome = _one(owner, ImportSource.from_text(token))
    assert outcome.ok, outcome.message
    assert outcome.badge.verification["method"] == "signed"
    assert outcome.badge.original == token


@pytest.mark.django_db
def test_baked_png_keeps_the_original_file_exactly(owner, issuer):
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    baked = bake_png(png_bytes((10, 200, 10)), url)
    badge = _one(owner, ImportSource.from_file("robotics.png", baked)).badge
    assert badge.original_file.read() == baked
    assert badge.original_filename == "robotics.png"


@pytest.mark.django_db
def test_baked_svg_with_a_signed_badge(owner, issuer):
    token = issuer.signed_assertion(EMAIL, "2.0")
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org" '
        f'width="10" height="10"><openbadges:assertion verify="{token}"/>'
        '<rect width="10" height="10"/></svg>'
    ).encode()
    badge = _one(owner, ImportSource.from_file("badge.svg", svg)).badge
    assert badge.original_file.name.endswith(".svg")
    assert badge.verification["method"] == "signed"


@pytest.mark.django_db
@pytest.mark.parametrize("depth", [1_000, 50_000])
def test_deeply_nested_svg_is_refused_and_the_batch_goes_on(owner, issuer, depth):
    hostile = (
        '<svg xmlns="http://www.w3.org/2000/svg">' + "<g>" * depth + "</g>" * depth + "</svg>"
    ).encode()
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    sources = [ImportSource.from_file("deep.svg", hostile), ImportSource.from_url(url)]

    refused, imported = import_badges(owner, sources)

    assert (refused.ok, refused.code) == (False, "invalid")
    assert "levels deep" in refused.message
    assert imported.ok, imported.message
    assert Badge.objects.filter(owner=owner).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "spelling", ["Owner@example.org", "OWNER@EXAMPLE.ORG", "owner@Example.Org"]
)
def test_recipient_case_differences_still_match(owner, issuer, spelling):
    url, _text = issuer.hosted_assertion(spelling, "2.0")
    outcome = _one(owner, ImportSource.from_url(url))
    assert outcome.ok, outcome.message


@pytest.mark.django_db
def test_badge_for_another_address_is_refused_and_nothing_is_stored(owner, issuer, media_root):
    url, _text = issuer.hosted_assertion("someone.else@example.org", "2.0", hashed=False)
    outcome = _one(owner, ImportSource.from_url(url))
    assert outcome.code == "recipient_mismatch"
    assert "someone.else@example.org" in outcome.message
    assert "verify that address" in outcome.message
    assert not Badge.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_unverified_address_does_not_count(issuer):
    learner = make_learner("late@example.org", verified=False)
    url, _text = issuer.hosted_assertion("late@example.org", "2.0")
    assert _one(learner, ImportSource.from_url(url)).code == "recipient_mismatch"


@pytest.mark.django_db
def test_second_copy_is_a_duplicate_linked_to_the_first(owner, issuer):
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    first = _one(owner, ImportSource.from_url(url)).badge
    again = _one(owner, ImportSource.from_url(url))
    assert again.code == "duplicate"
    assert again.existing == first
    assert Badge.objects.count() == 1


@pytest.mark.django_db
def test_revoked_badge_is_refused_with_the_reason(owner, issuer):
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    issuer.revoke(url, reason="Awarded in error")
    outcome = _one(owner, ImportSource.from_url(url))
    assert outcome.code == "revoked"
    assert not Badge.objects.exists()


@pytest.mark.django_db
def test_unreachable_issuer_is_fetch_failed(owner, issuer):
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    issuer.fetcher.serve(url, "Internal error", status=500)
    assert _one(owner, ImportSource.from_url(url)).code == "fetch_failed"


@pytest.mark.django_db
def test_oversized_upload_is_refused_before_reading(owner, issuer):
    class Upload:
        name = "huge.png"
        size = 11 * 1024 * 1024

        def read(self):
            raise AssertionError("an oversized upload must not be read")

    assert _one(owner, ImportSource.from_upload(Upload())).code == "too_large"


@pytest.mark.django_db
def test_image_without_badge_data(owner, issuer):
    assert _one(owner, ImportSource.from_file("photo.png", png_bytes())).code == "no_badge_data"


@pytest.mark.django_db
def test_malformed_json_is_invalid(owner, issuer):
    outcome = _one(owner, ImportSource.from_text('{"@context": "https://w3id.org/openbadges/v2",'))
    assert outcome.code == "invalid"


@pytest.mark.django_db
def test_loopback_url_is_blocked_by_the_real_fetcher(owner, settings):
    settings.BADGE_FETCH_ALLOWED_HOSTS = []
    [outcome] = import_badges(owner, [ImportSource.from_url("http://127.0.0.1:9/assertion")])
    assert outcome.code == "blocked_url"


@pytest.mark.django_db
def test_failure_while_storing_leaves_no_row_and_no_file(owner, issuer, media_root, monkeypatch):
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    baked = bake_png(png_bytes(), url)

    def broken_create(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(VerificationCheck.objects, "create", broken_create)
    with pytest.raises(RuntimeError):
        import_badges(owner, [ImportSource.from_file("b.png", baked)])
    assert not Badge.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_learners_of_one_badge_class_each_keep_their_own_copy(owner, other, issuer):
    for learner in (owner, other):
        url, _text = issuer.hosted_assertion(learner.email, "2.0")
        assert _one(learner, ImportSource.from_url(url)).ok
    mine, theirs = Badge.objects.get(owner=owner), Badge.objects.get(owner=other)
    assert mine.name == theirs.name == "Robotics"
    assert mine.image.name != theirs.image.name
    assert mine.issuer_key == theirs.issuer_key


@pytest.mark.django_db
def test_shared_documents_are_fetched_once_per_run(owner, issuer):
    urls = [issuer.hosted_assertion(EMAIL, "2.0")[0] for _ in range(5)]
    fetcher = CachingFetcher(issuer.fetcher, None)  # as get_fetcher() builds it
    outcomes = import_badges(owner, [ImportSource.from_url(u) for u in urls], fetcher=fetcher)
    assert all(o.ok for o in outcomes)
    assert issuer.fetcher.fetched(issuer.profile_url) == 1
    assert issuer.fetcher.fetched(issuer.badge_url) == 1


@pytest.mark.django_db
def test_fifty_badges_of_one_issuer_fetch_each_shared_document_once(owner, issuer):
    # Signed badges need the issuer, the badge class, the key, the revocation list and
    # the image: one fetch each for the whole run, however many badges share them.
    tokens = [issuer.signed_assertion(EMAIL, "2.0") for _ in range(25)]
    urls = [issuer.hosted_assertion(EMAIL, "2.0")[0] for _ in range(25)]
    sources = [ImportSource.from_text(t) for t in tokens] + [ImportSource.from_url(u) for u in urls]
    fetcher = CachingFetcher(issuer.fetcher, None)
    outcomes = import_badges(owner, sources, fetcher=fetcher)
    assert [o.ok for o in outcomes] == [True] * 50
    assert Badge.objects.filter(owner=owner).count() == 50
    shared = (
        issuer.profile_url,
        issuer.badge_url,
        issuer.key_url,
        issuer.revocation_list_url,
        f"{issuer.base}/images/robotics.png",
    )
    assert {url: issuer.fetcher.fetched(url) for url in shared} == dict.fromkeys(shared, 1)
    assert all(issuer.fetcher.fetched(url) == 1 for url in urls)


@pytest.mark.django_db
def test_badge_signed_with_a_key_the_issuer_never_published(owner, issuer):
    token = issuer.signed_assertion(EMAIL, "2.0", key=issuer.stranger_key)
    assert _one(owner, ImportSource.from_text(token)).code == "invalid_signature"


@pytest.mark.django_db
def test_unknown_open_badges_context_is_unsupported(owner, issuer):
    text = '{"@context": "https://w3id.org/openbadges/v9", "type": "Assertion", "id": "x"}'
    assert _one(owner, ImportSource.from_text(text)).code == "unsupported"


@pytest.mark.django_db
def test_a_url_is_fetched_once_and_a_baked_image_there_is_kept(owner, issuer):
    hosted, _text = issuer.hosted_assertion(EMAIL, "2.0")
    image_url = f"{issuer.base}/baked/robotics.png"
    baked = bake_png(png_bytes(), hosted)
    issuer.fetcher.serve(image_url, baked, content_type="image/png")

    by_image, by_json = import_badges(
        owner,
        [ImportSource.from_url(image_url), ImportSource.from_url(hosted)],
    )

    assert by_image.ok and by_image.badge.original_file.read() == baked
    assert by_json.code == "duplicate" and by_json.existing == by_image.badge
    assert issuer.fetcher.fetched(image_url) == 1


@pytest.mark.django_db
def test_an_assertion_url_is_fetched_once(owner, issuer):
    hosted, _text = issuer.hosted_assertion(EMAIL, "2.0")

    (outcome,) = import_badges(owner, [ImportSource.from_url(hosted)])

    assert outcome.ok and issuer.fetcher.fetched(hosted) == 1


@pytest.mark.django_db
def test_a_badge_that_needs_too_many_documents_is_refused_and_nothing_stored(
    owner, issuer, media_root, monkeypatch
):
    # Verifying a hosted 2.0 badge takes three documents: assertion, badge class, issuer.
    small = functools.partial(BudgetedFetcher, max_requests=2)
    monkeypatch.setattr("badges.services.importing.BudgetedFetcher", small)
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")

    (outcome,) = import_badges(owner, [ImportSource.from_url(url)])

    assert outcome.code == "fetch_failed" and "documents" in outcome.message
    assert not Badge.objects.exists() and stored_files(media_root) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (
            "<!DOCTYPE html><html><head><title>Robotics</title></head><body>…</body></html>",
            "text/html",
        ),
        ("<html lang=en><body><img src=badge.png></body></html>", "application/octet-stream"),
        ("<div class=badge>Robotics</div>", "text/html; charset=utf-8"),
    ],
)
def test_a_web_page_instead_of_a_badge_says_what_to_do(owner, issuer, body, content_type):
    url = f"{issuer.base}/badges/robotics-page"
    issuer.fetcher.serve(url, body, content_type=content_type)

    (outcome,) = import_badges(owner, [ImportSource.from_url(url)])

    assert outcome.code == "no_badge_data"
    assert "is a web page, not a badge" in outcome.message and "Download" in outcome.message
    assert "SVG" not in outcome.message.split(":")[0]


@pytest.mark.django_db
def test_a_baked_image_served_as_html_is_still_read(owner, issuer):
    hosted, _text = issuer.hosted_assertion(EMAIL, "2.0")
    url = f"{issuer.base}/baked/served-wrong.png"
    issuer.fetcher.serve(url, bake_png(png_bytes(), hosted), content_type="text/html")

    (outcome,) = import_badges(owner, [ImportSource.from_url(url)])

    assert outcome.ok, outcome.message
