"""Writes of reuse records: the admin, the API and the demo go through here."""

import datetime
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from baobab.exceptions import NotAllowed, NotFound, actor_user
from network import permissions
from network.services import save_logged

from .models import OfflinePack, ReuseRecord

FIELDS = ("topic", "method", "where", "reused_in", "reused_on", "evidence", "evidence_url")


@transaction.atomic
def reuse_record_create(*, network, city, actor, **fields) -> ReuseRecord:
    """Record a reuse for ``city``. A city team records its own city's only: another city is
    answered as if it did not exist (404)."""
    if actor_user(actor) is not None:
        permissions.get_city_for_user(actor, city.pk, "change")
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    record = ReuseRecord(network=network, city=city, **fields)
    return save_logged(record, actor=actor)


@transaction.atomic
def reuse_record_upsert(*, network, city, reused_in: str, actor, **fields) -> ReuseRecord:
    """Create or update the city's record for ``reused_in``: the demo loader runs it twice."""
    record = ReuseRecord.objects.filter(
        network=network, city=city, reused_in=reused_in
    ).first() or ReuseRecord(network=network, city=city, reused_in=reused_in)
    for name, value in fields.items():
        setattr(record, name, value)
    return save_logged(record, actor=actor)


# --- Offline knowledge packs -----------------------------------------------------------------
#
# A pack is rebuilt at most once an hour per network and language: a publish within the hour of
# the last build is put off to the hour's end when the task backend can run a task later
# (run_after), and otherwise left to the next publish after the hour or to `manage.py
# build_packs`. Two builds of one pack never run at once: the row is locked while its status is
# read and set to "building", and a second build finding it building stops. A build that fails
# keeps the previous file and records the error.

PACK_DEBOUNCE = datetime.timedelta(hours=1)
# A "building" status older than this is a build that died (a killed worker): it may start again.
PACK_STALE = datetime.timedelta(minutes=30)
logger = logging.getLogger(__name__)


def _pack_row(network, language):
    pack, _created = OfflinePack.objects.get_or_create(network=network, language=language)
    return pack


def offline_pack_build(*, network, language: str, actor) -> OfflinePack:
    """Build ``network``'s pack in ``language`` (a code or "all") now, and store it."""
    from .pack import build_pack

    if actor_user(actor) is not None and not actor_user(actor).is_superuser:
        raise NotAllowed
    if language != OfflinePack.ALL and language not in network.languages:
        raise NotFound
    now = timezone.now()
    with transaction.atomic():
        pack = OfflinePack.objects.select_for_update().get(pk=_pack_row(network, language).pk)
        if (
            pack.status == OfflinePack.Status.BUILDING
            and pack.started_at
            and now - pack.started_at < PACK_STALE
        ):
            return pack
        pack.status = OfflinePack.Status.BUILDING
        pack.started_at = now
        pack.scheduled_for = None
        pack.save(update_fields=["status", "started_at", "scheduled_for"])
    try:
        data = build_pack(network=network, language=language)
        name = default_storage.save(
            f"packs/{network.slug}-{language}-{now:%Y%m%d%H%M%S}.zip", ContentFile(data)
        )
    except Exception as error:
        logger.exception("Offline pack %s-%s failed", network.slug, language)
        OfflinePack.objects.filter(pk=pack.pk).update(
            status=OfflinePack.Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
        )
        pack.refresh_from_db()
        return pack
    previous = pack.file.name
    OfflinePack.objects.filter(pk=pack.pk).update(
        file=name,
        size=len(data),
        built_at=timezone.now(),
        status=OfflinePack.Status.READY,
        error="",
    )
    if previous and previous != name:
        default_storage.delete(previous)
    pack.refresh_from_db()
    return pack


def offline_pack_request(*, network, language: str, actor) -> str:
    """Ask for a rebuild after a publish; answers "enqueued", "deferred" or "skipped"."""
    from .tasks import build_offline_pack

    now = timezone.now()
    pack = _pack_row(network, language)
    last = pack.started_at
    if last is None or now - last >= PACK_DEBOUNCE:
        build_offline_pack.enqueue(network.pk, language)
        return "enqueued"
    due = last + PACK_DEBOUNCE
    if not build_offline_pack.get_backend().supports_defer:
        return "skipped"
    if pack.scheduled_for and pack.scheduled_for <= due:
        return "deferred"
    build_offline_pack.using(run_after=due).enqueue(network.pk, language)
    OfflinePack.objects.filter(pk=pack.pk).update(scheduled_for=due)
    return "deferred"


def offline_packs_request(*, network, actor) -> dict:
    """Every pack of ``network``: each language it publishes in, and all of them."""
    return {
        language: offline_pack_request(network=network, language=language, actor=actor)
        for language in [*network.languages, OfflinePack.ALL]
    }
