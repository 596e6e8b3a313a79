"""What the learner types becomes the discovery address; the document's parts are checked."""

from __future__ import annotations

import pytest

from passport.api.consumer.discovery import discovery_url_for, read
from passport.api.consumer.errors import ConsumerError
from tests.api.test_consumer_errors import description


@pytest.mark.parametrize(
    ("entered", "expected"),
    [
        ("https://backpack.example", "https://backpack.example/ims/ob/v3p0/discovery"),
        ("https://backpack.example/", "https://backpack.example/ims/ob/v3p0/discovery"),
        ("backpack.example", "https://backpack.example/ims/ob/v3p0/discovery"),
        ("https://b.example/sub/", "https://b.example/sub/ims/ob/v3p0/discovery"),
        (
            "https://b.example/ims/ob/v3p0/discovery",
            "https://b.example/ims/ob/v3p0/discovery",
        ),
    ],
)
def test_the_discovery_address(entered, expected):
    assert discovery_url_for(entered) == expected


def test_a_description_is_read_into_checked_endpoints():
    endpoints = read("https://backpack.example/ims/ob/v3p0/discovery", description())
    assert endpoints.name == "Other Backpack"
    assert endpoints.api_base == "https://backpack.example/ims/ob/v3p0"
    assert endpoints.registration_url == "https://backpack.example/register"
    assert endpoints.origin == "https://backpack.example"


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "https://user:pw@backpack.example/token", "https:///token", ""],
)
def test_an_endpoint_that_is_no_web_address_is_refused(url):
    with pytest.raises(ConsumerError):
        read("https://backpack.example/ims/ob/v3p0/discovery", description(tokenUrl=url))


def test_a_description_that_is_not_an_object_where_one_is_expected():
    document = description()
    document["components"] = ["not", "an", "object"]
    with pytest.raises(ConsumerError):
        read("https://backpack.example/ims/ob/v3p0/discovery", document)
