"""A real S3 API for tests: moto's server, started once per session, and a bucket in it.

``PASSPORT_TEST_S3_ENDPOINT`` names a server that is already running (CI may start
one); otherwise ``moto_server`` is started on a free port of 18100-18199 and stopped at
the end. ``s3_storage`` switches the ``default`` storage to S3 for one test, under a
prefix of its own so each test sees only its own objects.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
import requests

from passport.web import storage_config

BUCKET = "passport-test"
REGION = "us-east-1"
KEY, SECRET = "testing", "testing"
PORTS = range(18150, 18200)


def free_port(ports=PORTS) -> int:
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port in {ports.start}-{ports.stop - 1}")


def _wait_for(url: str, process: subprocess.Popen | None = None, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}")
        try:
            requests.get(url, timeout=5)
            return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def _moto_command() -> list[str]:
    beside = Path(sys.executable).with_name("moto_server")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("moto_server")
    return [found] if found else [sys.executable, "-m", "moto.server"]


@pytest.fixture(scope="session")
def s3_endpoint():
    """The address of an S3 API with the test bucket in it."""
    given = os.environ.get("PASSPORT_TEST_S3_ENDPOINT", "").rstrip("/")
    process = None
    if given:
        endpoint = given
    else:
        port = free_port()
        endpoint = f"http://127.0.0.1:{port}"
        process = subprocess.Popen(
            [*_moto_command(), "-H", "127.0.0.1", "-p", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    try:
        _wait_for(endpoint, process)
        client = s3_client(endpoint)
        with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou):
            client.create_bucket(Bucket=BUCKET)
        yield endpoint
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=10)


def s3_client(endpoint: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=KEY,
        aws_secret_access_key=SECRET,
    )


def s3_environment(endpoint: str, prefix: str) -> dict[str, str]:
    """The variables that point a Passport process at the test bucket."""
    return {
        "STORAGE_BACKEND": "s3",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_ACCESS_KEY_ID": KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET,
        "AWS_S3_ADDRESSING_STYLE": "path",
        "AWS_LOCATION": prefix,
    }


@dataclass
class Bucket:
    endpoint: str
    prefix: str

    def names(self) -> list[str]:
        """Every stored name under this test's prefix (without the prefix)."""
        pages = s3_client(self.endpoint).get_paginator("list_objects_v2")
        found = []
        for page in pages.paginate(Bucket=BUCKET, Prefix=f"{self.prefix}/"):
            found += [
                item["Key"].removeprefix(f"{self.prefix}/") for item in page.get("Contents", [])
            ]
        return sorted(found)


@pytest.fixture
def s3_storage(settings, s3_endpoint, monkeypatch) -> Bucket:
    """The ``default`` storage is the test bucket, as the settings make it from the env."""
    prefix = f"t-{uuid.uuid4().hex[:12]}"
    for name, value in s3_environment(s3_endpoint, prefix).items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "default": storage_config.default_storage()}
    # Nothing may reach local disk: MEDIA_ROOT points where writing is impossible.
    settings.MEDIA_ROOT = "/nonexistent/passport-media"
    return Bucket(s3_endpoint, prefix)
