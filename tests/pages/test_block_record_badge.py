"""A badge that came in a CLR learner record goes on a page like any other badge."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from badges.services.importing import ImportSource, import_badges
from tests.conftest import make_learner
from tests.openbadges import ob3_issuer as oi
from tests.pages.factories import make_page
from tests.pages.helpers import add

pytestmark = pytest.mark.django_db


def test_a_record_badge_on_a_page():
    learner = make_learner("learner@example.org")  # whom the test records name
    issuer = oi.did_web_issuer()
    source = ImportSource.from_text(json.dumps(oi.signed_clr(issuer)))
    [outcome] = import_badges(learner, [source], fetcher=issuer.fetcher)
    course = outcome.record.badges.get(name="Course 1")
    client = Client()
    client.force_login(learner)
    page = make_page(learner)
    add(client, page, "badge", {"badge": course.pk})
    assert page.blocks.get().badge == course
