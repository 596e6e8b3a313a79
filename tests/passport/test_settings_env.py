import pytest
from django.core.exceptions import ImproperlyConfigured

from passport.env import env_bool, env_int, env_list, env_str


def test_env_bool_reads_common_spellings(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG") is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", True) is False


def test_env_bool_rejects_garbage(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG must be a boolean"):
        env_bool("FLAG")


def test_env_int_rejects_garbage(monkeypatch):
    monkeypatch.setenv("NUM", "12s")
    with pytest.raises(ImproperlyConfigured, match="NUM must be a whole number"):
        env_int("NUM", 3)


def test_env_int_and_list_defaults(monkeypatch):
    monkeypatch.delenv("NUM", raising=False)
    monkeypatch.setenv("HOSTS", " a.example , b.example:8000,, ")
    assert env_int("NUM", 3) == 3
    assert env_list("HOSTS") == ["a.example", "b.example:8000"]


def test_empty_string_counts_as_unset(monkeypatch):
    monkeypatch.setenv("NAME", "")
    assert env_str("NAME", "fallback") == "fallback"


def test_issuer_registries_are_name_and_location_pairs(monkeypatch):
    from passport.env import env_named_locations

    monkeypatch.setenv(
        "ISSUER_REGISTRIES", "DCC=https://dcc.example/registry.json,Local = /etc/r.json"
    )
    assert env_named_locations("ISSUER_REGISTRIES") == [
        ("DCC", "https://dcc.example/registry.json"),
        ("Local", "/etc/r.json"),
    ]


@pytest.mark.parametrize(
    "entry", ["no-location", "=/etc/r.json", "Plain=http://dcc.example/r.json"]
)
def test_issuer_registries_refuse_a_malformed_or_plain_http_entry(entry, monkeypatch):
    from passport.env import env_named_locations

    monkeypatch.setenv("ISSUER_REGISTRIES", entry)
    with pytest.raises(ImproperlyConfigured, match="ISSUER_REGISTRIES"):
        env_named_locations("ISSUER_REGISTRIES")
