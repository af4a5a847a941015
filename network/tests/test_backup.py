"""manage.py backup writes one archive; restore brings it into an empty database; an erasure
made after the backup holds after the restore."""

import contextlib
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
import tracemalloc

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.db.utils import load_backend
from wagtail.documents.models import Document
from wagtail.models import ReferenceIndex
from wagtail.search.models import IndexEntry

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


def records(content):
    """Every record of an archive's data members."""
    return [
        json.loads(line)
        for name, data in content.items()
        if name.startswith("data/")
        for line in data.splitlines()
    ]


def data_members(content):
    return {name: data for name, data in content.items() if name.startswith("data/")}


def write_archive(path, content):
    with tarfile.open(path, "w:gz") as out:
        for name, data in content.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))


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
    assert {"model": "wagtaildocs.document", "pk": document.pk} in [
        {"model": r["model"], "pk": r["pk"]} for r in records(saved)
    ]
    # Derived tables stay out: they are rebuilt after a restore.
    assert not {"wagtailsearch.indexentry", "wagtailcore.referenceindex"} & set(manifest["records"])

    connection.check_constraints()  # PostgreSQL: run the checks this test left pending
    call_command("flush", interactive=False, verbosity=0)
    (settings.MEDIA_ROOT / document.file.name).unlink()
    assert database_is_empty() and not Person.objects.exists()

    call_command("restore", str(first), stdout=io.StringIO())
    assert (settings.MEDIA_ROOT / document.file.name).read_bytes() == b"%PDF-1.4 baseline"
    assert get_user_model().objects.filter(username="bamako").exists()
    assert IndexEntry.objects.exists() and ReferenceIndex.objects.exists()

    second = tmp_path / "second.tar.gz"
    call_command("backup", str(second), verbosity=0)
    again = members(second)
    # Every record is back, byte for byte, with its id; so is every file.
    assert data_members(again) == data_members(saved)
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


def _damage(content, how):
    if how == "checksum":
        name = "data/network.city.jsonl"
        content[name] = content[name].replace(b"Bamako", b"Bamakp")
        return r"Checksum mismatch in data/network\.city\.jsonl"
    if how == "missing":
        del content["data/network.person.jsonl"]
        return r"lacks data/network\.person\.jsonl, which its manifest lists"
    if how == "unlisted":
        content["media/extra.txt"] = b"not from backup"
        return r"holds media/extra\.txt, which its manifest does not list"
    if how == "format":
        manifest = json.loads(content["manifest.json"])
        manifest["format"] = 99
        content["manifest.json"] = json.dumps(manifest).encode()
        return r"format 99; this version of Baobab reads formats 1, 2"
    if how == "no manifest":
        del content["manifest.json"]
        return r"has no manifest\.json"
    raise AssertionError(how)


@pytest.mark.parametrize("how", ["checksum", "missing", "unlisted", "format", "no manifest"])
def test_a_damaged_archive_says_what_is_wrong_and_changes_nothing(db, tmp_path, how, settings):
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    content = members(archive)
    message = _damage(content, how)
    damaged = tmp_path / "damaged.tar.gz"
    write_archive(damaged, content)
    lagos = Person.objects.get(user__username="lagos")
    lagos.organisation = "Changed after the backup"
    lagos.save()
    count = Person.objects.count()
    with pytest.raises(CommandError, match=message) as error:
        call_command("restore", str(damaged), "--force", verbosity=0)
    assert error.value.returncode != 0
    assert Person.objects.count() == count
    assert Person.objects.get(pk=lagos.pk).organisation == "Changed after the backup"
    assert not (settings.MEDIA_ROOT / "extra.txt").exists()


def test_a_truncated_archive_is_refused(db, tmp_path, settings):
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True)
    (settings.MEDIA_ROOT / "documents" / "big.bin").write_bytes(os.urandom(400_000))
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size * 2 // 3])
    (settings.MEDIA_ROOT / "documents" / "big.bin").unlink()
    count = Person.objects.count()
    with pytest.raises(CommandError, match="truncated or damaged after data/") as error:
        call_command("restore", str(truncated), "--force", verbosity=0)
    assert error.value.returncode != 0
    assert Person.objects.count() == count
    assert not (settings.MEDIA_ROOT / "documents" / "big.bin").exists()
    with pytest.raises(CommandError, match="No archive"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), verbosity=0)


