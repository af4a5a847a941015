"""The ASToN demo data of the roadmap app; called by ``demo_load``."""

import datetime
from decimal import Decimal

from baobab.exceptions import SYSTEM

D = datetime.date

PAGE = {
    "en": {
        "title": "Roadmaps to scale",
        "intro": "<p>After their pilots, cities plan what to scale: the resources they can "
        "mobilise, the tools they choose in each layer of the digital city, and the actions "
        "that will carry them. Here they are side by side.</p>",
    },
    "fr": {
        "title": "Feuilles de route",
        "intro": "<p>Après leurs projets pilotes, les villes planifient ce qu’elles vont "
        "généraliser : les ressources qu’elles peuvent mobiliser, les outils qu’elles "
        "choisissent dans chaque couche de la ville numérique et les actions qui les porteront. "
        "Les voici côte à côte.</p>",
    },
    "pt": {
        "title": "Roteiros de expansão",
        "intro": "<p>Depois dos seus projetos-piloto, as cidades planeiam o que vão expandir: os "
        "recursos que podem mobilizar, as ferramentas que escolhem em cada camada da cidade "
        "digital e as ações que as vão concretizar. Aqui estão lado a lado.</p>",
    },
}

# Layer names as in roadmap.models.DEFAULT_LAYERS, by a short key.
LAYERS = {
    "infra": "Connectivity and infrastructure",
    "collect": "Data collection",
    "platform": "Data management and platforms",
    "apps": "Applications and services",
    "use": "Use and engagement",
}

