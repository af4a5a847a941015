"""Where capture candidates come from: a small registry of providers.

Each provider names a model (by its app label, so the knowledge app does not break while an app
that produces candidates is absent), which of its records are candidates, their city, and how a
record pre-fills a draft knowledge item.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Area, Kind


@dataclass(frozen=True)
class Provider:
    key: str
    label: str
    model_label: str
    candidates: Callable  # queryset of candidate records
    city_lookup: str  # lookup from the record to its city id
    describe: Callable  # record -> {"title", "text", "date", "city"}
    draft: Callable  # record -> fields of the draft item

    @property
    def model(self):
        try:
            return apps.get_model(self.model_label)
        except LookupError:
            return None


PROVIDERS: dict[str, Provider] = {}


def register(provider: Provider) -> Provider:
    PROVIDERS[provider.key] = provider
    return provider


def active_providers() -> list[Provider]:
    return [provider for provider in PROVIDERS.values() if provider.model is not None]


def source_content_types() -> list[ContentType]:
    return [ContentType.objects.get_for_model(p.model) for p in active_providers()]


def provider_for(key: str) -> Provider | None:
    provider = PROVIDERS.get(key)
    return provider if provider and provider.model is not None else None


def _text(value: str) -> dict:
    from django.utils.html import escape, linebreaks

    return {"type": "text", "value": linebreaks(escape(value))}


def _reflection_draft(record) -> dict:
    body = [_text(record.lesson)]
    for heading, text in (
        (_("What we tried"), record.tried),
        (_("What worked"), record.worked),
        (_("What did not work"), record.did_not_work),
        (_("What we will do next"), record.next_steps),
    ):
        if text.strip():
            body.append({"type": "text", "value": f"<h2>{heading}</h2>" + _text(text)["value"]})
    return {
        "title": _("%(city)s: a lesson of %(quarter)s")
        % {"city": record.city.name, "quarter": record.quarter.name},
        "summary": record.lesson[:600],
        "kind": Kind.LESSON,
        "area": Area.CITY_STORIES,
        "cities": [record.city],
        "themes": [],
        "body": body,
    }


register(
    Provider(
        key="reflection",
        label=gettext_lazy("Reflection marked as a lesson worth sharing"),
        model_label="learning.Reflection",
        candidates=lambda model: (
            model.objects.filter(share_lesson=True)
            .select_related("city", "quarter")
            .order_by("-submitted_at", "-pk")
        ),
        city_lookup="city_id",
        describe=lambda r: {
            "title": f"{r.city.name} – {r.quarter.name}",
            "text": r.lesson,
            "date": r.submitted_at,
            "city": r.city,
        },
        draft=_reflection_draft,
    )
)


def _decision_draft(record) -> dict:
    pilot = record.pilot
    evidence, learned = _("Evidence"), _("What we learned")
    body = [
        {"type": "text", "value": f"<h2>{evidence}</h2>" + _text(record.evidence)["value"]},
        {"type": "pilot_chart", "value": {"pilot_id": pilot.pk, "caption": pilot.title}},
    ]
    if record.reflection.strip():
        body.append(
            {
                "type": "text",
                "value": f"<h2>{learned}</h2>" + _text(record.reflection)["value"],
            }
        )
    return {
        "title": f"{pilot.title}: {record.get_kind_display()}",
        "summary": _("%(city)s decided to %(kind)s its pilot “%(pilot)s” on %(date)s.")
        % {
            "city": pilot.city.name,
            "kind": record.get_kind_display().lower(),
            "pilot": pilot.title,
            "date": record.decided_on.isoformat(),
        },
        "kind": Kind.CASE_STUDY,
        "area": Area.APPLICATION,
        "cities": [pilot.city],
        "themes": [pilot.theme],
        "body": body,
    }


register(
    Provider(
        key="decision",
        label=gettext_lazy("Pilot decision"),
        model_label="experiments.Decision",
        candidates=lambda model: model.objects.select_related(
            "pilot__city", "pilot__theme"
        ).order_by("-decided_on", "-pk"),
        city_lookup="pilot__city_id",
        describe=lambda d: {
            "title": f"{d.pilot.title}: {d.get_kind_display()}",
            "text": d.evidence,
            "date": d.decided_on,
            "city": d.pilot.city,
        },
        draft=_decision_draft,
    )
)


def _event_draft(record) -> dict:
    return {
        "title": record.title,
        "summary": record.notes[:600],
        "kind": Kind.EPISODE,
        "area": Area.NETWORK,
        "cities": [record.host_city] if record.host_city_id else [],
        "themes": [],
        "body": [_text(record.notes)],
    }


register(
    Provider(
        key="event",
        label=gettext_lazy("Event with notes"),
        model_label="learning.Event",
        candidates=lambda model: (
            model.objects.exclude(notes="").select_related("host_city").order_by("-start", "-pk")
        ),
        city_lookup="host_city_id",
        describe=lambda e: {
            "title": e.title,
            "text": e.notes,
            "date": e.start,
            "city": e.host_city,
        },
        draft=_event_draft,
    )
)
