"""No lost updates: records two people may edit at once carry a version number.

An edit form carries the version it was opened at; saving claims the next version with one
conditional UPDATE inside the save's transaction. Two saves from the same version cannot both
claim it (the database serialises the UPDATEs on the row): the second is refused with
``StaleVersion`` and nothing it sent is written. Saves that do not come from a form (services,
the API, the demo loader) still move the version on, so a form opened before them is refused.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

VERSION_FIELD = "baobab_version"


class StaleVersion(Exception):
    """The record changed since the form was opened; ``current`` is the record as now saved."""

    def __init__(self, current):
        super().__init__("stale version")
        self.current = current


class Versioned(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    # A new version number is not a change anyone made: the audit trail leaves it out.
    audit_exclude = ("version",)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        claimed = getattr(self, "_version_claimed", False)
        self._version_claimed = False
        update_fields = kwargs.get("update_fields")
        if claimed or self._state.adding or self.pk is None:
            return super().save(*args, **kwargs)
        if update_fields is not None and "version" not in update_fields:
            return super().save(*args, **kwargs)
        self.version = F("version") + 1
        super().save(*args, **kwargs)
        self.refresh_from_db(fields=["version"])


def version_claim(*, instance: Versioned, expected: int) -> None:
    """Claim the version after ``expected`` for ``instance``; call inside the atomic write that
    saves it. Raises StaleVersion when someone saved it since ``expected``."""
    model = type(instance)
    claimed = model._default_manager.filter(pk=instance.pk, version=expected).update(
        version=expected + 1
    )
    if not claimed:
        raise StaleVersion(current=model._default_manager.filter(pk=instance.pk).first())
    instance.version = expected + 1
    instance._version_claimed = True


class WriteConflict(ValidationError):
    """Someone wrote the same record at the same moment and the write could not be turned into
    an update: refused with a message (a form shows it; the API answers 409)."""


def conflict_message():
    return gettext(
        "Someone saved the same record at the same moment. Nothing of yours was saved: "
        "reload the page and try again."
    )


def missing_version_message():
    return gettext(
        "This form was sent without the version of the record it was opened at, so Baobab "
        "cannot tell whether someone saved the record since. Nothing was saved: check the "
        "form, then save again."
    )
