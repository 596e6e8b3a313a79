"""compose.yaml and the Dockerfile run what CI runs: the Makefile's production commands."""

from __future__ import annotations

import json
import re

import yaml

from tests.commands import ROOT, makefile_commands

COMMANDS = makefile_commands()


def _compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


def test_app_worker_and_beat_run_the_makefile_commands():
    services = _compose()["services"]
    assert services["app"]["command"] == COMMANDS["SERVE_CMD"]
    assert services["worker"]["command"] == COMMANDS["WORKER_CMD"]
    assert services["beat"]["command"] == COMMANDS["BEAT_CMD"]
    assert COMMANDS["SERVE_CMD"] == "gunicorn -c gunicorn.conf.py passport.wsgi"


def test_every_service_a_self_hoster_needs_is_there():
    services = _compose()["services"]
    assert {"app", "worker", "beat", "migrate", "postgres", "redis", "minio"} <= set(services)
    assert services["migrate"]["command"] == "python manage.py migrate --noinput"
    for name in ("app", "worker", "beat"):
        wait = services[name]["depends_on"]
        assert wait["migrate"] == {"condition": "service_completed_successfully"}
        assert wait["postgres"] == {"condition": "service_healthy"}


def test_the_app_reaches_postgres_redis_and_the_bucket_that_is_created():
    services = _compose()["services"]
    env = services["worker"]["environment"]
    assert env["DATABASE_URL"].startswith("postgres://passport:")
    assert env["DATABASE_URL"].endswith("@postgres:5432/passport")
    assert env["CELERY_BROKER_URL"].startswith("redis://redis:6379/")
    assert env["AWS_S3_ENDPOINT_URL"] == "http://minio:9000"
    bucket = env["AWS_STORAGE_BUCKET_NAME"]
    assert f"mc mb --ignore-existing local/{bucket}" in services["createbucket"]["command"][0]
    assert services["app"]["environment"]["GUNICORN_BIND"] == "0.0.0.0:8000"


def test_the_image_is_built_with_the_makefile_install_steps():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert f"RUN {COMMANDS['NPM_CI']}\n" in dockerfile
    assert "RUN python -m pip install .\n" in dockerfile
    assert "manage.py collectstatic --noinput" in dockerfile
    [cmd] = re.findall(r"^CMD (.+)$", dockerfile, flags=re.MULTILINE)
    assert " ".join(json.loads(cmd)) == COMMANDS["SERVE_CMD"]
    # The Makefile installs with the same npm command.
    assert "$(NPM_CI)" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_the_image_holds_every_package_of_the_project():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    [include] = re.findall(r"^include = \[(.+)\]$", pyproject, flags=re.MULTILINE)
    for package in re.findall(r'"(\w+)\*"', include):
        assert f"COPY {package} {package}\n" in dockerfile
    for folder in ("templates", "static", "locale"):
        assert f"COPY {folder} {folder}\n" in dockerfile
