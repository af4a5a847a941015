"""The impact demo: reuse records and the impact page in every language.

The reference network reported that 30% of its cities reuse the programme's methods: three of
the eleven cities (27%, which the page rounds to the nearest ten, "about 30%") carry a record
here. The other four reference figures come from the records the other loaders create.
"""

import datetime

from django.db import transaction

from baobab.exceptions import SYSTEM
from impact import services
from impact.models import DataLicence, ImpactPage
from learning.models import Topic

REUSES = [
    {
        "city": "kigali",
        "topic": "Design thinking",
        "where": "service",
        "reused_in": "Redesign of the building-permit counter",
        "reused_on": datetime.date(2022, 2, 14),
        "evidence": "The city's one-stop shop ran user interviews and prototype sessions with "
        "applicants before changing the permit forms, as practised in the programme.",
    },
    {
        "city": "bamako",
        "topic": "Lean experimentation",
        "where": "policy",
        "reused_in": "Municipal revenue plan for market fees",
        "reused_on": datetime.date(2022, 5, 3),
        "evidence": "The council's revenue plan tests fee collection in two markets for three "
        "months before extending it, with indicators agreed beforehand.",
    },
    {
        "city": "kumasi",
        "topic": "Agile project management",
        "where": "service",
        "reused_in": "Waste collection scheduling",
        "reused_on": datetime.date(2022, 6, 20),
        "evidence": "The sanitation department plans its collection rounds in two-week cycles "
        "with a short review with the collectors' association.",
    },
]

PAGE = {
    "en": (
        "Impact",
        "<p>What the network achieved, computed from its records: each figure links to the "
        "records behind it.</p>",
    ),
    "fr": (
        "Impact",
        "<p>Ce que le réseau a accompli, calculé à partir de ses données : chaque chiffre "
        "renvoie aux enregistrements qui le fondent.</p>",
    ),
    "pt": (
        "Impacto",
        "<p>O que a rede alcançou, calculado a partir dos seus registos: cada número remete "
        "para os registos que o sustentam.</p>",
    ),
}


def load(*, network, cities, homes, locales) -> None:
    topics = {topic.title: topic for topic in Topic.objects.filter(network=network)}
    with transaction.atomic():
        for data in REUSES:
            services.reuse_record_upsert(
                network=network,
                city=cities[data["city"]],
                reused_in=data["reused_in"],
                topic=topics.get(data["topic"]),
                method="" if data["topic"] in topics else data["topic"],
                where=data["where"],
                reused_on=data["reused_on"],
                evidence=data["evidence"],
                actor=SYSTEM,
            )
        # The network publishes its data under CC BY 4.0, the default, said explicitly.
        DataLicence.objects.get_or_create(network=network)
    _pages(homes, locales)


def _pages(homes, locales) -> None:
    from demo.services import _publish_if_changed, _translated

    en = ImpactPage.objects.child_of(homes["en"]).first()
    if en is None:
        en = homes["en"].add_child(
            instance=ImpactPage(title=PAGE["en"][0], slug="impact", live=False)
        )
    _publish_if_changed(en, {"title": PAGE["en"][0], "intro": PAGE["en"][1]})
    for code, locale in locales.items():
        if code != "en":
            _translated(en, locale, {"title": PAGE[code][0], "intro": PAGE[code][1]})