ROADMAPS = {
    "bamako": {
        "fields": {
            "summary": "Bamako scales its street addressing work into a city-wide address "
            "register that the tax office and emergency services share.",
            "yearly_budget": Decimal(60000),
            "role_promoter": True,
            "role_guarantor": True,
            "charter_open_source": True,
            "charter_open_data": True,
            "charter_personal_data": True,
            "charter_interoperability": True,
            "charter_raw_data": True,
        },
        "adopted": (D(2022, 3, 10), "Bamako district council"),
        "resources": [
            ("human", "GIS officers in the planning department", 3, "people", D(2022, 1, 1)),
            ("technical", "Shared municipal server room", 1, "site", None),
            ("financial", "Municipal digital budget line", 60000, "EUR a year", D(2022, 1, 1)),
        ],
        "tools": [
            (
                "collect",
                "Field survey app for addresses",
                "build",
                15000,
                4000,
                True,
                "Street names and address points",
                "GeoJSON, CSV",
            ),
            (
                "platform",
                "Address register",
                "commission",
                45000,
                18000,
                True,
                "Address register extract, monthly",
                "OpenAddresses schema, CSV",
            ),
            (
                "use",
                "Street name signs with neighbourhood committees",
                "encourage",
                20000,
                6000,
                False,
                "",
                "CSV",
            ),
        ],
        "actions": [
            (
                "Train neighbourhood committees to check addresses",
                "Urban planning department",
                ["civil_society"],
                D(2022, 4, 1),
                D(2022, 9, 30),
                8000,
                "Municipal budget",
                "under_way",
            ),
        ],
    },
    "lagos": {
        "fields": {
            "summary": "Lagos turns its transport pilots into open data that operators and "
            "start-ups build on.",
            "yearly_budget": Decimal(150000),
            "role_facilitator": True,
            "role_promoter": True,
            "charter_open_data": True,
            "charter_interoperability": True,
            "charter_inclusion": True,
        },
        "adopted": None,
        "resources": [
            ("human", "Data analysts at the transport authority", 5, "people", None),
            ("financial", "State innovation fund", 150000, "EUR a year", D(2022, 6, 1)),
        ],
        "tools": [
            (
                "collect",
                "Bus stop and route mapping",
                "encourage",
                30000,
                10000,
                True,
                "Routes and stops",
                "GTFS",
            ),
            ("apps", "Journey planner", "encourage", 0, 0, False, "", "GTFS"),
            ("infra", "Wi-Fi at main bus terminals", "commission", 120000, 40000, False, "", ""),
        ],
        "actions": [
            (
                "Hackathon on public transport data",
                "Lagos innovation office",
                ["startups", "universities"],
                D(2022, 9, 1),
                D(2022, 11, 30),
                25000,
                "State innovation fund",
                "planned",
            ),
        ],
    },
    "kumasi": {
        "fields": {
            "summary": "Kumasi plans a waste collection platform with its private collectors.",
            "yearly_budget": Decimal(20000),
            "role_facilitator": True,
            "charter_open_source": True,
            "charter_personal_data": True,
        },
        "adopted": None,
        "resources": [
            ("human", "Waste management officers", 4, "people", None),
            ("financial", "Assembly budget for sanitation IT", 20000, "EUR a year", None),
        ],
        "tools": [
            (
                "collect",
                "Collection truck GPS trackers",
                "commission",
                40000,
                15000,
                False,
                "Collection rounds, weekly",
                "GPX, CSV",
            ),
            (
                "platform",
                "Waste collection dashboard",
                "build",
                25000,
                12000,
                True,
                "Tonnage by district",
                "CSV",
            ),
        ],
        "actions": [
            (
                "Agree data sharing with private collectors",
                "",
                ["companies"],
                D(2022, 5, 1),
                D(2022, 12, 31),
                5000,
                "",
                "planned",
            ),
        ],
    },
    "matola": {
        "fields": {
            "summary": "Matola widens citizen reporting from one district to the whole city.",
            "yearly_budget": Decimal(35000),
            "role_promoter": True,
            "role_guarantor": True,
            "charter_open_data": True,
            "charter_inclusion": True,
            "charter_personal_data": True,
        },
        "adopted": None,
        "resources": [
            ("human", "Community liaison officers", 6, "people", D(2022, 3, 1)),
            ("financial", "Municipal participation budget", 35000, "EUR a year", None),
        ],
        "tools": [
            (
                "apps",
                "Citizen reporting by text message",
                "build",
                18000,
                9000,
                True,
                "Reports by category and district",
                "",
            ),
            ("use", "Digital help desks in markets", "encourage", 6000, 3000, False, "", "CSV"),
        ],
        "actions": [
            (
                "Open help desks in three markets",
                "Municipal council for participation",
                ["civil_society", "funders"],
                D(2022, 6, 1),
                D(2023, 3, 31),
                12000,
                "AFD and municipal budget",
                "planned",
            ),
        ],
    },
    "kigali": {
        "fields": {
            "summary": "Kigali brings its permit and tax services onto one open platform.",
            "yearly_budget": Decimal(90000),
            "role_promoter": True,
            "role_facilitator": True,
            "role_guarantor": True,
            "charter_open_source": True,
            "charter_open_data": True,
            "charter_personal_data": True,
            "charter_inclusion": True,
            "charter_interoperability": True,
            "charter_raw_data": True,
        },
        "adopted": (D(2022, 2, 15), "City of Kigali council"),
        "resources": [
            ("human", "Developers in the ICT unit", 4, "people", None),
            ("technical", "National data centre hosting", 1, "contract", D(2022, 1, 1)),
            ("financial", "City ICT budget", 90000, "EUR a year", None),
        ],
        "tools": [
            (
                "infra",
                "Fibre link to district offices",
                "commission",
                80000,
                20000,
                False,
                "",
                "n/a (network)",
            ),
            (
                "platform",
                "Open services platform",
                "build",
                60000,
                30000,
                True,
                "Service requests and processing times",
                "JSON, CSV",
            ),
            (
                "apps",
                "Permit tracking for citizens",
                "build",
                20000,
                8000,
                True,
                "Permits issued, monthly",
                "CSV",
            ),
        ],
        "actions": [
            (
                "Move building permits to the platform",
                "ICT unit",
                ["companies"],
                D(2022, 3, 1),
                D(2022, 12, 31),
                40000,
                "City ICT budget",
                "under_way",
            ),
            (
                "Publish the first open data sets",
                "ICT unit",
                ["universities", "civil_society"],
                D(2022, 7, 1),
                D(2023, 6, 30),
                10000,
                "City ICT budget",
                "planned",
            ),
        ],
    },
}


