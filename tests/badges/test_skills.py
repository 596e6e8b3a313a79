"""My skills: alignments and tags across the backpack, most evidenced first."""

from __future__ import annotations

import re

from django.urls import reverse

from badges.services.skills import settle, skills_page
from tests.badges.factories import make_badge, make_badge_class, make_badges, make_tag

SKILLS = reverse("badges:skills")


def skill_names(response) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", name)
        for name in re.findall(r'<h2 class="skill-name">(.*?)</h2>', response.content.decode())
    ]


def alignment(name, url="", framework="", code=""):
    return {"name": name, "url": url, "description": "", "framework": framework, "code": code}


def test_skills_are_gathered_and_ordered_by_how_many_badges_show_them(owner_client, owner):
    python = alignment("Python", "https://skills.example.org/python", "ESCO", "S1.2")
    one = make_badge(owner, make_badge_class(name="One", alignments=[python], tags=["Data"]))
    two = make_badge(owner, make_badge_class(name="Two", alignments=[python], tags=["Data"]))
    three = make_badge(
        owner,
        make_badge_class(
            name="Three",
            # The same alignment by URL, named differently by another issuer.
            alignments=[alignment("Python 3", "https://skills.example.org/python")],
            tags=[],
        ),
    )
    # The learner's tag meets the issuers' (on "one", the same skill twice counts once).
    make_tag(owner, "DATA", badges=[three, one])
    make_tag(owner, "writing", badges=[one])

    response = owner_client.get(SKILLS)
    assert skill_names(response) == ["Data", "Python", "writing"]
    content = response.content.decode()
    assert "3 badges" in content and "1 badge" in content
    assert "ESCO" in content and "S1.2" in content
    assert 'href="https://skills.example.org/python"' in content
    assert content.count(f'href="{reverse("badges:detail", args=[two.pk])}"') == 2


def test_alignments_without_url_are_matched_by_name(owner):
    badges = [
        make_badge(owner, make_badge_class(alignments=[alignment("Welding")], tags=[])),
        make_badge(owner, make_badge_class(alignments=[alignment("welding")], tags=[])),
        make_badge(owner, make_badge_class(alignments=[alignment("Welding")], tags=[])),
        make_badge(owner, make_badge_class(alignments=[{"bad": "shape"}, "junk"], tags=["", " "])),
    ]
    skills = skills_page(owner.pk, 1, 10).object_list
    assert [(s.name, s.kind, s.badge_count) for s in skills] == [("Welding", "alignment", 3)]
    assert {b.pk for b in skills[0].badges} == {b.pk for b in badges[:3]}


def test_revoked_badges_and_other_learners_badges_are_left_out(owner_client, owner, other):
    make_badge(owner, make_badge_class(tags=["kept"], alignments=[]))
    make_badge(owner, make_badge_class(tags=["revoked-skill"], alignments=[]), status="revoked")
    make_badge(other, make_badge_class(tags=["their-skill"], alignments=[]))
    assert skill_names(owner_client.get(SKILLS)) == ["kept"]


def test_an_empty_page_explains_where_skills_come_from(owner_client):
    content = owner_client.get(SKILLS).content.decode()
    assert "No skills to show yet" in content


def test_many_badges_of_one_skill_fold_behind_a_summary(owner_client, owner):
    make_tag(owner, "everything", badges=make_badges(owner, 9))
    response = owner_client.get(SKILLS)
    assert skill_names(response)[0] == "everything"
    assert "3 more badges" in response.content.decode()  # six shown, three folded


def test_the_query_count_does_not_grow_with_the_badges(
    owner_client, owner, django_assert_max_num_queries
):
    badges = make_badges(owner, 200, issuers=20)
    make_tag(owner, "mine", badges=badges[:120])
    settle(owner.pk)  # as the worker does once the change commits
    # the user, the changes yet to count, the skills counted, the page's skills, their badges
    with django_assert_max_num_queries(5):
        response = owner_client.get(SKILLS)
    assert skill_names(response)[0] == "mine"


def test_anonymous_visitors_are_sent_to_log_in(anon_client):
    response = anon_client.get(SKILLS)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_page_draws_at_most_thirty_skills_of_thirty_badges_each(owner_client, owner):
    from badges.views.skills import SKILLS_PER_PAGE

    badges = make_badges(owner, 40)
    make_tag(owner, "everything", badges=badges)  # 40 badges: 30 drawn, 10 behind a search
    for n in range(SKILLS_PER_PAGE + 5):
        make_tag(owner, f"tag {n:02d}", badges=badges[:1])
    first = owner_client.get(SKILLS)
    body = first.content.decode()
    # Made by make_badges: 7 alignments, 3 topics; then "everything" and 35 tags.
    assert len(skill_names(first)) == SKILLS_PER_PAGE
    assert skill_names(first)[0] == "everything"
    everything = body[
        body.index(">everything<") : body.index('<li class="skill">', body.index(">everything<"))
    ]
    assert everything.count('<li><span class="mini-badge">') == 30
    assert "And 10 more: find them in your badges" in body
    assert f"{reverse('badges:gallery')}?q=everything" in body
    second = owner_client.get(SKILLS, {"page": 2})
    assert len(skill_names(second)) == 7 + 3 + 1 + SKILLS_PER_PAGE + 5 - SKILLS_PER_PAGE
    assert not set(skill_names(first)) & set(skill_names(second))


