"""The ASToN demo data of the experiments app; called by ``demo_load``.

The pilots ran in the Experiment phase (April to December 2021). Their budgets are in the currency
each city used; at the rates below they add up to EUR 450,000, and the people they reached to 424,
the network's published figures: the portfolio page computes both from these records.

The pilots' texts and records live in ``data/experiments/``: one file per pilot in ``pilots/``
(amounts, indicator figures and targets quoted, so that they are read as exact decimals), and
``page.yaml`` for the pilots' index page.
"""

import datetime
from decimal import Decimal
from pathlib import Path

import yaml

from baobab.exceptions import SYSTEM
from experiments import services
from experiments.models import Decision, Indicator, PilotIndexPage
from network.models import Theme

D = datetime.date

# Recorded by the secretariat at the close of the Experiment phase. XOF is pegged to the euro
# (655.957 XOF for 1 EUR); the others are the rounded rates of the day.
RATES_ON = D(2021, 12, 31)
RATES = {
    "XOF": Decimal("0.0015244902"),
    "NGN": Decimal("0.002"),
    "MAD": Decimal("0.093"),
    "TND": Decimal("0.31"),
    "UGX": Decimal("0.00024"),
    "RWF": Decimal("0.00085"),
    "GHS": Decimal("0.145"),
    "MZN": Decimal("0.0135"),
    "MRU": Decimal("0.023"),
}

START, END = D(2021, 4, 1), D(2021, 12, 31)

DATA = Path(__file__).resolve().parent / "data" / "experiments"

# Quoted in the data files, so that no float stands between the text and the Decimal.
DECIMALS = ("budget_amount", "spent_amount")


def _read(path):
    with open(DATA / path, encoding="utf-8") as file:
        return yaml.safe_load(file)


def _pilots():
    """One file per pilot, read in file-name order: the fields of the pilot, its indicators with
    their quarterly values, and its decisions."""
    for path in sorted((DATA / "pilots").glob("*.yaml")):
        data = _read(path)
        for name in DECIMALS:
            data[name] = Decimal(data[name])
        yield data


def _pages(homes, locales) -> None:
    from demo.services import _publish_if_changed, _translated

    page = _read("page.yaml")
    en = PilotIndexPage.objects.child_of(homes["en"]).first()
    if en is None:
        en = homes["en"].add_child(
            instance=PilotIndexPage(title=page["en"]["title"], slug="pilots", live=False)
        )
    _publish_if_changed(en, page["en"])
    for code, locale in locales.items():
        if code != "en":
            _translated(en, locale, page[code])


def load(*, network, cities, homes, locales) -> None:
    """Create or update the demo records (idempotent: a second run duplicates nothing)."""
    for currency, rate in RATES.items():
        services.exchange_rate_record(
            network=network, currency=currency, date=RATES_ON, rate_to_eur=rate, actor=SYSTEM
        )
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    for data in _pilots():
        fields = {
            key: value
            for key, value in data.items()
            if key not in ("city", "slug", "theme", "indicators", "decisions")
        }
        fields.setdefault("start", START)
        fields.setdefault("end", END)
        indicators = [
            {
                "name": indicator["name"],
                "unit": indicator["unit"],
                "baseline": Decimal(indicator["baseline"]),
                "target": Decimal(indicator["target"]),
            }
            for indicator in data.get("indicators", [])
        ]
        pilot = services.pilot_upsert(
            network=network,
            city=cities[data["city"]],
            slug=data["slug"],
            theme=themes[data["theme"]],
            indicators=indicators,
            actor=SYSTEM,
            **fields,
        )
        by_name = {indicator.name: indicator for indicator in Indicator.objects.filter(pilot=pilot)}
        for indicator in data.get("indicators", []):
            for value in indicator["values"]:
                services.indicator_value_record(
                    indicator=by_name[indicator["name"]],
                    period_start=value["quarter"],
                    target=Decimal(value["target"]),
                    actual=Decimal(value["actual"]),
                    actor=SYSTEM,
                )
        for decision in data.get("decisions", []):
            kind, decided_on = decision["kind"], decision["decided_on"]
            if not Decision.objects.filter(pilot=pilot, kind=kind, decided_on=decided_on).exists():
                services.decision_record(
                    pilot=pilot,
                    actor=SYSTEM,
                    **decision,
                    evidence_indicators=list(by_name.values()),
                )
    _pages(homes, locales)
