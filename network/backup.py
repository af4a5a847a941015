"""One-archive backups: the database's content (Django's JSON serialisation), the media files
and a manifest with a SHA-256 checksum of each, in one ``.tar.gz``.

``restore`` checks every checksum before touching the database, empties it, loads the records
with their original ids (on SQLite and PostgreSQL), puts the media back and applies the erasure
ledger again (``network.personal_data``).
"""

import datetime
import hashlib
import io
import json
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from .signals import public_content_changed

FORMAT = 1
DATA_NAME = "data.json"
MANIFEST_NAME = "manifest.json"
MEDIA_PREFIX = "media/"
# Kept out of a backup: live sessions (restoring them would sign people back in).
EXCLUDED_MODELS = {"sessions.session"}
# What ``migrate`` itself puts into a fresh database: a database holding only these is empty.
BOOTSTRAP_APPS = {"contenttypes", "auth", "wagtailcore", "wagtailimages", "wagtaildocs"}


class BackupError(Exception):
    pass


class _FullPrecisionEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to the millisecond; a backup keeps every microsecond."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def backed_up_models():
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label_lower in EXCLUDED_MODELS:
            continue
        yield model


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def backup_write(*, path: Path, progress=None, using=DEFAULT_DB_ALIAS) -> dict:
    """Write the archive at ``path``; return its manifest. ``progress(description, total)``
    returns a callable advanced once per model and per file."""
    models = list(backed_up_models())
    media_root = Path(settings.MEDIA_ROOT)
    media = sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
    advance = progress("records", len(models)) if progress else None
    counts = {}
    with tempfile.TemporaryFile() as data_file:
        stream = io.TextIOWrapper(data_file, encoding="utf-8", newline="\n")
        stream.write("[")
        first = True
        for model in models:
            queryset = model._base_manager.using(using).order_by(model._meta.pk.name)
            counts[model._meta.label_lower] = 0
            for obj in queryset.iterator(chunk_size=2000):
                text = serializers.serialize("json", [obj], cls=_FullPrecisionEncoder)[1:-1]
                stream.write(("" if first else ",\n") + text)
                first = False
                counts[model._meta.label_lower] += 1
            if advance:
                advance()
        stream.write("]")
        stream.flush()
        data_file.seek(0)
        data = data_file.read()
        stream.detach()
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database_vendor": connections[using].vendor,
        "records": counts,
        "files": {DATA_NAME: _sha256(data)},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with tarfile.open(partial, "w:gz") as archive:
        _add_bytes(archive, DATA_NAME, data)
        advance = progress("media files", len(media)) if progress else None
        for file in media:
            content = file.read_bytes()
            name = MEDIA_PREFIX + file.relative_to(media_root).as_posix()
            manifest["files"][name] = _sha256(content)
            _add_bytes(archive, name, content)
            if advance:
                advance()
        ledger = Path(settings.BAOBAB_ERASURE_LEDGER)
        if ledger.exists():
            content = ledger.read_bytes()
            manifest["files"]["erasure-ledger.jsonl"] = _sha256(content)
            _add_bytes(archive, "erasure-ledger.jsonl", content)
        _add_bytes(archive, MANIFEST_NAME, json.dumps(manifest, indent=2).encode())
    partial.replace(path)
    path.chmod(0o600)
    return manifest


def _read_archive(path: Path) -> tuple[dict, dict[str, bytes]]:
    """The manifest and every member, after checking each checksum."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            members = {}
            for member in archive.getmembers():
                if not member.isfile() or member.name.startswith("/") or ".." in member.name:
                    raise BackupError(f"Unexpected entry in the archive: {member.name}")
                members[member.name] = archive.extractfile(member).read()
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"Cannot read the archive: {error}") from None
    if MANIFEST_NAME not in members:
        raise BackupError("The archive has no manifest.")
    manifest = json.loads(members.pop(MANIFEST_NAME))
    if manifest.get("format") != FORMAT:
        raise BackupError("The archive's format is not one this version reads.")
    if set(manifest["files"]) != set(members):
        raise BackupError("The archive's files differ from its manifest.")
    for name, checksum in manifest["files"].items():
        if _sha256(members[name]) != checksum:
            raise BackupError(f"Checksum mismatch for {name}: the archive is damaged.")
    return manifest, members


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


def restore_read(*, path: Path, force: bool = False, progress=None, using=DEFAULT_DB_ALIAS):
    """Replace the database's content and the media with the archive's; return its manifest."""
    from .personal_data import erasures_reapply

    manifest, members = _read_archive(path)
    if not force and not database_is_empty(using):
        raise BackupError(
            "The database is not empty: restore into a freshly migrated database, "
            "or pass --force to replace everything in it."
        )
    data = members.pop(DATA_NAME)
    objects = list(serializers.deserialize("json", data, using=using))
    connection = connections[using]
    with transaction.atomic(using=using):
        # PostgreSQL refuses to empty a table with deferred checks still pending in this
        # transaction: run them now.
        connection.check_constraints()
        # Empty every table (the rows migrate created too): the archive brings them back with
        # their original ids, which the other records point at.
        call_command(
            "flush", interactive=False, database=using, inhibit_post_migrate=True, verbosity=0
        )
        advance = progress("records", len(objects)) if progress else None
        models = set()
        with connection.constraint_checks_disabled():
            for obj in objects:
                obj.save(using=using)
                models.add(type(obj.object))
                if advance:
                    advance()
        connection.check_constraints(table_names=[m._meta.db_table for m in models])
        statements = connection.ops.sequence_reset_sql(no_style(), list(backed_up_models()))
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    media_root = Path(settings.MEDIA_ROOT)
    media = {k: v for k, v in members.items() if k.startswith(MEDIA_PREFIX)}
    advance = progress("media files", len(media)) if progress else None
    for name, content in media.items():
        target = media_root / name[len(MEDIA_PREFIX) :]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        if advance:
            advance()
    # Erasures made after this backup (the local ledger) and before it (the archive's) hold.
    ledger = Path(settings.BAOBAB_ERASURE_LEDGER)
    archived = members.get("erasure-ledger.jsonl", b"").decode()
    current = ledger.read_text() if ledger.exists() else ""
    lines = list(dict.fromkeys(line for line in (archived + "\n" + current).splitlines() if line))
    if lines:
        ledger.parent.mkdir(parents=True, exist_ok=True)
        ledger.write_text("\n".join(lines) + "\n")
    manifest["erasures_applied"] = erasures_reapply()
    public_content_changed.send(sender=__name__)
    return manifest
