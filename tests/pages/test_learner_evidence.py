"""The learner's own evidence on a badge: add, edit, hide, reorder, remove; rendered safely."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from badges.models import Badge
from pages.models import Block, LearnerEvidence, Page
from tests.badges.factories import make_badge, make_evidence
from tests.pages.factories import PDF, add_file_block, make_page


@pytest.fixture
def badge(owner):
    return make_badge(owner)


def detail(client, badge) -> str:
    return client.get(reverse("badges:detail", args=[badge.pk])).content.decode()


def test_adding_evidence(owner_client, badge):
    url = reverse("evidence:add", args=[badge.pk])
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
    url = reverse("evidence:add", args=[badge.pk])
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
    url = reverse("evidence:edit", args=[badge.pk, evidence.pk])
    assert 'value="Draft"' in owner_client.get(url).content.decode()
    response = owner_client.post(url, {"title": "Final", "narrative": "Done.", "url": ""})
    assert response["Location"].endswith(f"#evidence-{evidence.pk}")
    evidence.refresh_from_db()
    assert (evidence.title, evidence.narrative) == ("Final", "Done.")


def test_hiding_and_showing(owner_client, badge):
    evidence = make_evidence(badge, "Private notes")
    url = reverse("evidence:hide", args=[badge.pk, evidence.pk])
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
    owner_client.post(reverse("evidence:move", args=[badge.pk, third.pk]), {"direction": "up"})
    titles = list(badge.learner_evidence.values_list("title", flat=True))
    assert titles == ["One", "Three", "Two"]
    content = detail(owner_client, badge)
    assert content.index(">One<") < content.index(">Three<") < content.index(">Two<")


def test_removing_after_confirmation(owner_client, badge):
    evidence = make_evidence(badge, "Old link")
    url = reverse("evidence:delete", args=[badge.pk, evidence.pk])
    assert "Remove “Old link”?" in owner_client.get(url).content.decode()
    assert LearnerEvidence.objects.exists()
    owner_client.post(url)
    assert not LearnerEvidence.objects.exists()


def test_evidence_is_reached_through_its_own_badge_only(owner_client, owner, badge):
    evidence = make_evidence(badge)
    elsewhere = make_badge(owner)
    url = reverse("evidence:edit", args=[elsewhere.pk, evidence.pk])
    assert owner_client.get(url).status_code == 404


def test_someone_else_gets_404_on_everything(other_client, badge):
    evidence = make_evidence(badge, "Mine")
    pk, ev = badge.pk, evidence.pk
    assert other_client.get(reverse("evidence:add", args=[pk])).status_code == 404
    assert other_client.post(reverse("evidence:add", args=[pk]), {"title": "x"}).status_code == 404
    for name in ("edit", "delete"):
        assert other_client.get(reverse(f"evidence:{name}", args=[pk, ev])).status_code == 404
    for name, data in [
        ("edit", {"title": "Hijacked"}),
        ("hide", {"hidden": "true"}),
        ("move", {"direction": "down"}),
        ("delete", {}),
    ]:
        response = other_client.post(reverse(f"evidence:{name}", args=[pk, ev]), data)
        assert response.status_code == 404
    evidence.refresh_from_db()
    assert (evidence.title, evidence.hidden) == ("Mine", False)


def test_anonymous_visitors_are_sent_to_log_in(anon_client, badge):
    evidence = make_evidence(badge)
    for url in [
        reverse("evidence:add", args=[badge.pk]),
        reverse("evidence:hide", args=[badge.pk, evidence.pk]),
        reverse("evidence:delete", args=[badge.pk, evidence.pk]),
    ]:
        response = anon_client.post(url, {"title": "x", "hidden": "true"})
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert LearnerEvidence.objects.count() == 1


# --- Pointing at one of the learner's own pages or uploaded files ---------------------------


def add_url(badge) -> str:
    return reverse("evidence:add", args=[badge.pk])


def public_badge_page(client, badge) -> str:
    return client.get(reverse("sharing:badge", args=[badge.public_id])).content.decode()


def test_the_form_offers_only_the_learners_own_pages_and_files(owner_client, owner, other, badge):
    page = make_page(owner, "Robotics diary")
    add_file_block(page, file_name="wiring.pdf")
    theirs = make_page(other, "Someone else's page")
    add_file_block(theirs, file_name="their-secret.pdf")
    form = owner_client.get(add_url(badge)).content.decode()
    assert 'for="id_page"' in form and 'for="id_file_block"' in form
    assert "Robotics diary" in form and "wiring.pdf — Robotics diary" in form
    assert "Someone else" not in form and "their-secret.pdf" not in form


def test_linking_an_own_page_and_file(owner_client, owner, badge):
    page = make_page(owner, "Robotics diary")
    block = add_file_block(page, file_name="wiring.pdf")
    response = owner_client.post(
        add_url(badge),
        {"title": "My build log", "page": page.pk, "file_block": block.pk},
        follow=True,
    )
    evidence = LearnerEvidence.objects.get(badge=badge)
    assert (evidence.page, evidence.file_block, evidence.narrative) == (page, block, "")
    content = response.content.decode()
    section = content[content.index('id="your-evidence"') :]
    assert f'href="{reverse("pages:edit", args=[page.pk])}">Robotics diary</a>' in section
    assert f'href="{block.file_url}">wiring.pdf</a>' in section
    assert f"{len(PDF)}\xa0bytes" in section  # its size, for people
    assert owner_client.get(block.file_url).status_code == 200


def test_nothing_at_all_is_refused(owner_client, badge):
    response = owner_client.post(add_url(badge), {"title": "Just a title"})
    assert response.status_code == 200
    assert "Write what you did, or add a link, a page or a file." in response.content.decode()
    assert not LearnerEvidence.objects.exists()


@pytest.mark.parametrize("field", ["page", "file_block"])
def test_someone_elses_page_or_file_is_refused(owner_client, other, badge, field):
    theirs = make_page(other, "Someone else's page")
    ids = {"page": theirs.pk, "file_block": add_file_block(theirs).pk}
    response = owner_client.post(add_url(badge), {"title": "Borrowed", field: ids[field]})
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert "Select a valid choice." in response.content.decode()
    assert not LearnerEvidence.objects.exists()


def test_someone_elses_file_cannot_be_swapped_in_when_editing(owner_client, other, badge):
    evidence = make_evidence(badge, "Mine")
    theirs = add_file_block(make_page(other, "Theirs"))
    url = reverse("evidence:edit", args=[badge.pk, evidence.pk])
    response = owner_client.post(url, {"title": "Mine", "file_block": theirs.pk})
    assert response.context["form"].errors["file_block"]
    evidence.refresh_from_db()
    assert evidence.file_block is None


def test_deleting_the_page_or_file_keeps_the_evidence(owner_client, owner, badge):
    page = make_page(owner, "Robotics diary")
    file_page = make_page(owner, "Uploads")
    block = add_file_block(file_page, file_name="wiring.pdf")
    evidence = make_evidence(badge, "Build log", narrative="", page=page, file_block=block)
    owner_client.post(reverse("pages:delete", args=[page.pk]))
    owner_client.post(reverse("pages:block_delete", args=[file_page.pk, block.pk]))
    assert not Page.objects.filter(pk=page.pk).exists()
    assert not Block.objects.filter(pk=block.pk).exists()
    evidence.refresh_from_db()
    assert (evidence.page, evidence.file_block) == (None, None)
    assert "Build log" in detail(owner_client, badge)
    url = reverse("evidence:edit", args=[badge.pk, evidence.pk])
    assert owner_client.get(url).status_code == 200
    owner_client.post(url, {"title": "Build log", "url": "https://me.example/log"})
    evidence.refresh_from_db()
    assert evidence.url == "https://me.example/log"


def test_the_public_badge_links_pages_and_files_others_may_open(anon_client, owner):
    badge = make_badge(owner, visibility=Badge.Visibility.PUBLIC)
    blocks = {}
    for visibility in (Page.Visibility.PUBLIC, Page.Visibility.UNLISTED, Page.Visibility.PASSWORD):
        page = make_page(owner, f"A {visibility} page", visibility=visibility)
        blocks[visibility] = add_file_block(page, file_name=f"{visibility}.pdf")
        make_evidence(badge, f"On a {visibility} page", page=page, file_block=blocks[visibility])
    content = public_badge_page(anon_client, badge)
    for page in Page.objects.all():  # a password page asks for its password itself
        assert f'href="{page.get_absolute_url()}"' in content
    for visibility in (Page.Visibility.PUBLIC, Page.Visibility.UNLISTED):
        block = blocks[visibility]
        assert f'href="{block.file_url}">{visibility}.pdf</a>' in content
        assert anon_client.get(block.file_url).status_code == 200
    # The password guards a protected page's files, and their names.
    assert "password.pdf" not in content and blocks["password"].file_url not in content


def test_an_item_with_only_a_password_pages_file_is_left_out_publicly(anon_client, owner):
    badge = make_badge(owner, visibility=Badge.Visibility.PUBLIC)
    page = make_page(owner, "Protected", visibility=Page.Visibility.PASSWORD)
    make_evidence(badge, "Only a protected file", narrative="", file_block=add_file_block(page))
    assert "Only a protected file" not in public_badge_page(anon_client, badge)


def test_the_public_badge_never_links_a_private_page_or_its_files(anon_client, owner):
    badge = make_badge(owner, visibility=Badge.Visibility.PUBLIC)
    private = make_page(owner, "Private diary")
    block = add_file_block(private, file_name="secret-notes.pdf")
    make_evidence(badge, "Told in words", narrative="I *built* it.", page=private)
    make_evidence(badge, "Only a private file", narrative="", file_block=block)
    make_evidence(badge, "Only a private page", narrative="", page=private)
    content = public_badge_page(anon_client, badge)
    assert "Told in words" in content  # shown: it has a narrative of its own
    assert "Only a private" not in content  # nothing else to show: left out
    assert "Private diary" not in content and "secret-notes.pdf" not in content
    assert private.public_id not in content and block.file_url not in content
    assert anon_client.get(block.file_url).status_code == 404


def test_linked_pages_and_files_cost_no_query_each(
    owner_client, owner, anon_client, django_assert_max_num_queries
):
    badge = make_badge(owner, visibility=Badge.Visibility.PUBLIC)
    url = reverse("badges:detail", args=[badge.pk])
    owner_client.get(url)
    with django_assert_max_num_queries(100) as before:
        owner_client.get(url)
    page = make_page(owner, "Shown", visibility=Page.Visibility.PUBLIC)
    for n in range(5):
        make_evidence(badge, f"Item {n}", page=page, file_block=add_file_block(page))
    with django_assert_max_num_queries(len(before.captured_queries)):
        owner_client.get(url)


def test_an_evidence_link_that_is_not_a_web_address_is_refused(owner_client, badge):
    url = reverse("evidence:add", args=[badge.pk])

    response = owner_client.post(url, {"title": "Files", "url": "ftp://files.example/report"})

    assert response.status_code == 200
    assert not badge.learner_evidence.exists()
