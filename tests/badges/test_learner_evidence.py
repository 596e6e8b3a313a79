"""The learner's own evidence on a badge: add, edit, hide, reorder, remove; rendered safely."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from badges.models import LearnerEvidence
from tests.badges.factories import make_badge, make_evidence


@pytest.fixture
def badge(owner):
    return make_badge(owner)


def detail(client, badge) -> str:
    return client.get(reverse("badges:detail", args=[badge.pk])).content.decode()


def test_adding_evidence(owner_client, badge):
    url = reverse("badges:evidence_add", args=[badge.pk])
    form = owner_client.get(url).content.decode()
    assert 'for="id_title"' in form and 'for="id_narrative"' in form and 'for="id_url"' in form
    response = owner_client.post(
        url,
        {
            "title": "Final report",
            "narrative": "I **led** the team.",
            "url": "https://me.example/r",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0].endswith("#your-evidence")
    evidence = LearnerEvidence.objects.get(badge=badge)
    assert (evidence.title, evidence.hidden, evidence.position) == ("Final report", False, 0)
    content = response.content.decode()
    assert "<strong>led</strong>" in content
    assert 'href="https://me.example/r"' in content


def test_it_is_shown_beside_the_issuers_evidence(owner_client, badge):
    make_evidence(badge, "My slides")
    content = detail(owner_client, badge)
    assert "From the issuer" in content and "Added by you" in content
    assert content.index("Built and presented a working prototype.") < content.index("My slides")


def test_a_title_is_required_and_urls_must_be_web_links(owner_client, badge):
    url = reverse("badges:evidence_add", args=[badge.pk])
    response = owner_client.post(url, {"title": "", "url": "javascript:alert(1)"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in content and "Enter a valid URL." in content
    assert not LearnerEvidence.objects.exists()


def test_a_narrative_cannot_run_scripts(owner_client, badge):
    make_evidence(
        badge,
        "Attempt",
        narrative=(
            "<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n"
            '[click](javascript:alert(1)) <a href="javascript:alert(2)">two</a>'
        ),
    )
    content = detail(owner_client, badge)
    section = content[content.index('id="your-evidence"') :]
    assert "<script>alert" not in section
    assert "<img" not in section
    assert "onerror=" not in section.replace("onerror=alert(1)&gt;", "")  # only as inert text
    assert not re.search(r'href="\s*javascript:', section)


def test_editing_evidence(owner_client, badge):
    evidence = make_evidence(badge, "Draft")
    url = reverse("badges:evidence_edit", args=[badge.pk, evidence.pk])
    assert 'value="Draft"' in owner_client.get(url).content.decode()
    response = owner_client.post(url, {"title": "Final", "narrative": "Done.", "url": ""})
    assert response["Location"].endswith(f"#evidence-{evidence.pk}")
    evidence.refresh_from_db()
    assert (evidence.title, evidence.narrative) == ("Final", "Done.")


def test_hiding_and_showing(owner_client, badge):
    evidence = make_evidence(badge, "Private notes")
    url = reverse("badges:evidence_hide", args=[badge.pk, evidence.pk])
    response = owner_client.post(url, {"hidden": "true"}, follow=True)
    evidence.refresh_from_db()
    assert evidence.hidden
    content = response.content.decode()
    assert "“Private notes” is now hidden." in content
    assert 'class="evidence-item is-hidden"' in content  # still shown to its owner, marked
    owner_client.post(url, {"hidden": "false"})
    evidence.refresh_from_db()
    assert not evidence.hidden


def test_reordering(owner_client, badge):
    *_, third = (make_evidence(badge, t) for t in ("One", "Two", "Three"))
    owner_client.post(
        reverse("badges:evidence_move", args=[badge.pk, third.pk]), {"direction": "up"}
    )
    titles = list(badge.learner_evidence.values_list("title", flat=True))
    assert titles == ["One", "Three", "Two"]
    content = detail(owner_client, badge)
    assert content.index(">One<") < content.index(">Three<") < content.index(">Two<")


def test_removing_after_confirmation(owner_client, badge):
    evidence = make_evidence(badge, "Old link")
    url = reverse("badges:evidence_delete", args=[badge.pk, evidence.pk])
    assert "Remove “Old link”?" in owner_client.get(url).content.decode()
    assert LearnerEvidence.objects.exists()
    owner_client.post(url)
    assert not LearnerEvidence.objects.exists()


def test_evidence_is_reached_through_its_own_badge_only(owner_client, owner, badge):
    evidence = make_evidence(badge)
    elsewhere = make_badge(owner)
    url = reverse("badges:evidence_edit", args=[elsewhere.pk, evidence.pk])
    assert owner_client.get(url).status_code == 404


def test_someone_else_gets_404_on_everything(other_client, badge):
    evidence = make_evidence(badge, "Mine")
    pk, ev = badge.pk, evidence.pk
    assert other_client.get(reverse("badges:evidence_add", args=[pk])).status_code == 404
    assert (
        other_client.post(reverse("badges:evidence_add", args=[pk]), {"title": "x"}).status_code
        == 404
    )
    for name in ("evidence_edit", "evidence_delete"):
        assert other_client.get(reverse(f"badges:{name}", args=[pk, ev])).status_code == 404
    for name, data in [
        ("evidence_edit", {"title": "Hijacked"}),
        ("evidence_hide", {"hidden": "true"}),
        ("evidence_move", {"direction": "down"}),
        ("evidence_delete", {}),
    ]:
        assert other_client.post(reverse(f"badges:{name}", args=[pk, ev]), data).status_code == 404
    evidence.refresh_from_db()
    assert (evidence.title, evidence.hidden) == ("Mine", False)


def test_anonymous_visitors_are_sent_to_log_in(anon_client, badge):
    evidence = make_evidence(badge)
    for url in [
        reverse("badges:evidence_add", args=[badge.pk]),
        reverse("badges:evidence_hide", args=[badge.pk, evidence.pk]),
        reverse("badges:evidence_delete", args=[badge.pk, evidence.pk]),
    ]:
        response = anon_client.post(url, {"title": "x", "hidden": "true"})
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert LearnerEvidence.objects.count() == 1
