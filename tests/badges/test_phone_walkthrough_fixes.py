"""What a French learner on a phone met: an accented issuer sorted last, a collection
with no link to share, a count in the bulk bar without its plural, an empty menu row."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from badges.models import Badge, fold
from badges.services.gallery import issuers_of
from pages.forms import BadgeChoiceField
from tests.badges.factories import make_badge, make_badge_class, make_collection, make_issuer

pytestmark = pytest.mark.django_db
FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}


def test_issuers_are_listed_as_a_dictionary_would_list_them(owner):
    for name in ["Robotique", "École Internationale", "cégep du Nord", "Passport"]:
        make_badge(owner, make_badge_class(make_issuer(name=name)))

    names = [group.name for group in issuers_of(owner)]

    assert names == ["cégep du Nord", "École Internationale", "Passport", "Robotique"]


def test_a_public_collection_offers_its_link_and_share_buttons_to_its_owner(owner_client, owner):
    badge = make_badge(owner, visibility=Badge.Visibility.PUBLIC)
    shelf = make_collection(owner, "Shelf", [badge], visibility="public")
    hidden = make_collection(owner, "Drawer", [badge], visibility="private")

    html = owner_client.get(reverse("badges:collection", args=[shelf.pk]), **FR).content.decode()
    private = owner_client.get(reverse("badges:collection", args=[hidden.pk])).content.decode()

    public_url = "http://testserver" + reverse("sharing:collection", args=[shelf.public_id])
    assert f'value="{public_url}"' in html  # the link to copy
    assert "linkedin.com" in html and "facebook.com" in html
    assert "Ouvrir la page publique" in html
    assert 'class="share-panel"' not in private
    assert reverse("sharing:collection", args=[hidden.public_id]) not in private


def test_the_bulk_bar_counts_in_the_singular_and_the_plural(owner_client, owner):
    make_badge(owner)

    html = owner_client.get(reverse("badges:gallery"), **FR).content.decode()

    assert 'data-count-one="%s badge sélectionné"' in html
    assert 'data-count-many="%s badges sélectionnés"' in html


def test_a_visitor_gets_no_empty_menu(client, owner_client):
    anonymous = client.get(reverse("account_login")).content.decode()
    signed_in = owner_client.get(reverse("badges:gallery")).content.decode()

    assert 'id="main-nav"' not in anonymous  # an empty nav took a row of its own on phones
    assert 'id="main-nav"' in signed_in


def test_a_page_editor_says_private_in_french(owner):
    badge = make_badge(owner, make_badge_class(make_issuer(name="Guilde")), name="Soudure")
    field = BadgeChoiceField(queryset=Badge.objects.all())
    from django.utils import translation

    with translation.override("fr"):
        assert field.label_from_instance(badge) == "Soudure — Guilde (privé)"
        badge.visibility = Badge.Visibility.PUBLIC
        assert field.label_from_instance(badge) == "Soudure — Guilde"


def test_no_page_is_aucune_and_no_file_aucun_in_french(owner_client, owner):
    badge = make_badge(owner)

    html = owner_client.get(reverse("evidence:add", args=[badge.pk]), **FR).content.decode()

    assert re.search(r'name="page"[^>]*>\s*<option value="" selected>Aucune</option>', html)
    assert re.search(r'name="file_block"[^>]*>\s*<option value="" selected>Aucun</option>', html)


def test_deleting_one_badge_is_told_in_the_singular(owner_client, owner):
    badge = make_badge(owner)
    bulk = reverse("badges:bulk")

    one = owner_client.get(bulk, {"action": "delete", "badge": [badge.pk]}, **FR).content.decode()

    assert "Supprimer ce badge?" in one or "Supprimer ce badge\u00a0?" in one
    assert "Le badge, les étiquettes que vous lui avez attribuées" in one
    assert "Les badges, les étiquettes" not in one


def test_a_public_page_says_where_it_is_listed_only_if_the_profile_is_public(owner_client, owner):
    from pages.models import Page

    page = Page.objects.create(owner=owner, title="Soudure", visibility=Page.Visibility.PUBLIC)
    editor = reverse("pages:edit", args=[page.pk])

    hidden = owner_client.get(editor).content.decode()
    owner.profile_is_public = True
    owner.save()
    listed = owner_client.get(editor).content.decode()

    assert "It will be listed on your public profile if you make your profile public." in hidden
    assert "and it is listed on your public profile" not in hidden
    assert "Anyone can see this page, and it is listed on your public profile." in listed


def test_badges_sort_by_name_and_issuer_as_a_dictionary_would(owner):
    from badges.services.gallery import filter_badges

    for name, issuer in [("Soudure", "Robotique"), ("Électronique", "cégep"), ("abeille", "École")]:
        make_badge(owner, make_badge_class(make_issuer(name=issuer)), name=name)
    mine = Badge.objects.owned_by(owner)

    by_name = [b.name for b in filter_badges(mine, sort="name")]
    by_issuer = [b.issuer.name for b in filter_badges(mine, sort="issuer")]

    assert by_name == ["abeille", "Électronique", "Soudure"]
    assert by_issuer == ["cégep", "École", "Robotique"]


def test_a_renamed_badge_moves_in_the_sort_and_old_badges_get_their_keys(owner):
    import importlib

    from django.apps import apps

    badge = make_badge(owner, name="Zèbre")
    badge.name = "Ébène"
    badge.save(update_fields=["name"])
    assert Badge.objects.get(pk=badge.pk).name_sort == "ebene"

    Badge.objects.filter(pk=badge.pk).update(name_sort="", issuer_sort="")  # as before 0016
    importlib.import_module("badges.migrations.0016_badge_sort_names").fill(apps, None)

    badge.refresh_from_db()
    assert (badge.name_sort, badge.issuer_sort) == ("ebene", fold(badge.issuer.name))


def test_the_status_filter_says_verified_only_of_badges_whose_issuer_is_confirmed(
    owner_client, owner
):
    from badges.models import TrustLevel

    make_badge(owner, name="Confirmed", trust=TrustLevel.ISSUER_CONFIRMED)
    make_badge(owner, name="Self-signed", trust=TrustLevel.ISSUER_NOT_CONFIRMED)
    make_badge(owner, name="Gone", status="revoked", trust=TrustLevel.ISSUER_CONFIRMED)
    gallery = reverse("badges:gallery")

    def shown(status):
        html = owner_client.get(gallery, {"status": status}).content.decode()
        return sorted(re.findall(r"<h3>(.*?)</h3>", html))

    assert shown("verified") == ["Confirmed"]
    assert shown("unconfirmed") == ["Self-signed"]
    assert shown("revoked") == ["Gone"]
    html = owner_client.get(gallery, {"status": "unconfirmed"}, **FR).content.decode()
    assert "Valide, émetteur non confirmé" in html  # the option and the active filter's chip


def test_a_collection_is_privee_or_publique_in_french(owner_client, owner):
    shelf = make_collection(owner, "Métiers", [], visibility="public")
    drawer = make_collection(owner, "Tiroir", [], visibility="private")

    public = owner_client.get(reverse("badges:collection", args=[shelf.pk]), **FR)
    private = owner_client.get(reverse("badges:collection", args=[drawer.pk]), **FR)
    new = owner_client.get(reverse("badges:collection_create"), **FR).content.decode()

    assert (
        "Publique</span>" in public.content.decode() and "Rendre privée" in public.content.decode()
    )
    assert "Privée</span>" in private.content.decode()
    assert "Rendre publique" in private.content.decode()
    assert re.search(r">\s*Privée\s*</label>", new) and re.search(r">\s*Publique\s*</label>", new)


def test_tag_names_are_quoted_the_french_way(owner_client, owner):
    badge = make_badge(owner)
    url = reverse("badges:tag_add", args=[badge.pk])

    response = owner_client.post(url, {"names": "Sécurité"}, follow=True, **FR)

    assert "Étiquette «\u00a0Sécurité\u00a0» ajoutée." in response.content.decode()


def test_the_public_page_dates_the_last_check_without_saying_verified(owner):
    from django.test import Client

    badge = make_badge(owner, visibility=Badge.Visibility.PUBLIC)

    html = Client().get(reverse("sharing:badge", args=[badge.public_id]), **FR).content.decode()

    assert "<dt>Dernière vérification</dt>" in html
    assert "Vérifié le" not in html
