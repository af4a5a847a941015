"""manage.py backup writes one archive; restore brings it into an empty database; an erasure
made after the backup holds after the restore."""

import io
import json
import tarfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.documents.models import Document

from network.backup import database_is_empty
from network.models import Person
from network.personal_data import ERASED_NAME, person_erase


@pytest.fixture(autouse=True)
def _places(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BAOBAB_ERASURE_LEDGER = tmp_path / "erasure-ledger.jsonl"
    yield
    # A flush recreates content types under new ids, which Django caches; the test's rollback
    # brings the old ids back, so the cache must go with it.
    ContentType.objects.clear_cache()


def members(path):
    with tarfile.open(path, "r:gz") as archive:
        return {m.name: archive.extractfile(m).read() for m in archive.getmembers()}


def test_backup_wipe_restore_loses_nothing(db, tmp_path, settings):
    document = Document(title="Bamako baseline study")
    document.file.save("baseline.pdf", ContentFile(b"%PDF-1.4 baseline"), save=False)
    document.save()
    first = tmp_path / "first.tar.gz"
    out = io.StringIO()
    call_command("backup", str(first), stdout=out)
    assert "records" in out.getvalue()

    saved = members(first)
    manifest = json.loads(saved["manifest.json"])
    assert manifest["records"]["network.person"] == Person.objects.count()
    assert f"media/{document.file.name}" in manifest["files"]
    records = json.loads(saved["data.json"])
    assert {"model": "wagtaildocs.document", "pk": document.pk} in [
        {"model": r["model"], "pk": r["pk"]} for r in records
    ]

    connection.check_constraints()  # PostgreSQL: run the checks this test left pending
    call_command("flush", interactive=False, verbosity=0)
    (settings.MEDIA_ROOT / document.file.name).unlink()
    assert database_is_empty() and not Person.objects.exists()

    call_command("restore", str(first), stdout=io.StringIO())
    assert (settings.MEDIA_ROOT / document.file.name).read_bytes() == b"%PDF-1.4 baseline"
    assert get_user_model().objects.filter(username="bamako").exists()

    second = tmp_path / "second.tar.gz"
    call_command("backup", str(second), verbosity=0)
    again = members(second)
    # Every record is back, byte for byte, with its id; so is every file.
    assert again["data.json"] == saved["data.json"]
    assert json.loads(again["manifest.json"])["files"] == manifest["files"]


def test_restore_refuses_a_database_that_is_not_empty(db, tmp_path):
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    person = Person.objects.get(user__username="lagos")
    original = person.organisation
    person.organisation = "Lagos State"
    person.save()
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), verbosity=0)
    assert Person.objects.get(pk=person.pk).organisation == "Lagos State"
    call_command("restore", str(archive), "--force", verbosity=0)
    assert Person.objects.get(pk=person.pk).organisation == original


def test_a_damaged_archive_is_refused_before_anything_changes(db, tmp_path):
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    content = members(archive)
    content["data.json"] = content["data.json"].replace(b"Bamako", b"Bamakp")
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(damaged, "w:gz") as out:
        for name, data in content.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))
    count = Person.objects.count()
    with pytest.raises(CommandError, match=r"Checksum mismatch for data\.json"):
        call_command("restore", str(damaged), "--force", verbosity=0)
    assert Person.objects.count() == count
    with pytest.raises(CommandError, match="No archive"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), verbosity=0)


def test_an_erasure_holds_after_restoring_an_older_backup(db, tmp_path, secretariat):
    before = tmp_path / "before.tar.gz"
    call_command("backup", str(before), verbosity=0)
    person = Person.objects.get(user__username="bamako")
    person_erase(person=person, actor=secretariat)

    out = io.StringIO()
    call_command("restore", str(before), "--force", stdout=out)
    assert "1 erasures applied again" in out.getvalue()
    restored = Person.objects.get(pk=person.pk)
    assert (restored.name, restored.email) == (ERASED_NAME, "")
    user = get_user_model().objects.get(pk=person.user_id)
    assert not user.is_active and not user.has_usable_password()
    # And a backup taken now carries the erasure, and the ledger with it.
    after = tmp_path / "after.tar.gz"
    call_command("backup", str(after), verbosity=0)
    content = members(after)
    assert b"Awa Kon" not in content["data.json"]
    assert b'"person": %d' % person.pk in content["erasure-ledger.jsonl"]
