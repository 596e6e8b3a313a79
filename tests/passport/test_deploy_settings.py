"""Production settings: loud when incomplete, clean under `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTEST_VERSION", "DJANGO_DEBUG", "SECRET_KEY"}
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_secret_key_in_production_is_a_clear_error():
    result = _manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "SECRET_KEY": "k3J9-production-like-secret-" + "x7Qp2vR8sT4wY6zA1bC3dE5fG" * 2,
    "ALLOWED_HOSTS": "passport.example.ca",
    # `check` never connects without --database, so no server needs to answer here.
    "DATABASE_URL": "postgres://passport:secret@db.invalid:5432/passport",
}


def test_check_deploy_is_clean_with_production_values():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_on_sqlite_is_warned_about(tmp_path):
    sqlite = {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}

    result = _manage("check", "--deploy", "--fail-level", "WARNING", **sqlite)

    assert result.returncode != 0
    assert "(passport.W001)" in result.stdout + result.stderr
    assert "PostgreSQL" in result.stdout + result.stderr


def test_development_on_sqlite_is_not_warned_about(tmp_path):
    result = _manage("check", DJANGO_DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "passport.W001" not in result.stdout + result.stderr


def test_check_deploy_is_clean_with_a_user_content_origin():
    content = {**PRODUCTION, "USER_CONTENT_ORIGIN": "https://usercontent.passport.example"}

    result = _manage("check", "--deploy", "--fail-level", "WARNING", **content)

    assert result.returncode == 0, result.stdout + result.stderr


def test_a_user_content_origin_with_a_path_is_a_clear_error():
    content = {**PRODUCTION, "USER_CONTENT_ORIGIN": "https://usercontent.passport.example/media"}

    result = _manage("check", **content)

    assert result.returncode != 0
    assert "USER_CONTENT_ORIGIN" in result.stderr


def test_a_user_content_origin_with_a_port_is_served(tmp_path):
    script = (
        "from django.conf import settings; from django.test import Client; "
        "from django.test.utils import setup_test_environment; setup_test_environment(); "
        "print(Client().get('/pages/files/1/x/', HTTP_HOST='files.localtest:8001').status_code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + script],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "passport.settings",
            "DJANGO_DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "USER_CONTENT_ORIGIN": "http://files.localtest:8001",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.strip() == "404", result.stderr  # refused for its grant, not its host


def test_a_mail_deadline_longer_than_the_task_limit_is_warned_about():
    slow = {**PRODUCTION, "EMAIL_TIMEOUT": "100", "CELERY_TASK_SOFT_TIME_LIMIT": "100"}

    result = _manage("check", "--deploy", "--fail-level", "WARNING", **slow)

    assert result.returncode != 0
    assert "(passport.W002)" in result.stdout + result.stderr