def test_an_archive_in_the_first_format_still_restores(db, tmp_path):
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    content = members(archive)
    manifest = json.loads(content["manifest.json"])
    # Format 1: every record in one JSON array, the search index among them.
    derived = {"model": "wagtailsearch.indexentry", "pk": 1, "fields": {"title": "derived"}}
    legacy = [*records(content), derived]
    data = json.dumps(legacy).encode()
    old = {
        "data.json": data,
        "manifest.json": json.dumps(
            {**manifest, "format": 1, "files": {"data.json": hashlib.sha256(data).hexdigest()}}
        ).encode(),
    }
    write_archive(tmp_path / "old.tar.gz", old)
    Person.objects.filter(user__username="lagos").delete()
    call_command("restore", str(tmp_path / "old.tar.gz"), "--force", verbosity=0)
    assert Person.objects.count() == manifest["records"]["network.person"]
    assert Person.objects.filter(user__username="lagos").exists()


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
    assert b"Awa Kon" not in b"".join(data_members(content).values())
    assert b'"person": %d' % person.pk in content["erasure-ledger.jsonl"]


WRITER = "Snapshot writer"


@pytest.fixture
def _source_database(django_db_setup, django_db_blocker, tmp_path):
    """The name of a database other threads can write to while ``backup`` reads it: on
    PostgreSQL the test database itself, on SQLite (whose test database lives in memory) a file
    copy of it, taken before the test's transaction opens."""
    with django_db_blocker.unblock():
        if connection.vendor != "sqlite":
            yield connection.settings_dict["NAME"]
            # The writer committed into the test database: take its rows out once the test's
            # own transaction is rolled back (this fixture is torn down after it).
            Person.objects.filter(name__startswith=WRITER).delete()
            return
        name = str(tmp_path / "source.sqlite3")
        connection.ensure_connection()
        target = sqlite3.connect(name)
        connection.connection.backup(target)
        target.close()
    yield name


SOURCE = "backup_source"


@contextlib.contextmanager
def _source_connection(name):
    """This thread's connection to the database named ``name`` as the ``SOURCE`` alias.

    Made by hand, not declared in the settings: the test case then leaves it alone (no
    transaction around it, which would hide the other threads' writes or hold SQLite's write lock).
    """
    settings_dict = {**connections.settings["default"], "NAME": name, "TEST": {}}
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, SOURCE)
    setattr(connections._connections, SOURCE, wrapper)
    try:
        yield SOURCE
    finally:
        wrapper.close()
        delattr(connections._connections, SOURCE)


def _write_until(stop, name, written, failures):
    """People registered for an event, one pair a transaction, until told to stop."""
    from learning.models import Event, Registration
    from network.models import Network

    try:
        with _source_connection(name) as alias:
            network = Network.objects.using(alias).get(slug="aston")
            event = Event.objects.using(alias).order_by("pk").first()
            while not stop.is_set():
                with transaction.atomic(using=alias):
                    person = Person.objects.using(alias).create(
                        name=f"{WRITER} {written[0]}",
                        role=Person.Role.STAKEHOLDER,
                        network=network,
                    )
                    Registration.objects.using(alias).create(event=event, person=person)
                written[0] += 1
    except Exception as error:
        failures.append(error)
        raise
    finally:
        connections.close_all()  # any this thread opened besides (signal handlers)


