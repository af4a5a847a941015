"""Writes of the knowledge app. Each validates in full and runs in one transaction."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowPage
from wagtail.models.workflows import GroupApprovalTask, WorkflowTask

from baobab.exceptions import NotAllowed, NotFound, actor_user
from network import permissions
from network.signals import public_content_changed

from . import capture
from .models import (
    CaptureMark,
    CapturePlanEntry,
    KnowledgeIndexPage,
    KnowledgeItemPage,
    KnowledgeSource,
)

WORKFLOW_NAME = "Knowledge review"
TASK_NAME = "Review by an expert"


@transaction.atomic
def knowledge_review_setup(*, indexes, actor) -> Workflow:
    """The review workflow on every library, and the city teams' right to draft there.

    City teams may add and change items (never publish); experts approve through the workflow,
    whose last approval publishes; the secretariat, administrators, publish directly.
    Setting up who may publish is the secretariat's (or SYSTEM's).
    """
    if actor_user(actor) is not None and not permissions.is_secretariat(actor):
        raise NotAllowed
    experts = Group.objects.get(name=permissions.EXPERTS_GROUP)
    city_team = Group.objects.get(name=permissions.CITY_TEAM_GROUP)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.set([experts])
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for index in indexes:
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
        for codename in ("add_page", "change_page"):
            GroupPagePermission.objects.get_or_create(
                group=city_team,
                page=index,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
    return workflow


def _candidate(provider_key: str, object_id):
    provider = capture.provider_for(provider_key)
    if provider is None:
        raise NotFound
    record = provider.candidates(provider.model).filter(pk=object_id).first()
    if record is None:
        raise NotFound
    return provider, record


def _ensure_may_capture(actor, provider, record) -> None:
    """The secretariat (and SYSTEM) captures anything; a city team its own city's candidates
    (else 404)."""
    if actor_user(actor) is None or permissions.is_secretariat(actor):
        return
    city_id = permissions.user_city_id(actor)
    if city_id is None:
        raise NotAllowed
    record_city = provider.model.objects.filter(pk=record.pk).values_list(
        provider.city_lookup, flat=True
    )[0]
    if record_city != city_id:
        raise permissions.CityAccessRefused(
            model=provider.model,
            pk=record.pk,
            action="capture",
            reason="another city's record",
            city_id=record_city,
        )


def _mark(*, provider, record, actor, status, reason="", item=None) -> CaptureMark:
    content_type = ContentType.objects.get_for_model(provider.model)
    if CaptureMark.objects.filter(content_type=content_type, object_id=record.pk).exists():
        raise ValidationError(_("This candidate was already handled."))
    mark = CaptureMark(
        content_type=content_type,
        object_id=record.pk,
        status=status,
        reason=reason,
        item=item,
        by=actor_user(actor),
    )
    mark.full_clean()
    mark.save()
    return mark


def library_for(language_code: str) -> KnowledgeIndexPage:
    index = KnowledgeIndexPage.objects.filter(locale__language_code=language_code).first()
    index = index or KnowledgeIndexPage.objects.order_by("pk").first()
    if index is None:
        raise ValidationError(_("There is no knowledge library yet."))
    return index


@transaction.atomic
def capture_draft_create(
    *, actor, provider_key: str, object_id, language_code: str = "en"
) -> KnowledgeItemPage:
    """Turn a candidate into a draft item, pre-filled and linked to its source."""
    provider, record = _candidate(provider_key, object_id)
    _ensure_may_capture(actor, provider, record)
    fields = provider.draft(record)
    index = library_for(language_code)
    slug_base = slugify(fields["title"], allow_unicode=False)[:60] or "item"
    slug, n = slug_base, 1
    while Page.objects.filter(slug=slug, path__startswith=index.path).exists():
        n += 1
        slug = f"{slug_base}-{n}"
    item = KnowledgeItemPage(
        title=fields["title"][:255],
        slug=slug,
        summary=fields["summary"],
        kind=fields["kind"],
        area=fields["area"],
        body=fields["body"],
        live=False,
        owner=actor_user(actor),
    )
    item.cities = [city for city in fields["cities"] if city]
    item.themes = [theme for theme in fields["themes"] if theme]
    item.sources = [
        KnowledgeSource(
            content_type=ContentType.objects.get_for_model(provider.model), object_id=record.pk
        )
    ]
    item.full_clean(exclude=["path", "depth"])
    index.add_child(instance=item)
    item.save_revision(user=actor_user(actor), log_action=False)
    log(item, "wagtail.create", user=actor_user(actor))
    _mark(
        provider=provider, record=record, actor=actor, status=CaptureMark.Status.CAPTURED, item=item
    )
    return item


@transaction.atomic
def capture_dismiss(*, actor, provider_key: str, object_id, reason: str) -> CaptureMark:
    provider, record = _candidate(provider_key, object_id)
    _ensure_may_capture(actor, provider, record)
    return _mark(
        provider=provider,
        record=record,
        actor=actor,
        status=CaptureMark.Status.DISMISSED,
        reason=(reason or "").strip(),
    )


@transaction.atomic
def capture_plan_entry_upsert(*, what: str, actor, **fields) -> CapturePlanEntry:
    actor_user(actor)  # told who acts, like every write
    entry = CapturePlanEntry.objects.filter(what=what).first() or CapturePlanEntry(what=what)
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.full_clean()
    entry.save()
    public_content_changed.send(sender=__name__)
    return entry
