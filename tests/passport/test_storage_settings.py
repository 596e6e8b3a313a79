"""Which storage the environment selects, and refusals of a half-written configuration."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from passport.web import storage_config

VARIABLES = (
    "STORAGE_BACKEND",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_S3_ACCESS_KEY_ID",
    "AWS_S3_SECRET_ACCESS_KEY",
    "AWS_S3_ADDRESSING_STYLE",
    "AWS_QUERYSTRING_EXPIRE",
    "AWS_LOCATION",
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_local_disk_without_any_configuration():
    assert storage_config.default_storage() == {"BACKEND": storage_config.FILESYSTEM}


def test_a_bucket_name_alone_selects_s3(monkeypatch):
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "passport-media")
    config = storage_config.default_storage()
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    options = config["OPTIONS"]
    assert options["bucket_name"] == "passport-media"
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    assert options["querystring_expire"] == 300


def test_every_variable_reaches_the_backend(monkeypatch):
    for name, value in {
        "STORAGE_BACKEND": "S3",
        "AWS_STORAGE_BUCKET_NAME": "media",
        "AWS_S3_ENDPOINT_URL": "https://s3.example.ca/",
        "AWS_S3_REGION_NAME": "ca-central-1",
        "AWS_ACCESS_KEY_ID": "AKIA",
        "AWS_SECRET_ACCESS_KEY": "secret",
        "AWS_S3_ADDRESSING_STYLE": "path",
        "AWS_QUERYSTRING_EXPIRE": "120",
    }.items():
        monkeypatch.setenv(name, value)
    options = storage_config.s3_options()
    assert options["endpoint_url"] == "https://s3.example.ca"
    assert options["region_name"] == "ca-central-1"
    assert (options["access_key"], options["secret_key"]) == ("AKIA", "secret")
    assert options["addressing_style"] == "path"
    assert options["querystring_expire"] == 120


def test_filesystem_may_be_chosen_although_a_bucket_is_named(monkeypatch):
    monkeypatch.setenv("STORAGE_BACKEND", "filesystem")
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "media")
    assert storage_config.default_storage()["BACKEND"] == storage_config.FILESYSTEM


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"STORAGE_BACKEND": "ftp"}, "STORAGE_BACKEND must be filesystem or s3"),
        ({"STORAGE_BACKEND": "s3"}, "needs AWS_STORAGE_BUCKET_NAME"),
        ({"AWS_STORAGE_BUCKET_NAME": "m", "AWS_S3_ENDPOINT_URL": "s3.example"}, "ENDPOINT_URL"),
        ({"AWS_STORAGE_BUCKET_NAME": "m", "AWS_S3_ENDPOINT_URL": "ftp://h"}, "ENDPOINT_URL"),
        ({"AWS_STORAGE_BUCKET_NAME": "m", "AWS_ACCESS_KEY_ID": "k"}, "or neither"),
        ({"AWS_STORAGE_BUCKET_NAME": "m", "AWS_SECRET_ACCESS_KEY": "s"}, "or neither"),
        ({"AWS_STORAGE_BUCKET_NAME": "m", "AWS_S3_ADDRESSING_STYLE": "dns"}, "ADDRESSING_STYLE"),
        ({"AWS_STORAGE_BUCKET_NAME": "m", "AWS_QUERYSTRING_EXPIRE": "soon"}, "whole number"),
        ({"AWS_STORAGE_BUCKET_NAME": "m", "AWS_QUERYSTRING_EXPIRE": "1"}, "between 10"),
    ],
)
def test_malformed_configuration_is_refused_clearly(monkeypatch, variables, message):
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        storage_config.default_storage()


def test_signed_urls_without_object_storage_stop_the_start_up():
    env = {"DJANGO_DEBUG": "1", "MEDIA_SIGNED_URLS": "1", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", "import passport.settings"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "MEDIA_SIGNED_URLS=1 needs object storage" in result.stderr
