"""A person's data: what Baobab holds about them (downloaded as JSON) and its erasure.

Both walk the relations that point at Person (and at the person's user account), so records of
apps added later are included without changing this module. A model declares which of its
free-text fields are personal with ``erasure_fields``; erasure blanks them.

Every erasure is also appended to a ledger kept outside the database
(``BAOBAB_ERASURE_LEDGER``): ``manage.py restore`` applies the ledger again, so restoring a
backup taken before an erasure does not bring the person back.
"""

import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django_otp import devices_for_user
from wagtail.log_actions import log

from .models import AuditLogEntry, Invitation, Person
from .signals import public_content_changed

ERASED_NAME = "(erased)"
PERSON_ERASURE_FIELDS = ("name", "email", "organisation")


def _project_models():
    """Models of Baobab's own apps (not Django's, Wagtail's or a library's)."""
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        if base in Path(config.path).resolve().parents:
            yield from config.get_models()


def _records(queryset) -> list[dict]:
    return [
        {"model": row["model"], "id": row["pk"], **row["fields"]}
        for row in serializers.serialize("python", queryset)
    ]


def _reverse_relations(model, instance):
    """(relation name, queryset) of every record of a project model pointing at ``instance``."""
    project = set(_project_models())
    for relation in model._meta.related_objects:
        related = relation.related_model
        if related not in project or related is AuditLogEntry:
            continue
        if relation.many_to_many:
            queryset = related._default_manager.filter(**{relation.field.name: instance})
        else:
            queryset = related._default_manager.filter(**{relation.field.name: instance.pk})
        yield f"{related._meta.label_lower}.{relation.field.name}", queryset


def _audit_entries(person) -> list[dict]:
    entries = AuditLogEntry.objects.for_instance(person)
    if person.user_id:
        entries = entries | AuditLogEntry.objects.filter(user_id=person.user_id)
    return [
        {
            "timestamp": entry.timestamp,
            "action": entry.action,
            "record": entry.label,
            "by": entry.user_id == person.user_id and person.user_id is not None,
            "details": entry.data,
        }
        for entry in entries.order_by("timestamp", "id")
    ]


def person_data(person: Person) -> dict:
    """Everything Baobab holds about ``person``, JSON-ready."""
    user = person.user
    account = None
    if user is not None:
        account = {
            "username": user.get_username(),
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "active": user.is_active,
            "joined": user.date_joined,
            "last_login": user.last_login,
            "groups": sorted(user.groups.values_list("name", flat=True)),
            "two_step_verification": any(devices_for_user(user, confirmed=True)),
        }
    related = {}
    for name, queryset in _reverse_relations(Person, person):
        related[name] = _records(queryset)
    if user is not None:
        for name, queryset in _reverse_relations(get_user_model(), user):
            related[f"account:{name}"] = _records(queryset)
    data = {
        "generated_at": timezone.now(),
        "person": _records(Person.objects.filter(pk=person.pk))[0],
        "role": {
            "role": person.get_role_display(),
            "network": str(person.network),
            "city": str(person.city) if person.city_id else None,
        },
        "memberships": [
            {"network": str(m.network), "status": m.status, "join_date": m.join_date}
            for m in (person.city.memberships.select_related("network") if person.city_id else [])
        ],
        "account": account,
        "invitations": _records(Invitation.objects.filter(email__iexact=person.email))
        if person.email
        else [],
        "related_records": related,
        "audit_entries": _audit_entries(person),
    }
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _blank_value(field):
    if field.name == "name":
        return ERASED_NAME
    if isinstance(field, models.JSONField):
        return [] if isinstance(field.default, list) or field.default is list else {}
    if field.null:
        return None
    return "" if isinstance(field, (models.CharField, models.TextField)) else field.get_default()


def _scrub_audit(entries, fields) -> None:
    """Replace the erased values in the snapshots and changes the trail kept of them."""
    for entry in entries:
        data = dict(entry.data or {})
        for key in ("snapshot",):
            if key in data:
                data[key] = {**data[key], **{f: ERASED_NAME for f in fields if f in data[key]}}
        if "changes" in data:
            data["changes"] = {
                f: ([ERASED_NAME, ERASED_NAME] if f in fields else value)
                for f, value in data["changes"].items()
            }
        AuditLogEntry.objects.filter(pk=entry.pk).update(data=data, label=ERASED_NAME)


def _ledger_append(person: Person, user_id) -> None:
    path = Path(settings.BAOBAB_ERASURE_LEDGER)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = {"person": person.pk, "user": user_id, "at": timezone.now().isoformat()}
    with path.open("a", encoding="utf-8") as ledger:
        ledger.write(json.dumps(line) + "\n")


def erasure_ledger() -> list[dict]:
    path = Path(settings.BAOBAB_ERASURE_LEDGER)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _erase(person_id: int | None, user_id: int | None) -> None:
    """Blank the person, their account and every personal field that points at them."""
    User = get_user_model()
    person = Person.objects.filter(pk=person_id).first() if person_id else None
    if person is not None:
        user_id = user_id or person.user_id
        for name in PERSON_ERASURE_FIELDS:
            setattr(person, name, _blank_value(Person._meta.get_field(name)))
        person.languages = []
        person.consent_to_be_listed = False
        person.full_clean()
        person.save()
        for _name, queryset in _reverse_relations(Person, person):
            fields = getattr(queryset.model, "erasure_fields", ())
            if fields:
                blanks = {f: _blank_value(queryset.model._meta.get_field(f)) for f in fields}
                queryset.update(**blanks)
        _scrub_audit(AuditLogEntry.objects.for_instance(person), PERSON_ERASURE_FIELDS)
    user = User.objects.filter(pk=user_id).first() if user_id else None
    if user is not None:
        Invitation.objects.filter(user=user).update(name=ERASED_NAME, email="")
        for device in devices_for_user(user, confirmed=None):
            device.delete()
        user.username = f"erased-{user.pk}"
        user.first_name = user.last_name = user.email = ""
        user.is_active = False
        # A new (unusable) password hash ends every session the account had: Django checks it
        # on each request.
        user.set_unusable_password()
        user.save()
        from django.contrib.sessions.models import Session

        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
            if session.get_decoded().get("_auth_user_id") == str(user.pk):
                session.delete()
    public_content_changed.send(sender=__name__)


@transaction.atomic
def person_erase(*, person: Person, actor) -> Person:
    """Erase a person's personal data; their records stay, anonymous."""
    user_id = person.user_id
    _erase(person.pk, user_id)
    person.refresh_from_db()
    log(person, "baobab.erase", user=actor)
    _scrub_audit(AuditLogEntry.objects.for_instance(person), PERSON_ERASURE_FIELDS)
    _ledger_append(person, user_id)
    return person


@transaction.atomic
def erasures_reapply() -> int:
    """Apply every erasure of the ledger again (after a restore); returns how many."""
    entries = erasure_ledger()
    for entry in entries:
        _erase(entry.get("person"), entry.get("user"))
    return len(entries)