def test_a_backup_taken_while_someone_writes_is_one_consistent_snapshot(
    _source_database, db, tmp_path
):
    stop, written, failures = threading.Event(), [0], []
    writer = threading.Thread(target=_write_until, args=(stop, _source_database, written, failures))
    writer.start()
    try:
        deadline = time.monotonic() + 30
        while written[0] < 5 and writer.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)  # until the writer is under way
        assert not failures and written[0] >= 5, failures
        before = written[0]
        archive = tmp_path / "busy.tar.gz"
        with _source_connection(_source_database) as alias:
            call_command("backup", str(archive), "--database", alias, verbosity=0)
        during = written[0] - before
    finally:
        stop.set()
        writer.join()
    assert not failures, failures
    assert during >= 5, "the writer must have written while the backup read"
    manifest = json.loads(members(archive)["manifest.json"])

    connection.check_constraints()  # PostgreSQL: run the checks this test left pending
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(archive), verbosity=0)
    for label, count in manifest["records"].items():
        assert apps.get_model(label)._base_manager.count() == count, label
    people = Person.objects.filter(name__startswith=WRITER)
    assert people.count() == people.filter(registrations__isnull=False).count() > 0


def test_backup_and_restore_stream_a_large_file_in_little_memory(db, tmp_path, settings):
    # Records are streamed too, but the file is what this measures (tracemalloc slows the rest).
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)
    size = 30 * 1024 * 1024
    film = settings.MEDIA_ROOT / "documents" / "city-film.bin"
    film.parent.mkdir(parents=True)
    checksum = hashlib.sha256()
    with film.open("wb") as out:
        for _ in range(size // (1024 * 1024)):
            chunk = os.urandom(1024 * 1024)  # random: gzip cannot shrink it
            checksum.update(chunk)
            out.write(chunk)
    archive = tmp_path / "big.tar.gz"
    tracemalloc.start()
    try:
        call_command("backup", str(archive), verbosity=0)
        backup_peak = tracemalloc.get_traced_memory()[1]
        film.unlink()
        tracemalloc.reset_peak()
        connection.check_constraints()  # what the first flush's post-migrate handlers wrote
        call_command("flush", interactive=False, verbosity=0)
        call_command("restore", str(archive), verbosity=0)
        restore_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert film.stat().st_size == size
    with film.open("rb") as restored:
        assert hashlib.file_digest(restored, "sha256").hexdigest() == checksum.hexdigest()
    limit = 10 * 1024 * 1024
    assert backup_peak < limit, f"backup: {backup_peak / 1e6:.1f} MB"
    assert restore_peak < limit, f"restore: {restore_peak / 1e6:.1f} MB"


COUNTS = (
    "import json; from network.backup import backed_up_models; "
    "from wagtail.search.models import IndexEntry; "
    "print(json.dumps({'records': {m._meta.label_lower: m._base_manager.count() "
    "for m in backed_up_models()}, 'indexed': IndexEntry.objects.count()}))"
)


@contextlib.contextmanager
def _other_engine(tmp_path):
    """A ``DATABASE_URL`` on the engine the tests do not run on, freshly created (PostgreSQL's
    server: the one the tests use, or ``BAOBAB_TEST_POSTGRES_URL``)."""
    if connection.vendor != "sqlite":
        yield f"sqlite:///{tmp_path / 'target.sqlite3'}"
        return
    import psycopg

    server = os.environ.get(
        "BAOBAB_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
    )
    name = f"test_baobab_restore_{os.getpid()}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_an_archive_restores_into_the_other_engine(db, tmp_path, settings):
    """SQLite to PostgreSQL (PostgreSQL to SQLite when the tests run on PostgreSQL), through
    the commands an operator runs: migrate the new database, then restore."""
    archive = tmp_path / "from-this-engine.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    manifest = json.loads(members(archive)["manifest.json"])
    assert manifest["database_vendor"] == connection.vendor
    with _other_engine(tmp_path) as url:
        env = {
            **os.environ,
            "BAOBAB_ENV": "test",
            "DATABASE_URL": url,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "ERASURE_LEDGER": str(settings.BAOBAB_ERASURE_LEDGER),
        }

        def manage(*args):
            done = subprocess.run(
                [sys.executable, "manage.py", *args],
                cwd=settings.BASE_DIR,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            assert done.returncode == 0, done.stderr[-3000:]
            return done.stdout

        manage("migrate", "--no-input", "-v0")
        assert "Restored" in manage("restore", str(archive), "-v0")
        restored = json.loads(manage("shell", "-c", COUNTS).splitlines()[-1])
    assert restored["records"] == manifest["records"]
    assert restored["indexed"] > 0  # the search index, left out of the archive, is rebuilt