def _pages(homes, locales) -> None:
    from demo.services import _publish_if_changed, _translated
    from roadmap.models import RoadmapIndexPage

    en = RoadmapIndexPage.objects.child_of(homes["en"]).first()
    if en is None:
        en = homes["en"].add_child(
            instance=RoadmapIndexPage(title=PAGE["en"]["title"], slug="roadmaps", live=False)
        )
    _publish_if_changed(en, PAGE["en"])
    for code, locale in locales.items():
        if code != "en":
            _translated(en, locale, PAGE[code])


def _roadmap(network, city, data, layers):
    from roadmap import services

    roadmap = network.roadmaps.filter(city=city).first()
    if roadmap is not None:
        return roadmap
    roadmap = services.roadmap_upsert(network=network, city=city, actor=SYSTEM, **data["fields"])
    for kind, what, quantity, unit, available in data["resources"]:
        services.resource_add(
            roadmap=roadmap,
            kind=kind,
            what=what,
            quantity=Decimal(quantity),
            unit=unit,
            available_from=available,
            actor=SYSTEM,
        )
    for layer, what, approach, invest, running, oss, open_data, standards in data["tools"]:
        services.tool_add(
            roadmap=roadmap,
            layer=layers[LAYERS[layer]],
            what=what,
            approach=approach,
            investment_cost=Decimal(invest),
            yearly_running_cost=Decimal(running),
            open_source=oss,
            open_data=open_data,
            data_standards=standards,
            actor=SYSTEM,
        )
    for what, lead, partners, start, end, budget, source, status in data["actions"]:
        services.action_add(
            roadmap=roadmap,
            what=what,
            lead=lead,
            start=start,
            end=end,
            budget=Decimal(budget),
            funding_source=source,
            status=status,
            actor=SYSTEM,
            **{f"partner_{kind}": True for kind in partners},
        )
    return roadmap


def _pilot_actions(roadmap) -> None:
    """An action for each of the city's pilots decided "scale up" or "continue" that has none:
    the pilots come from the experiments demo, whatever it holds when this runs."""
    from roadmap import selectors, services

    scaled = set(roadmap.actions.exclude(pilot=None).values_list("pilot_id", flat=True))
    for pilot in selectors.scalable_pilots(city=roadmap.city):
        if pilot.pk in scaled:
            continue
        verb = "Scale up" if pilot.current_decision_kind == "scale_up" else "Continue"
        start = max(pilot.end or D(2022, 1, 1), D(2022, 1, 1)) + datetime.timedelta(days=30)
        services.action_add(
            roadmap=roadmap,
            what=f"{verb}: {pilot.title}"[:200],
            pilot=pilot,
            lead=f"{roadmap.city.name} pilot team",
            partner_funders=True,
            start=start,
            end=start + datetime.timedelta(days=365),
            budget=Decimal(30000),
            funding_source="Municipal budget and AFD",
            status="planned",
            actor=SYSTEM,
        )


def load(*, network, cities, homes, locales) -> None:
    """Create or update the demo records (idempotent: a second run duplicates nothing)."""
    from roadmap import services
    from roadmap.models import Layer, Roadmap

    services.layers_default_ensure(network=network, actor=SYSTEM)
    layers = {layer.name: layer for layer in Layer.objects.filter(network=network)}
    _pages(homes, locales)
    for slug, data in ROADMAPS.items():
        city = cities.get(slug)
        if city is None:
            continue
        roadmap = _roadmap(network, city, data, layers)
        _pilot_actions(roadmap)
        if data["adopted"] and roadmap.status != Roadmap.Status.ADOPTED:
            adopted_on, body = data["adopted"]
            services.roadmap_adopt(
                roadmap=roadmap, adopted_on=adopted_on, adopted_by=body, actor=SYSTEM
            )
