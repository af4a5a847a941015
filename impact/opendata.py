"""Open datasets of a network for /data/: each as CSV and JSON, with its licence, a description
of every column and a last-updated date; the whole catalogue as DCAT (JSON-LD) and as a
Frictionless data package. Nothing personal (attendance is counted), nothing draft."""

from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baobab.datasets import Table, json_value
from experiments import selectors as pilot_selectors
from experiments.models import Indicator
from experiments.opendata import Dataset
from knowledge.selectors import published_items
from learning.models import Event
from network.selectors import public_city_ids, public_memberships
from programme.models import CityDeliverable
from roadmap.models import Roadmap

from .models import DataLicence

DEFAULT_LICENCE = {
    "name": "Creative Commons Attribution 4.0 (CC BY 4.0)",
    "identifier": "CC-BY-4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}


def licence_of(network) -> dict:
    found = DataLicence.objects.filter(network=network).first()
    if found is None:
        return DEFAULT_LICENCE
    return {"name": found.name, "identifier": found.identifier, "url": found.url}


def _day(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


# Every table holds only what the publication rule (network.selectors.public_memberships)
# lets the public see: nothing of a city before it is announced.


def _cities(network):
    memberships = public_memberships(network=network)
    return [
        {
            "slug": m.city.slug,
            "name": m.city.name,
            "country": str(m.city.country),
            "population": m.city.population,
            "population_year": m.city.population_year,
            "latitude": float(m.city.latitude),
            "longitude": float(m.city.longitude),
            "languages": " ".join(m.city.languages or []),
            "membership": m.status,
            "joined": m.join_date,
        }
        for m in memberships.select_related("city").order_by("city__name", "pk")
    ]


def _progress(network):
    rows = (
        CityDeliverable.objects.filter(
            deliverable__phase__network=network, city__in=public_city_ids(network=network)
        )
        .select_related("city", "deliverable__phase")
        .order_by("city__name", "deliverable__phase__start", "deliverable__order", "pk")
    )
    return [
        {
            "city": row.city.slug,
            "phase": row.deliverable.phase.kind,
            "phase_start": row.deliverable.phase.start,
            "phase_end": row.deliverable.phase.end,
            "deliverable": row.deliverable.kind,
            "status": row.status,
            "approved_by": row.approved_by,
            "approved_on": row.approved_on,
        }
        for row in rows
    ]


def _events(network):
    rows = (
        Event.objects.filter(
            Q(host_city__isnull=True) | Q(host_city__in=public_city_ids(network=network)),
            network=network,
        )
        .annotate(
            registered=Count("registrations"),
            attended=Count("registrations", filter=Q(registrations__attended=True)),
        )
        .select_related("host_city")
        .order_by("start", "pk")
    )
    return [
        {
            "id": event.pk,
            "title": event.title,
            "kind": event.kind,
            "date": _day(event.start),
            "place": event.place,
            "host_city": event.host_city.slug if event.host_city_id else "",
            "registered": event.registered,
            "attended": event.attended,
        }
        for event in rows
    ]


def _pilots(network):
    rates = pilot_selectors.rates_for(network=network)
    pilots = list(
        pilot_selectors.network_pilots(network=network)
        .select_related("city", "theme")
        .order_by("city__name", "title", "pk")
    )
    indicators = {}
    for indicator in Indicator.objects.filter(
        pilot__network=network, pilot__city__in=public_city_ids(network=network)
    ).order_by("pilot_id", "sort_order", "pk"):
        indicators.setdefault(indicator.pilot_id, []).append(indicator)
    rows = []
    for pilot in pilots:
        base = {
            "pilot": pilot.slug,
            "title": pilot.title,
            "city": pilot.city.slug,
            "theme": pilot.theme.slug if pilot.theme_id else "",
            "status": pilot.status,
            "start": pilot.start,
            "end": pilot.end,
            "currency": pilot.currency,
            "budget": pilot.budget_amount,
            "budget_eur": pilot_selectors.to_eur(
                pilot.budget_amount or Decimal(0), pilot.currency, rates
            ),
            "people_reached": pilot.people_reached,
        }
        empty = {"indicator": "", "unit": "", "baseline": None, "target": None}
        for indicator in indicators.get(pilot.pk) or [None]:
            rows.append(
                {
                    **base,
                    **(
                        empty
                        if indicator is None
                        else {
                            "indicator": indicator.name,
                            "unit": indicator.unit,
                            "baseline": indicator.baseline,
                            "target": indicator.target,
                        }
                    ),
                }
            )
    return rows


def _roadmaps(network):
    # Only roadmaps a city adopted: drafts are work in progress.
    rows = (
        Roadmap.objects.filter(
            network=network,
            status=Roadmap.Status.ADOPTED,
            city__in=public_city_ids(network=network),
        )
        .select_related("city")
        .order_by("city__name", "pk")
    )
    return [
        {
            "city": roadmap.city.slug,
            "adopted_on": roadmap.adopted_on,
            "adopted_by": roadmap.adopted_by,
            "summary": roadmap.summary,
            "promoter": roadmap.role_promoter,
            "facilitator": roadmap.role_facilitator,
            "guarantor": roadmap.role_guarantor,
            "open_source": roadmap.charter_open_source,
            "open_data": roadmap.charter_open_data,
        }
        for roadmap in rows
    ]


def _knowledge(network):
    rows = published_items().select_related("locale").order_by("title", "pk")
    return [
        {
            "id": item.pk,
            "title": item.title,
            "language": item.locale.language_code,
            "kind": getattr(item, "kind", ""),
            "path": item.get_url() or "",
            "first_published": _day(item.first_published_at),
            "last_published": _day(item.last_published_at),
        }
        for item in rows
    ]


def _latest(queryset, field):
    return _day(queryset.order_by().aggregate(latest=Max(field))["latest"])


TABLES = [
    Table(
        "cities",
        _("Member cities"),
        _("The cities of the network, where they are, and their membership."),
        [
            ("slug", "string", _("Identifier of the city, as in the site's addresses")),
            ("name", "string", _("Name")),
            ("country", "string", _("Country, ISO 3166 code")),
            ("population", "integer", _("Inhabitants, as the network counts them")),
            ("population_year", "integer", _("Year of the population figure")),
            ("latitude", "number", _("Latitude, degrees")),
            ("longitude", "number", _("Longitude, degrees")),
            ("languages", "string", _("Languages spoken, codes separated by spaces")),
            ("membership", "string", _("Membership status: confirmed, active or withdrawn")),
            ("joined", "date", _("Date the city joined")),
        ],
        _cities,
        lambda network: _latest(public_memberships(network=network), "join_date"),
    ),
    Table(
        "progress",
        _("Phases and progress"),
        _("Each city's deliverables in each phase of the programme, and their status."),
        [
            ("city", "string", _("City identifier")),
            ("phase", "string", _("Phase: explore, engage, experiment or other")),
            ("phase_start", "date", _("Start of the phase")),
            ("phase_end", "date", _("End of the phase")),
            ("deliverable", "string", _("Deliverable, e.g. action_plan")),
            ("status", "string", _("Status: not_started, in_progress, submitted or approved")),
            ("approved_by", "string", _("The body that approved it")),
            ("approved_on", "date", _("Date of approval")),
        ],
        _progress,
        lambda network: _latest(
            CityDeliverable.objects.filter(deliverable__phase__network=network), "approved_on"
        ),
    ),
    Table(
        "events",
        _("Events"),
        _("The network's events with the number of people registered and attending."),
        [
            ("id", "integer", _("Event identifier")),
            ("title", "string", _("Title")),
            ("kind", "string", _("Kind, e.g. training or transnational_meeting")),
            ("date", "date", _("Date it started")),
            ("place", "string", _("Place")),
            ("host_city", "string", _("Host city identifier, if any")),
            ("registered", "integer", _("People registered")),
            ("attended", "integer", _("People who attended")),
        ],
        _events,
        lambda network: _latest(Event.objects.filter(network=network), "updated_at"),
    ),
    Table(
        "pilots",
        _("Pilots with indicators"),
        _("Every pilot with its budget, people reached and indicators: one row per indicator."),
        [
            ("pilot", "string", _("Pilot identifier")),
            ("title", "string", _("Title")),
            ("city", "string", _("City identifier")),
            ("theme", "string", _("Theme identifier")),
            ("status", "string", _("Status")),
            ("start", "date", _("Start")),
            ("end", "date", _("End")),
            ("currency", "string", _("Currency of the budget, ISO 4217")),
            ("budget", "number", _("Budget in that currency")),
            ("budget_eur", "number", _("Budget in euros at the latest recorded rate")),
            ("people_reached", "integer", _("People reached")),
            ("indicator", "string", _("Indicator name")),
            ("unit", "string", _("Indicator unit")),
            ("baseline", "number", _("Indicator baseline")),
            ("target", "number", _("Indicator target")),
        ],
        _pilots,
        lambda network: _latest(pilot_selectors.network_pilots(network=network), "updated_at"),
        money={"budget": "currency", "budget_eur": "EUR"},
    ),
    Table(
        "roadmaps",
        _("Roadmaps to scale"),
        _("Roadmaps the cities adopted: who adopted them, the city's roles and commitments."),
        [
            ("city", "string", _("City identifier")),
            ("adopted_on", "date", _("Date of adoption")),
            ("adopted_by", "string", _("The body that adopted it")),
            ("summary", "string", _("Summary")),
            ("promoter", "boolean", _("The city promotes innovation")),
            ("facilitator", "boolean", _("The city facilitates alliances")),
            ("guarantor", "boolean", _("The city guarantees the general interest")),
            ("open_source", "boolean", _("Commitment: open source first")),
            ("open_data", "boolean", _("Commitment: open data by default")),
        ],
        _roadmaps,
        lambda network: _latest(
            Roadmap.objects.filter(network=network, status=Roadmap.Status.ADOPTED), "updated_at"
        ),
    ),
    Table(
        "knowledge",
        _("Knowledge index"),
        _("Every published knowledge item, in each language."),
        [
            ("id", "integer", _("Item identifier")),
            ("title", "string", _("Title")),
            ("language", "string", _("Language code")),
            ("kind", "string", _("Kind, e.g. case_study")),
            ("path", "string", _("Path of the item's page")),
            ("first_published", "date", _("First published")),
            ("last_published", "date", _("Last published")),
        ],
        _knowledge,
        lambda network: _latest(published_items(), "last_published_at"),
    ),
]
BY_NAME = {table.name: table for table in TABLES}


def table_json(table: Table, *, network) -> dict:
    return {
        "name": table.name,
        "title": str(table.title),
        "description": str(table.description),
        "licence": licence_of(network),
        "last_updated": json_value(table.updated(network)),
        "columns": table.schema(),
        "rows": table.json_rows(network=network),
    }


def _url(network, table, extension):
    return reverse(
        "impact_dataset",
        kwargs={"network_slug": network.slug, "name": table.name, "ext": extension},
    )


def datapackage(*, network) -> dict:
    licence = licence_of(network)
    return {
        "name": f"{network.slug}-open-data",
        "title": str(_("Open data of %(network)s") % {"network": network.name}),
        "licenses": [
            {"name": licence["identifier"], "path": licence["url"], "title": licence["name"]}
        ],
        "resources": [
            {
                "name": table.name,
                "title": str(table.title),
                "description": str(table.description),
                # Relative to this file: the package can be downloaded with its tables.
                "path": f"{table.name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": table.schema()},
            }
            for table in TABLES
        ],
    }


def dcat(*, network, base_url: str) -> dict:
    licence = licence_of(network)
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": base_url + reverse("impact_dcat", args=[network.slug]),
        "@type": "dcat:Catalog",
        "dct:title": str(_("Open data of %(network)s") % {"network": network.name}),
        "dct:license": {"@id": licence["url"]},
        "dcat:dataset": [
            {
                "@id": base_url + _url(network, table, "json"),
                "@type": "dcat:Dataset",
                "dct:identifier": table.name,
                "dct:title": str(table.title),
                "dct:description": str(table.description),
                "dct:license": {"@id": licence["url"]},
                "dct:modified": {
                    "@value": json_value(table.updated(network)),
                    "@type": "xsd:date",
                },
                "dcat:distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "dcat:downloadURL": {"@id": base_url + _url(network, table, ext)},
                        "dcat:mediaType": media,
                        "dct:license": {"@id": licence["url"]},
                    }
                    for ext, media in (("csv", "text/csv"), ("json", "application/json"))
                ],
            }
            for table in TABLES
        ],
    }


def catalogue_datasets(*, network) -> list[Dataset]:
    """The rows this app adds to the /data/ page; the catalogue gives each the network's
    licence (experiments.opendata.datasets)."""
    entries = []
    for table in TABLES:
        for extension in ("csv", "json"):
            entries.append(
                Dataset(
                    title=f"{table.title} ({extension.upper()})",
                    description=table.description,
                    format=extension.upper(),
                    url=_url(network, table, extension),
                )
            )
    for title, description, name, fmt in (
        (
            _("Catalogue (DCAT)"),
            _("These datasets described in DCAT, as JSON-LD."),
            "impact_dcat",
            "JSON-LD",
        ),
        (
            _("Data package"),
            _("These datasets as a Frictionless data package, with every column described."),
            "impact_datapackage",
            "JSON",
        ),
    ):
        entries.append(
            Dataset(
                title=title,
                description=description,
                format=fmt,
                url=reverse(name, args=[network.slug]),
            )
        )
    return entries
