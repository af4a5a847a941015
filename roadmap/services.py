"""Writes to roadmaps: validated in full, atomic, logged; each change keeps a revision."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from baobab.exceptions import actor_user

from .models import DEFAULT_LAYERS, Action, Layer, ResourceItem, Roadmap, ToolChoice

ADOPTED = "roadmap.adopted"


@transaction.atomic
def layers_default_ensure(*, network, actor) -> list[Layer]:
    """The default layers of the digital city, for a network that has none of them yet."""
    actor_user(actor)  # told who acts, like every write
    existing = set(Layer.objects.filter(network=network).values_list("name", flat=True))
    created = []
    for order, name in enumerate(DEFAULT_LAYERS, start=1):
        if name in existing:
            continue
        layer = Layer(network=network, name=name, order=order)
        layer.full_clean()
        layer.save()
        created.append(layer)
    return created


def _revision(roadmap, actor, action="wagtail.edit"):
    roadmap.save_revision(user=actor_user(actor))
    log(roadmap, action, user=actor_user(actor))


@transaction.atomic
def roadmap_upsert(*, network, city, actor, **fields) -> Roadmap:
    roadmap = Roadmap.objects.filter(network=network, city=city).first()
    created = roadmap is None
    roadmap = roadmap or Roadmap(network=network, city=city)
    for name, value in fields.items():
        setattr(roadmap, name, value)
    roadmap.full_clean()
    roadmap.save()
    _revision(roadmap, actor, "wagtail.create" if created else "wagtail.edit")
    return roadmap


def _child_add(model, *, roadmap, actor, **fields):
    item = model(roadmap=roadmap, **fields)
    item.full_clean(exclude=["roadmap"])
    item.save()
    _revision(roadmap, actor)
    return item


@transaction.atomic
def resource_add(*, roadmap, actor, **fields) -> ResourceItem:
    return _child_add(ResourceItem, roadmap=roadmap, actor=actor, **fields)


@transaction.atomic
def tool_add(*, roadmap, actor, **fields) -> ToolChoice:
    layer = fields.get("layer")
    if layer is not None and layer.network_id != roadmap.network_id:
        raise ValidationError({"layer": _("This layer belongs to another network.")})
    return _child_add(ToolChoice, roadmap=roadmap, actor=actor, **fields)


def pilot_check(*, roadmap, pilot) -> None:
    """An action scales one of its own city's pilots only."""
    if pilot is not None and pilot.city_id != roadmap.city_id:
        raise ValidationError(
            {
                "pilot": _("This pilot belongs to another city: choose one of %(city)s's pilots.")
                % {"city": roadmap.city.name}
            }
        )


@transaction.atomic
def action_add(*, roadmap, actor, **fields) -> Action:
    pilot_check(roadmap=roadmap, pilot=fields.get("pilot"))
    return _child_add(Action, roadmap=roadmap, actor=actor, **fields)


@transaction.atomic
def roadmap_adopt(
    *, roadmap, adopted_on: date, adopted_by: str, reason: str = "", actor
) -> Roadmap:
    """Adopt the roadmap; with blocking checks open, only with a reason, which is recorded."""
    from . import selectors

    errors = {}
    if not adopted_on:
        errors["adopted_on"] = _("Say when the roadmap was adopted.")
    if not (adopted_by or "").strip():
        errors["adopted_by"] = _("Say which body adopted the roadmap, e.g. the city council.")
    blocking = selectors.roadmap_report(roadmap=roadmap)["blocking"]
    reason = (reason or "").strip()
    if blocking and not reason:
        errors["reason"] = _(
            "This roadmap has %(count)s blocking check(s) open. Resolve them, or confirm the "
            "adoption with a reason."
        ) % {"count": len(blocking)}
    if errors:
        raise ValidationError(errors)
    roadmap.status = Roadmap.Status.ADOPTED
    roadmap.adopted_on = adopted_on
    roadmap.adopted_by = adopted_by.strip()
    roadmap.adoption_reason = reason if blocking else ""
    roadmap.full_clean()
    roadmap.save()
    roadmap.save_revision(user=actor_user(actor))
    log(
        roadmap,
        ADOPTED,
        user=actor_user(actor),
        data={
            "reason": reason if blocking else "",
            "blocking_checks": [check.message for check in blocking],
        },
    )
    return roadmap
