"""The "Add badges" page: three ways in, one result line per source, after a redirect."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from badges.models import Badge
from badges.openbadges.bake import bake_png, extract_from_png
from badges.openbadges.errors import ImportRefused
from tests.badges.conftest import png_bytes

EMAIL = "owner@example.org"


def test_anonymous_visitor_is_sent_to_log_in(anon_client, db):
    response = anon_client.get("/badges/add/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_page_offers_upload_url_and_paste(owner_client):
    html = owner_client.get("/badges/add/").content.decode()
    assert 'type="file"' in html and "multiple" in html
    assert 'name="url"' in html and 'name="text"' in html


def test_upload_of_several_files_gives_a_line_each_after_a_redirect(owner_client, issuer):
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    files = [
        SimpleUploadedFile("good.png", bake_png(png_bytes(), url), "image/png"),
        SimpleUploadedFile("plain.png", png_bytes(), "image/png"),
    ]
    response = owner_client.post("/badges/add/", {"way": "upload", "files": files})
    assert response.status_code == 302  # Post/Redirect/Get
    html = owner_client.get(response["Location"]).content.decode()
    assert "good.png" in html and "Robotics" in html
    assert "plain.png" in html and 'data-code="no_badge_data"' in html
    assert Badge.objects.count() == 1
    # Results are shown once; reloading does not repeat them.
    assert "plain.png" not in owner_client.get("/badges/add/").content.decode()


def test_url_import(owner_client, issuer):
    url, _text = issuer.hosted_assertion(EMAIL, "1.0")
    response = owner_client.post("/badges/add/", {"way": "url", "url": url})
    html = owner_client.get(response["Location"]).content.decode()
    assert "Added" in html and Badge.objects.get().spec == "1.0"


def test_pasted_json_import(owner_client, issuer):
    _url, text = issuer.hosted_assertion(EMAIL, "2.0")
    owner_client.post("/badges/add/", {"way": "paste", "text": text})
    assert Badge.objects.filter(name="Robotics").exists()


def test_refusal_names_what_to_do(owner_client, issuer):
    url, _text = issuer.hosted_assertion("elsewhere@example.org", "2.0", hashed=False)
    response = owner_client.post("/badges/add/", {"way": "url", "url": url})
    html = owner_client.get(response["Location"]).content.decode()
    assert 'data-code="recipient_mismatch"' in html
    assert "elsewhere@example.org" in html and "/accounts/email/" in html


def test_duplicate_links_to_the_badge_already_held(owner_client, issuer):
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    owner_client.post("/badges/add/", {"way": "url", "url": url})
    response = owner_client.post("/badges/add/", {"way": "url", "url": url})
    html = owner_client.get(response["Location"]).content.decode()
    assert 'data-code="duplicate"' in html
    assert f"/badges/{Badge.objects.get().pk}/" in html


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"way": "url", "url": ""}, "Enter the address of the badge."),
        ({"way": "url", "url": "not a url"}, "Enter a full web address"),
        ({"way": "paste", "text": "   "}, "Paste the badge"),
        ({"way": "upload"}, "Choose at least one file."),
    ],
)
def test_invalid_form_input_shows_a_field_error(owner_client, data, error):
    response = owner_client.post("/badges/add/", data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Badge.objects.exists()


def test_script_in_a_badge_name_is_escaped(owner_client, issuer):
    issuer.update_badge_class(name='<script>alert("x")</script>')
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    owner_client.post("/badges/add/", {"way": "url", "url": url})
    badge = Badge.objects.get()
    html = owner_client.get(f"/badges/{badge.pk}/").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_detail_shows_verification_and_original_json(owner_client, issuer):
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    owner_client.post("/badges/add/", {"way": "url", "url": url})
    badge = Badge.objects.get()
    html = owner_client.get(f"/badges/{badge.pk}/").content.decode()
    assert "Hosted by the issuer" in html and url in html
    assert json.dumps(badge.document["id"]) in html.replace("&quot;", '"')
    assert "<em>robot</em>" in html  # criteria narrative rendered from Markdown


def test_other_learners_get_404_for_detail_image_and_download(owner_client, other_client, issuer):
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    owner_client.post(
        "/badges/add/",
        {"way": "upload", "files": [SimpleUploadedFile("b.png", bake_png(png_bytes(), url))]},
    )
    pk = Badge.objects.get().pk
    for path in (f"/badges/{pk}/", f"/badges/{pk}/image/", f"/badges/{pk}/download/"):
        assert other_client.get(path).status_code == 404
        assert owner_client.get(path).status_code == 200


def test_download_returns_the_baked_file_exactly(owner_client, issuer):
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    baked = bake_png(png_bytes((1, 2, 3)), url)
    owner_client.post(
        "/badges/add/", {"way": "upload", "files": [SimpleUploadedFile("b.png", baked)]}
    )
    response = owner_client.get(f"/badges/{Badge.objects.get().pk}/download/")
    assert b"".join(response.streaming_content) == baked
    assert response["Content-Disposition"].startswith("attachment;")


def test_svg_badge_image_is_served_sandboxed(owner_client, issuer):
    token = issuer.signed_assertion(EMAIL, "2.0")
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
        f'<openbadges:assertion verify="{token}"/><script>alert(1)</script></svg>'
    ).encode()
    issuer.fetcher.remove(f"{issuer.base}/images/robotics.png")
    owner_client.post(
        "/badges/add/", {"way": "upload", "files": [SimpleUploadedFile("b.svg", svg)]}
    )
    response = owner_client.get(f"/badges/{Badge.objects.get().pk}/image/")
    assert response["Content-Type"] == "image/svg+xml"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_badge_imported_as_json_downloads_as_a_png_baked_with_its_data(owner_client, issuer):
    _url, text = issuer.hosted_assertion(EMAIL, "2.0")
    owner_client.post("/badges/add/", {"way": "paste", "text": text})
    badge = Badge.objects.get()
    response = owner_client.get(f"/badges/{badge.pk}/download/")
    baked = b"".join(response.streaming_content)
    assert response["Content-Type"] == "image/png"
    assert extract_from_png(baked) == badge.original.strip()
    assert response["Content-Disposition"] == 'attachment; filename="Robotics.png"'


@pytest.mark.django_db
def test_a_sample_badge_is_real_verifiable_and_never_issuer_confirmed(owner_client, owner):
    response = owner_client.post(reverse("badges:add_sample"), follow=True)

    badge = Badge.objects.get(owner=owner)
    assert badge.name.startswith("Sample badge") and badge.spec == "3.0"
    assert (badge.status, badge.trust) == ("verified", "issuer_not_confirmed")
    assert badge.recipient_confirmed and badge.visibility == "private"
    assert "sample" in badge.description.lower()
    assert "Sample badge" in response.content.decode()


@pytest.mark.django_db
def test_a_sample_badge_is_signed_by_this_passport_and_cannot_be_altered(owner, settings):
    from badges import sample
    from badges.openbadges.verify import PayloadText, verify_payload
    from tests.openbadges.ob3_issuer import FakeFetcher

    token = sample.sample_credential(owner.email)
    credential = verify_payload(PayloadText("jws", token), FakeFetcher())
    assert credential.issuer.id == sample.issuer_did()
    head, payload, signature = token.split(".")
    tampered = ".".join(
        (head, payload[:-4] + ("AAAA" if payload[-4:] != "AAAA" else "BBBB"), signature)
    )
    with pytest.raises(ImportRefused):
        verify_payload(PayloadText("jws", tampered), FakeFetcher())
    settings.SECRET_KEY = "another instance"
    assert sample.issuer_did() != credential.issuer.id
