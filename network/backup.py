"""One-archive backups: the database's content (Django's JSON Lines serialisation, one member per
model), the media files and a manifest with a SHA-256 checksum of each, in one ``.tar.gz``.

``backup`` reads every table inside one transaction, so the archive is one consistent snapshot
even while people write. Both commands stream: no member is ever held in memory whole.

``restore`` reads the archive twice. The first pass checks every member against the manifest
(format, names, checksums, an archive cut short) before touching anything; the second empties
the database, loads the records with their original ids (on SQLite and PostgreSQL, whichever
engine wrote the archive), puts the media back, applies the erasure ledger again
(``network.personal_data``) and rebuilds what the archive leaves out (the search index, the
reference index).
"""

import contextlib
import datetime
import gzip
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .signals import public_content_changed

FORMAT = 2
# Format 1 (one ``data.json`` holding every record) is still read.
READABLE_FORMATS = {1, 2}
DATA_PREFIX = "data/"
LEGACY_DATA_NAME = "data.json"
MANIFEST_NAME = "manifest.json"
MEDIA_PREFIX = "media/"
LEDGER_NAME = "erasure-ledger.jsonl"
# Kept out of a backup: live sessions (restoring them would sign people back in) and what is
# derived from the other tables, rebuilt after a restore. The search index also differs from one
# engine to the other (SQLite keeps an FTS5 table PostgreSQL has no model for).
EXCLUDED_MODELS = {
    "sessions.session",
    # Drawn again on the first request; and the task queue, whose tasks (an e-mail sent again)
    # must not run twice after a restore.
    "network.storedpdf",
    "django_tasks_database.dbtaskresult",
    "wagtailadmin.editingsession",
    "wagtailcore.referenceindex",
    "wagtailimages.rendition",
    "knowledge.libraryentry",
    "knowledge.libraryfacet",
}
# Wagtail's renditions of images, made again on demand from the originals; the stored PDFs of
# pages, drawn again too.
EXCLUDED_MEDIA = ("images/", "pdfs/")
# What ``migrate`` itself puts into a fresh database: a database holding only these is empty.
BOOTSTRAP_APPS = {"contenttypes", "auth", "wagtailcore", "wagtailimages", "wagtaildocs"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    pass


class _FullPrecisionEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to the millisecond; a backup keeps every microsecond."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def _excluded(label: str) -> bool:
    app_label, _dot, model_name = label.partition(".")
    return label in EXCLUDED_MODELS or (
        app_label == "wagtailsearch" and model_name.endswith("indexentry")
    )


def _loaded_first(label: str) -> bool:
    # Building a page or a workflow task looks its content type up, and creates it when it is
    # missing (under a new id the archive's own row then collides with): content types go first.
    return label != "contenttypes.contenttype"


def backed_up_models():
    models = [
        model
        for model in apps.get_models()
        if not (model._meta.proxy or not model._meta.managed or _excluded(model._meta.label_lower))
    ]
    return sorted(models, key=lambda model: _loaded_first(model._meta.label_lower))


class _Hashing(io.RawIOBase):
    """A read-only stream passing another one through while hashing it."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.raw.read(len(buffer))
        self.sha256.update(data)
        buffer[: len(data)] = data
        return len(data)

    def hexdigest(self):
        return self.sha256.hexdigest()


def _add_file(archive: tarfile.TarFile, name: str, file) -> str:
    """Stream the open ``file`` into the archive as ``name``; return its checksum."""
    info = tarfile.TarInfo(name)
    info.size = os.fstat(file.fileno()).st_size - file.tell()
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    hashing = _Hashing(file)
    archive.addfile(info, io.BufferedReader(hashing, CHUNK))
    return hashing.hexdigest()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


@contextlib.contextmanager
def _snapshot(using):
    """Every read inside sees the database as it was at one moment, writers going on meanwhile.

    Read per table in autocommit, an archive taken while someone writes holds memberships of
    people it lacks, and fails to restore. Inside a transaction the caller already opened (a
    test), its snapshot is the one there is.
    """
    connection = connections[using]
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "sqlite":
        # A deferred transaction takes no write lock (the configured IMMEDIATE one would stop
        # every writer for the whole backup); with WAL its first read fixes the snapshot.
        connection.ensure_connection()
        mode, connection.transaction_mode = connection.transaction_mode, None
        try:
            atomic = transaction.atomic(using=using)
            atomic.__enter__()
        finally:
            connection.transaction_mode = mode
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM sqlite_master")
            yield
        except BaseException as error:
            atomic.__exit__(type(error), error, error.__traceback__)
            raise
        else:
            atomic.__exit__(None, None, None)
        return
    # A health check run lazily inside the transaction would be its first query, too early
    # for SET TRANSACTION: run it now.
    connection.ensure_connection()
    connection.close_if_health_check_failed()
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.exists():
        return []
    return sorted(
        p
        for p in media_root.rglob("*")
        if p.is_file() and not p.relative_to(media_root).as_posix().startswith(EXCLUDED_MEDIA)
    )


def _counted(queryset, counts, label):
    for obj in queryset:
        counts[label] += 1
        yield obj


def backup_write(*, path: Path, progress=None, using=DEFAULT_DB_ALIAS) -> dict:
    """Write the archive at ``path``; return its manifest. ``progress(description, total)``
    returns a callable advanced once per model and per file."""
    models = list(backed_up_models())
    media_root = Path(settings.MEDIA_ROOT)
    counts = {}
    files = {}
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with tarfile.open(partial, "w:gz") as archive:
        with _snapshot(using):
            # Listed once the snapshot holds: every file a record of it names is on disk already.
            media = _media_files(media_root)
            advance = progress(_("records"), len(models)) if progress else None
            for model in models:
                label = model._meta.label_lower
                counts[label] = 0
                queryset = model._base_manager.using(using).order_by(model._meta.pk.name)
                with tempfile.TemporaryFile() as data_file:
                    stream = io.TextIOWrapper(data_file, encoding="utf-8", newline="\n")
                    serializers.serialize(
                        "jsonl",
                        _counted(queryset.iterator(chunk_size=2000), counts, label),
                        stream=stream,
                        cls=_FullPrecisionEncoder,
                    )
                    stream.flush()
                    data_file.seek(0)
                    if counts[label]:
                        name = f"{DATA_PREFIX}{label}.jsonl"
                        files[name] = _add_file(archive, name, data_file)
                    stream.detach()
                if advance:
                    advance()
        advance = progress(_("media files"), len(media)) if progress else None
        for file in media:
            name = MEDIA_PREFIX + file.relative_to(media_root).as_posix()
            try:
                with file.open("rb") as content:
                    files[name] = _add_file(archive, name, content)
            except FileNotFoundError:
                pass  # deleted since the listing: its record went with it
            if advance:
                advance()
        ledger = Path(settings.BAOBAB_ERASURE_LEDGER)
        if ledger.exists():
            with ledger.open("rb") as content:
                files[LEDGER_NAME] = _add_file(archive, LEDGER_NAME, content)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database_vendor": connections[using].vendor,
            "records": counts,
            "files": files,
        }
        _add_bytes(archive, MANIFEST_NAME, json.dumps(manifest, indent=2).encode())
    partial.replace(path)
    path.chmod(0o600)
    return manifest


def _is_data(name: str) -> bool:
    return name == LEGACY_DATA_NAME or name.startswith(DATA_PREFIX)


def archived_files(manifest: dict) -> list[str]:
    """The media files and the ledger an archive holds (its records aside)."""
    return [name for name in manifest["files"] if not _is_data(name)]


def _members(archive: tarfile.TarFile):
    """The archive's members, in order, refusing anything ``backup`` does not write."""
    for member in archive:
        name = member.name
        if not member.isfile() or name.startswith("/") or ".." in name.split("/"):
            raise BackupError(
                _("The archive holds %(name)s, which a Baobab backup never holds.") % {"name": name}
            )
        yield member


@contextlib.contextmanager
def _reading(path: Path):
    """Open the archive as a stream; a cut or damaged one raises a ``BackupError``."""
    where = {"after": None}
    try:
        with tarfile.open(path, "r|gz") as archive:
            yield archive, where
    # Errors reading the archive only: a disk that fills up while the media are put back is
    # not the archive's fault.
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        if where["after"] is None:
            message = _("The archive is truncated or is not a backup (%(error)s).")
        else:
            message = _(
                "The archive is truncated or damaged after %(member)s: it was cut short "
                "or altered (%(error)s)."
            )
        raise BackupError(message % {"member": where["after"], "error": error}) from None


def _check(path: Path) -> dict:
    """The manifest, once every member of the archive matches it. Nothing is written."""
    checksums = {}
    order = []
    manifest = None
    with _reading(path) as (archive, where):
        for member in _members(archive):
            source = archive.extractfile(member)
            if member.name == MANIFEST_NAME:
                try:
                    manifest = json.load(source)  # one line per file: small
                except ValueError:
                    raise BackupError(_("The archive's manifest is not valid JSON.")) from None
            else:
                hashing = _Hashing(source)
                while hashing.read(CHUNK):
                    pass
                checksums[member.name] = hashing.hexdigest()
                order.append(member.name)
            where["after"] = member.name
    if manifest is None:
        raise BackupError(
            _("The archive has no %(name)s: it is incomplete or not a Baobab backup.")
            % {"name": MANIFEST_NAME}
        )
    found = manifest.get("format") if isinstance(manifest, dict) else None
    if found not in READABLE_FORMATS:
        raise BackupError(
            _(
                "The archive is in format %(found)s; this version of Baobab reads formats "
                "%(formats)s."
            )
            % {"found": found, "formats": ", ".join(map(str, sorted(READABLE_FORMATS)))}
        )
    listed = manifest.get("files", {})
    missing = sorted(set(listed) - set(checksums))
    if missing:
        raise BackupError(
            _("The archive lacks %(names)s, which its manifest lists.")
            % {"names": ", ".join(missing)}
        )
    unlisted = sorted(set(checksums) - set(listed))
    if unlisted:
        raise BackupError(
            _("The archive holds %(names)s, which its manifest does not list.")
            % {"names": ", ".join(unlisted)}
        )
    for name in order:
        if checksums[name] != listed[name]:
            raise BackupError(
                _("Checksum mismatch in %(name)s: the archive is damaged.") % {"name": name}
            )
    data = [i for i, name in enumerate(order) if _is_data(name)]
    if data and data[-1] >= len(data):
        # The records are loaded in one transaction, before any file is put back.
        raise BackupError(
            _("The archive's records do not come first: it was not written by backup.")
        )
    return manifest


def database_is_empty(using=DEFAULT_DB_ALIAS) -> bool:
    """True when the database holds nothing beyond what ``migrate`` creates."""
    from django.contrib.auth import get_user_model

    if get_user_model()._base_manager.using(using).exists():
        return False
    for model in backed_up_models():
        if model._meta.app_label in BOOTSTRAP_APPS or model._meta.app_label.startswith("wagtail"):
            continue
        if model._meta.label_lower.startswith(("django_", "axes.", "taggit.")):
            continue
        if model._base_manager.using(using).exists():
            return False
    return True


def _deserialized(name: str, stream, using):
    """The records of one data member, one at a time."""
    if name == LEGACY_DATA_NAME:
        # Format 1 holds every record in one JSON array, read whole; it may hold the derived
        # tables, engine-specific ones among them, which are rebuilt instead.
        records = [r for r in json.load(stream) if not _excluded(r["model"])]
        records.sort(key=lambda record: _loaded_first(record["model"]))
        yield from serializers.deserialize("python", records, using=using)
    else:
        text = io.TextIOWrapper(stream, encoding="utf-8", newline="\n")
        yield from serializers.deserialize("jsonl", text, using=using)


def _load_records(archive, members, manifest, progress, using) -> tarfile.TarInfo | None:
    """Empty the database and load the data members; return the first member after them."""
    connection = connections[using]
    total = sum(manifest.get("records", {}).values())
    advance = progress(_("records"), total) if progress else None
    with transaction.atomic(using=using):
        # PostgreSQL refuses to empty a table with deferred checks still pending in this
        # transaction: run them now.
        connection.check_constraints()
        # Empty every table (the rows migrate created too): the archive brings them back with
        # their original ids, which the other records point at.
        call_command(
            "flush", interactive=False, database=using, inhibit_post_migrate=True, verbosity=0
        )
        ContentType.objects.clear_cache()
        models = set()
        following = None
        with connection.constraint_checks_disabled():
            for member in members:
                if not _is_data(member.name):
                    following = member
                    break
                hashing = _Hashing(archive.extractfile(member))
                for obj in _deserialized(member.name, io.BufferedReader(hashing, CHUNK), using):
                    obj.save(using=using)
                    models.add(type(obj.object))
                    if advance:
                        advance()
                if hashing.hexdigest() != manifest["files"][member.name]:
                    raise BackupError(
                        _("%(name)s changed during the restore.") % {"name": member.name}
                    )
        connection.check_constraints(table_names=[m._meta.db_table for m in models])
        statements = connection.ops.sequence_reset_sql(no_style(), list(backed_up_models()))
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    return following


def _put_file(source, target: Path, checksum: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".restoring")
    hashing = _Hashing(source)
    with partial.open("wb") as out:
        shutil.copyfileobj(io.BufferedReader(hashing, CHUNK), out, CHUNK)
    if hashing.hexdigest() != checksum:
        partial.unlink()
        raise BackupError(_("%(name)s changed during the restore.") % {"name": target.name})
    partial.replace(target)


def restore_read(*, path: Path, force: bool = False, progress=None, using=DEFAULT_DB_ALIAS):
    """Replace the database's content and the media with the archive's; return its manifest."""
    from .personal_data import erasures_reapply

    manifest = _check(path)
    if not force and not database_is_empty(using):
        raise BackupError(
            _(
                "The database is not empty: restore into a freshly migrated database, "
                "or pass --force to replace everything in it."
            )
        )
    files = manifest["files"]
    media_root = Path(settings.MEDIA_ROOT)
    archived_ledger = b""
    with _reading(path) as (archive, _where):
        members = _members(archive)
        member = _load_records(archive, members, manifest, progress, using)
        media_count = sum(1 for name in files if name.startswith(MEDIA_PREFIX))
        advance = progress(_("media files"), media_count) if progress else None
        while member is not None:
            source = archive.extractfile(member)
            if member.name.startswith(MEDIA_PREFIX):
                target = media_root / member.name[len(MEDIA_PREFIX) :]
                _put_file(source, target, files[member.name])
                if advance:
                    advance()
            elif member.name == LEDGER_NAME:
                archived_ledger = source.read()
            member = next(members, None)
    # Erasures made after this backup (the local ledger) and before it (the archive's) hold.
    ledger = Path(settings.BAOBAB_ERASURE_LEDGER)
    archived = archived_ledger.decode()
    current = ledger.read_text() if ledger.exists() else ""
    lines = list(dict.fromkeys(line for line in (archived + "\n" + current).splitlines() if line))
    if lines:
        ledger.parent.mkdir(parents=True, exist_ok=True)
        ledger.write_text("\n".join(lines) + "\n")
    manifest["erasures_applied"] = erasures_reapply()
    # What the archive leaves out because the records say it all.
    call_command("rebuild_references_index", verbosity=0)
    call_command("update_index", verbosity=0)
    call_command("rebuild_library_index", verbosity=0)
    public_content_changed.send(sender=__name__)
    return manifest
