"""The three standing actors of every view test: the owner, another learner, a visitor."""

from __future__ import annotations

import pytest
from django.test import Client

PASSWORD = "correct horse battery staple"


def make_learner(email: str, *, verified: bool = True, **fields):
    from allauth.account.models import EmailAddress

    from passport.accounts.models import User

    user = User.objects.create_user(email=email, password=PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


@pytest.fixture
def owner(db):
    return make_learner("owner@example.org", display_name="Olive Owner")


@pytest.fixture
def other(db):
    return make_learner("other@example.org", display_name="Oscar Other")


@pytest.fixture
def owner_client(owner) -> Client:
    client = Client()
    client.force_login(owner)
    return client


@pytest.fixture
def other_client(other) -> Client:
    client = Client()
    client.force_login(other)
    return client


@pytest.fixture
def anon_client() -> Client:
    return Client()
