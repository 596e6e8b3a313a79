"""python manage.py import_badge: the operator's way in, through the same service."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from badges.models import Badge
from badges.openbadges.bake import bake_png
from tests.badges.conftest import png_bytes

EMAIL = "owner@example.org"


def _run(*args: str, stdin: bytes = b"", monkeypatch=None) -> tuple[int, list[dict]]:
    out = io.StringIO()
    if monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    try:
        call_command("import_badge", *args, stdout=out)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    lines = [json.loads(line) for line in out.getvalue().splitlines() if line.startswith("{")]
    return code, lines


def test_json_output_for_a_file_and_a_url(owner, issuer, tmp_path):
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    baked = tmp_path / "robotics.png"
    baked.write_bytes(bake_png(png_bytes(), url))
    other_url, _text = issuer.hosted_assertion(EMAIL, "1.1")
    code, lines = _run("--user", EMAIL, "--json", str(baked), other_url)
    assert code == 0
    first, second = lines
    assert first["ok"] is True
    assert set(first["badge"]) >= {"id", "name", "issuer", "spec", "status", "issued_on", "expires"}
    assert first["badge"]["name"] == "Robotics" and first["badge"]["issuer"] == "Robot Academy"
    assert (first["badge"]["spec"], second["badge"]["spec"]) == ("2.0", "1.0")
    assert first["badge"]["status"] == "verified" and first["badge"]["expires"] is None
    assert first["badge"]["recipient_confirmed"] is True
    assert Badge.objects.count() == 2


def test_a_refusal_sets_exit_status_1(owner, issuer, tmp_path):
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    photo = tmp_path / "photo.png"
    photo.write_bytes(png_bytes())
    code, lines = _run("--user", EMAIL, "--json", url, str(photo))
    assert code == 1
    assert lines[0]["ok"] is True
    assert lines[1] == {
        "ok": False,
        "error": {"code": "no_badge_data", "message": lines[1]["error"]["message"]},
    }
    assert lines[1]["error"]["message"]


def test_standard_input(owner, issuer, monkeypatch):
    token = issuer.signed_assertion(EMAIL, "2.0")
    code, lines = _run(
        "--user", EMAIL, "--json", "-", stdin=token.encode(), monkeypatch=monkeypatch
    )
    assert code == 0 and lines[0]["badge"]["spec"] == "2.0"


def test_unknown_learner_is_a_command_error(db):
    with pytest.raises(CommandError, match="No learner"):
        call_command("import_badge", "--user", "nobody@example.org", "x.png")


def test_missing_file_is_a_command_error(owner):
    with pytest.raises(CommandError, match="not a file"):
        call_command("import_badge", "--user", EMAIL, "no-such-file.png")


def test_plain_output_says_ok_or_refused(owner, issuer):
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    out = io.StringIO()
    call_command("import_badge", "--user", EMAIL, url, stdout=out)
    assert (
        out.getvalue().startswith("ok ") and "Robotics (Robot Academy), verified" in out.getvalue()
    )


def _ob3_file(tmp_path, name: str, content: str):
    path = tmp_path / name
    path.write_text(content)
    return str(path)


def test_json_output_for_newer_suites_and_wallet_bound_credentials(owner, issuer, tmp_path):
    from tests.openbadges import ob3_issuer as oi

    p384 = oi.did_key_issuer("p384", fetcher=issuer.fetcher)
    mine = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": EMAIL,
                "identityType": "emailAddress",
                "hashed": False,
            }
        ],
        "achievement": {
            "id": "urn:uuid:7f0c1c9e-0000-4000-8000-00000000a001",
            "type": ["Achievement"],
            "name": "Teamwork",
            "description": "Works well in a team.",
            "criteria": {"narrative": "Nominated by peers."},
        },
    }
    ecdsa = oi.sign_data_integrity(oi.credential(p384, subject=mine), p384, suite="ecdsa-rdfc-2019")
    wallet_bound = {k: v for k, v in mine.items() if k != "identifier"}  # names no one
    by = oi.did_key_issuer(fetcher=issuer.fetcher)
    token = oi.sign_vc_jwt(
        oi.credential(by, credential_id="urn:uuid:wallet-bound-1", subject=wallet_bound), by
    )

    code, lines = _run(
        "--user",
        EMAIL,
        "--json",
        _ob3_file(tmp_path, "ecdsa.json", json.dumps(ecdsa)),
        _ob3_file(tmp_path, "wallet.jws", token),
    )

    assert code == 0, lines
    first, second = (line["badge"] for line in lines)
    assert (first["status"], first["trust"], first["recipient_confirmed"]) == (
        "verified",
        "issuer_not_confirmed",
        True,
    )
    assert (second["status"], second["trust"], second["recipient_confirmed"]) == (
        "verified",
        "issuer_not_confirmed",
        False,
    )
