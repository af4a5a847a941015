"""Roadmaps read in a fixed number of queries, whatever the number of cities or records."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from baobab import charts
from baobab.exceptions import NotFound
from network.selectors import page_network, public_city_ids

from . import checks as roadmap_checks
from .models import Action, Layer, Roadmap, ToolChoice

# The decisions that make a pilot something a roadmap can scale.
SCALABLE_DECISIONS = ("scale_up", "continue")


def scale_up_pilots(*, city_ids) -> dict[int, list]:
    """City id -> its pilots whose current decision is "scale up"; one query."""
    from experiments.models import Decision, Pilot

    by_city = defaultdict(list)
    pilots = (
        Pilot.objects.decided(Decision.Kind.SCALE_UP)
        .filter(city_id__in=list(city_ids))
        .only("id", "title", "slug", "city_id")
        .order_by("title")
    )
    for pilot in pilots:
        by_city[pilot.city_id].append(pilot)
    return by_city


def scalable_pilots(*, city):
    """The city's pilots a roadmap action may scale: decided "scale up" or "continue"."""
    from experiments.models import Pilot

    return Pilot.objects.decided(*SCALABLE_DECISIONS).filter(city=city).order_by("title")


def roadmap_report(*, roadmap) -> dict:
    """A roadmap's records, totals and checks, ready to show."""
    resources = list(roadmap.resources.all())
    tools = list(roadmap.tools.select_related("layer"))
    actions = list(roadmap.actions.select_related("pilot"))
    pilots = scale_up_pilots(city_ids=[roadmap.city_id]).get(roadmap.city_id, [])
    checks = roadmap_checks.roadmap_checks(
        yearly_budget=roadmap.yearly_budget,
        tools=tools,
        actions=actions,
        scale_up_pilots=pilots,
    )
    return {
        "roadmap": roadmap,
        "resources": resources,
        "tools": tools,
        "actions": actions,
        "checks": checks,
        "blocking": [check for check in checks if check.blocking],
        "investment": roadmap_checks.investment_cost(tools),
        "running": roadmap_checks.yearly_running_cost(tools),
        "actions_budget": sum((a.budget for a in actions), Decimal(0)),
    }


# Timeline geometry, in SVG units: a label column, then the actions' dates across.
LABEL_WIDTH, WIDTH, ROW, TOP = 220, 720, 26, 24


def actions_timeline(actions) -> dict | None:
    """Bars of the actions over their dates, a tick each January: drawn by the template."""
    if not actions:
        return None
    start = min(action.start for action in actions)
    end = max(action.end for action in actions)
    x, ticks = charts.date_axis(start, end, left=LABEL_WIDTH, width=WIDTH)
    bars = []
    for row, action in enumerate(sorted(actions, key=lambda a: (a.start, a.end))):
        x1, x2 = x(action.start), x(action.end)
        label = action.what if len(action.what) <= 32 else action.what[:31] + "…"
        bars.append(
            {
                "action": action,
                "label": label,
                "x": x1,
                "width": max(round(x2 - x1, 1), 3),
                "y": TOP + row * ROW,
                "text_y": TOP + row * ROW + 13,
            }
        )
    return {
        "bars": bars,
        "ticks": ticks,
        "width": WIDTH,
        "height": TOP + len(bars) * ROW + 6,
        "bar_height": ROW - 8,
    }


