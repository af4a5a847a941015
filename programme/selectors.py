"""The programme's phases and every city's progress, read in a fixed number of queries."""

from django.utils.translation import gettext as _

from baobab import charts
from network.models import City
from network.selectors import page_network, public_city_ids

from .models import CityDeliverable, Deliverable, Phase

# Timeline geometry, in SVG units: a label column, then the cycle's dates across.
LABEL_WIDTH, WIDTH, ROW, TOP = 150, 720, 34, 28


def timeline(*, network, phases: list[Phase]) -> dict | None:
    """Bars of the phases over the cycle, with a tick each January: drawn by the template."""
    if not phases:
        return None
    start = min([p.start for p in phases] + [network.cycle_start])
    end = max([p.end for p in phases] + ([network.cycle_end] if network.cycle_end else []))
    x, ticks = charts.date_axis(start, end, left=LABEL_WIDTH, width=WIDTH)
    bars = []
    for row, phase in enumerate(phases):
        x1, x2 = x(phase.start), x(phase.end)
        bars.append(
            {"phase": phase, "x": x1, "width": max(x2 - x1, 2), "y": TOP + row * ROW, "row": row}
        )
    height = TOP + len(phases) * ROW + 10
    return {"bars": bars, "ticks": ticks, "width": WIDTH, "height": height, "bar_height": ROW - 10}


def progress(*, network) -> dict:
    """Member cities by deliverables: each cell is (deliverable, the city's record or None)."""
    deliverables = list(Deliverable.objects.filter(phase__network=network).select_related("phase"))
    cities = list(City.objects.filter(pk__in=public_city_ids(network=network)).order_by("name"))
    records = {
        (record.city_id, record.deliverable_id): record
        for record in CityDeliverable.objects.filter(deliverable__phase__network=network)
    }
    rows = [
        {"city": city, "cells": [(d, records.get((city.pk, d.pk))) for d in deliverables]}
        for city in cities
    ]
    totals = [
        (
            d,
            sum(
                1 for row in rows if (record := row["cells"][i][1]) and record.status == "approved"
            ),
        )
        for i, d in enumerate(deliverables)
    ]
    return {"deliverables": deliverables, "rows": rows, "approved": totals}


def programme_page_context(*, page) -> dict:
    network = page_network(page)
    if network is None:
        return {}
    phases = list(network.phases.order_by("start", "end"))
    return {
        "network": network,
        "phases": phases,
        "timeline": timeline(network=network, phases=phases),
        "progress": progress(network=network),
    }


def city_journey(*, city) -> list[CityDeliverable]:
    return list(
        CityDeliverable.objects.filter(city=city)
        .select_related("deliverable__phase")
        .order_by("deliverable__phase__start", "deliverable__order")
    )


def workspace_section(*, user, city):
    from django.urls import reverse

    records = city_journey(city=city)
    if not records:
        return None
    return {
        "title": _("Programme deliverables"),
        "steps": [
            {
                "title": f"{record.deliverable.phase.label}: "
                f"{record.deliverable.get_kind_display()}",
                "url": reverse("wagtailsnippets_programme_citydeliverable:edit", args=[record.pk]),
                "done": record.status == CityDeliverable.Status.APPROVED,
                "detail": record.get_status_display(),
            }
            for record in records
        ],
        "warnings": [],
    }
