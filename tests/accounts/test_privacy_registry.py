import zipfile

import pytest

from passport import privacy
from passport.accounts import services


def test_accounts_app_registers_its_export_and_erasure():
    assert services.export_account in privacy.exporters()
    assert services.erase_avatar in privacy.erasers()


def test_registering_twice_keeps_one(monkeypatch):
    monkeypatch.setattr(privacy, "_exporters", [])

    def export_things(user, archive):
        archive.writestr("things/list.json", "[]")

    assert privacy.register_export(export_things) is export_things
    privacy.register_export(export_things)
    assert privacy.exporters() == (export_things,)


@pytest.mark.django_db
def test_build_export_runs_every_registered_exporter(owner, monkeypatch):
    def export_things(user, archive):
        archive.writestr("things/owner.txt", user.email)

    monkeypatch.setattr(privacy, "_exporters", [*privacy.exporters(), export_things])
    with privacy.build_export(owner) as archive_file, zipfile.ZipFile(archive_file) as archive:
        assert archive.read("things/owner.txt") == b"owner@example.org"
        assert "account.json" in archive.namelist()