def comparison(*, network) -> dict:
    """Layers by cities (tools and approaches), charter principles adopted, and totals."""
    layers = list(Layer.objects.filter(network=network))
    roadmaps = list(
        Roadmap.objects.filter(network=network, city__in=public_city_ids(network=network))
        .select_related("city")
        .prefetch_related(
            Prefetch("tools", queryset=ToolChoice.objects.order_by("sort_order", "pk")),
            Prefetch("actions", queryset=Action.objects.order_by("sort_order", "pk")),
        )
        .order_by("city__name")
    )
    pilots = scale_up_pilots(city_ids=[r.city_id for r in roadmaps])
    columns = []
    for roadmap in roadmaps:
        tools = list(roadmap.tools.all())
        actions = list(roadmap.actions.all())
        checks = roadmap_checks.roadmap_checks(
            yearly_budget=roadmap.yearly_budget,
            tools=tools,
            actions=actions,
            scale_up_pilots=pilots.get(roadmap.city_id, []),
        )
        columns.append(
            {
                "roadmap": roadmap,
                "tools": tools,
                "investment": roadmap_checks.investment_cost(tools),
                "running": roadmap_checks.yearly_running_cost(tools),
                "checks": len(checks),
                "blocking": sum(1 for check in checks if check.blocking),
            }
        )
    layer_rows = [
        {
            "layer": layer,
            "cells": [
                [tool for tool in column["tools"] if tool.layer_id == layer.pk]
                for column in columns
            ],
        }
        for layer in layers
    ]
    principle_rows = [
        {
            "label": label,
            "cells": [getattr(column["roadmap"], name) for column in columns],
            "count": sum(1 for column in columns if getattr(column["roadmap"], name)),
        }
        for name, label in Roadmap.PRINCIPLES
    ]
    return {
        "columns": columns,
        "layer_rows": layer_rows,
        "principle_rows": principle_rows,
        "total_investment": sum((c["investment"] for c in columns), Decimal(0)),
        "total_running": sum((c["running"] for c in columns), Decimal(0)),
        "total_budget": sum((c["roadmap"].yearly_budget for c in columns), Decimal(0)),
    }


def comparison_context(*, page, request) -> dict:
    network = page_network(page)
    if network is None:
        return {}
    base = page.get_url(request=request)
    data = comparison(network=network)
    for column in data["columns"]:
        column["url"] = f"{base}{column['roadmap'].city.slug}/"
    return {"network": network, **data}


def city_roadmap_context(*, page, city_slug) -> dict:
    network = page_network(page)
    roadmap = (
        Roadmap.objects.filter(
            network_id=network.pk if network else None,
            city__slug=city_slug,
            city__in=public_city_ids(network=network),
        )
        .select_related("city", "network")
        .first()
    )
    if roadmap is None:
        raise NotFound
    report = roadmap_report(roadmap=roadmap)
    layers = defaultdict(list)
    for tool in report["tools"]:
        layers[tool.layer].append(tool)
    return {
        **report,
        "city": roadmap.city,
        "tools_by_layer": sorted(layers.items(), key=lambda item: item[0].order),
        "timeline": actions_timeline(report["actions"]),
        "roles": roadmap.roles(),
        "principles": [(label, getattr(roadmap, name)) for name, label in Roadmap.PRINCIPLES],
        "roadmap_title": _("Roadmap of %(city)s") % {"city": roadmap.city.name},
    }


def city_roadmap_link(*, city, language: str) -> str:
    """The address of the city's public roadmap in ``language``, or "" when it has none; one
    query."""
    from django.db.models import Exists

    from .models import RoadmapIndexPage

    page = (
        RoadmapIndexPage.objects.live()
        .filter(locale__language_code=language)
        .annotate(city_has_roadmap=Exists(Roadmap.objects.filter(city=city)))
        .only("id", "url_path")
        .first()
    )
    return f"{page.url}{city.slug}/" if page and page.city_has_roadmap else ""


def workspace_section(*, user, city):
    from django.urls import reverse

    roadmap = Roadmap.objects.filter(city=city).select_related("city").first()
    if roadmap is None:
        return {
            "title": _("Roadmap to scale"),
            "steps": [
                {
                    "title": _("Start your roadmap: resources, tools by layer, actions"),
                    "url": reverse("wagtailsnippets_roadmap_roadmap:add"),
                    "done": False,
                }
            ],
            "warnings": [],
        }
    report = roadmap_report(roadmap=roadmap)
    return {
        "title": _("Roadmap to scale"),
        "steps": [
            {
                "title": _("Build your roadmap: resources, tools by layer, actions"),
                "url": reverse("wagtailsnippets_roadmap_roadmap:edit", args=[roadmap.pk]),
                "done": bool(report["tools"] and report["actions"]),
            },
            {
                "title": _("Have it adopted"),
                "url": reverse("roadmap_adopt", args=[roadmap.pk]),
                "done": roadmap.status == Roadmap.Status.ADOPTED,
                "detail": roadmap.get_status_display(),
            },
        ],
        "warnings": [{"text": check.message, "lesson": ""} for check in report["checks"]],
    }
