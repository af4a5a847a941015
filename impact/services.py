"""Writes of reuse records: the admin, the API and the demo go through here."""

from django.db import transaction

from baobab.exceptions import actor_user
from network import permissions
from network.services import save_logged

from .models import ReuseRecord

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