def test_a_skill_is_named_as_most_of_its_badges_spell_it(owner_client, owner):
    url = "https://skills.example.org/teamwork"
    for name in ("Teamwork", "Teamwork", "Team work"):  # the last one is shown first
        make_badge(owner, make_badge_class(alignments=[alignment(name, url)], tags=[]))
    assert skill_names(owner_client.get(SKILLS)) == ["Teamwork"]


def test_on_a_tie_the_skill_takes_the_spelling_of_the_badge_shown_first(owner_client, owner):
    from datetime import UTC, datetime

    url = "https://skills.example.org/teamwork"
    for year, name in ((2020, "Team work"), (2024, "Teamwork")):
        issued = datetime(year, 1, 1, tzinfo=UTC)
        badge_class = make_badge_class(alignments=[alignment(name, url)], tags=[])
        make_badge(owner, badge_class, issued_on=issued)
    assert skill_names(owner_client.get(SKILLS)) == ["Teamwork"]  # the newest badge


def test_a_page_past_the_end_shows_the_last_one_and_a_wrong_number_the_first(owner_client, owner):
    from badges.views.skills import SKILLS_PER_PAGE

    badge = make_badge(owner, make_badge_class(alignments=[], tags=[]))
    for n in range(SKILLS_PER_PAGE + 2):
        make_tag(owner, f"tag {n:02d}", badges=[badge])
    last = owner_client.get(SKILLS, {"page": 99})
    assert skill_names(last) == ["tag 30", "tag 31"]
    assert skill_names(owner_client.get(SKILLS, {"page": "two"}))[0] == "tag 00"
    assert skill_names(owner_client.get(SKILLS, {"page": "-3"}))[0] == "tag 00"


def test_a_page_number_too_large_for_the_database_shows_the_last_page(owner_client, owner):
    make_badge(owner, make_badge_class(alignments=[], tags=["only"]))
    response = owner_client.get(SKILLS, {"page": "9" * 25})
    assert response.status_code == 200 and skill_names(response) == ["only"]


def test_skills_as_many_badges_show_sort_by_the_name_they_are_shown_with(owner_client, owner):
    zeta, mu = "https://skills.example.org/zeta", "https://skills.example.org/mu"
    for name in ("Zeta", "Zeta", "alpha"):  # shown as "Zeta", though one badge says "alpha"
        make_badge(owner, make_badge_class(alignments=[alignment(name, zeta)], tags=[]))
    for _ in range(3):
        make_badge(owner, make_badge_class(alignments=[alignment("Mu", mu)], tags=[]))
    assert skill_names(owner_client.get(SKILLS)) == ["Mu", "Zeta"]


def test_a_skill_is_described_as_its_newest_badge_describes_it(owner_client, owner):
    from datetime import UTC, datetime

    url = "https://skills.example.org/welding"
    for year, code in ((2024, "S10"), (2020, "S9")):
        badge_class = make_badge_class(alignments=[alignment("Welding", url, "ESCO", code)])
        make_badge(owner, badge_class, tags=[], issued_on=datetime(year, 1, 1, tzinfo=UTC))
    body = owner_client.get(SKILLS).content.decode()
    assert "<code>S10</code>" in body and "S9" not in body


def test_skills_of_one_name_and_count_keep_one_order(owner):
    for n in range(6):  # six skills named alike, told apart by their addresses
        url = f"https://skills.example.org/python/{n}"
        make_badge(owner, make_badge_class(alignments=[alignment("Python", url)], tags=[]))
    first = [skill.key for skill in skills_page(owner.pk, 1, 3).object_list]
    second = [skill.key for skill in skills_page(owner.pk, 2, 3).object_list]
    assert first + second == sorted(first + second)


def test_a_renamed_tag_sorts_and_is_found_by_its_new_name(owner_client, owner):
    from badges.models import Tag
    from badges.services.tags import rename_tag

    badge = make_badge(owner, make_badge_class(alignments=[], tags=[]))
    tag = make_tag(owner, "aaa", badges=[badge])
    rename_tag(tag, "Zinc work")
    assert Tag.objects.get(pk=tag.pk).folded == "zinc work"
    found = owner_client.get(reverse("badges:gallery"), {"q": "zinc"}).content.decode()
    assert badge.name in found
