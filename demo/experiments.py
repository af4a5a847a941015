"""The ASToN demo data of the experiments app; called by ``demo_load``.

The pilots ran in the Experiment phase (April to December 2021). Their budgets are in the currency
each city used; at the rates below they add up to EUR 450,000, and the people they reached to 424,
the network's published figures: the portfolio page computes both from these records.
"""

import datetime
from decimal import Decimal

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

# (city, slug, title, theme, status, currency, budget, spent, source, people, problem,
#  hypothesis, partners, indicators [(name, unit, baseline, target, [(quarter start, target,
#  actual)])], decisions [(kind, date, by, evidence, reflection)])
PILOTS = [
    {
        "city": "bamako",
        "slug": "bamako-street-addressing",
        "title": "Street addresses for Hamdallaye",
        "theme": "land-addressing",
        "status": "evaluated",
        "currency": "XOF",
        "budget_amount": Decimal("32797850"),
        "spent_amount": Decimal("30500000"),
        "funding_source": "network_grant",
        "people_reached": 60,
        "reached_women": 31,
        "reached_men": 29,
        "problem": "Most streets of the district have no name or number, so tax notices, "
        "ambulances and deliveries do not find the households.",
        "hypothesis": "If every plot of one district gets a signed address and a map, the city "
        "can reach households and collect local taxes from them.",
        "description": "The team named 48 streets with the residents, numbered the plots and "
        "printed a district map; a simple register links each address to its plot.",
        "partners": "District council of Hamdallaye\nA local surveying firm",
        "internal_notes": "The surveying firm invoiced late; check the last payment.",
        "indicators": [
            (
                "Plots with a signed address",
                "plots",
                "0",
                "1200",
                [(D(2021, 4, 1), "300", "260"), (D(2021, 7, 1), "700", "720"),
                 (D(2021, 10, 1), "1200", "1180")],
            ),
        ],
        "decisions": [
            ("continue", D(2021, 9, 30), "Steering committee of the pilot",
             "Half-way, 720 plots were addressed against a target of 700.", ""),
            ("scale_up", D(2022, 1, 20), "Mayor's cabinet",
             "1,180 of 1,200 plots addressed; the district's first tax notices were delivered.",
             "Naming streets with residents took longer but made the names stick."),
        ],
    },
    {
        "city": "bamako",
        "slug": "bamako-waste-sms",
        "title": "Reporting overflowing bins by text message",
        "theme": "waste-cleanliness",
        "status": "closed",
        "currency": "EUR",
        "budget_amount": Decimal("20000"),
        "spent_amount": Decimal("18400"),
        "funding_source": "network_grant",
        "people_reached": 25,
        "problem": "Collection rounds do not know which bins overflow.",
        "hypothesis": "Residents will report full bins by text message if they get an answer.",
        "partners": "A mobile network operator",
        "indicators": [
            ("Reports received", "messages", "0", "400",
             [(D(2021, 4, 1), "100", "40"), (D(2021, 7, 1), "150", "35")]),
        ],
        "decisions": [
            ("stop", D(2021, 10, 15), "Sanitation department",
             "Few reports came in and the rounds could not change in time to answer them.",
             "Fix the collection rounds before asking residents to report."),
        ],
    },
    {
        "city": "lagos",
        "slug": "lagos-market-tax",
        "title": "Paying market levies by phone",
        "theme": "tax-collection",
        "status": "evaluated",
        "currency": "NGN",
        "budget_amount": Decimal("20000000"),
        "spent_amount": Decimal("19000000"),
        "funding_source": "city",
        "people_reached": 70,
        "reached_women": 44,
        "reached_men": 26,
        "reached_18_34": 30,
        "reached_35_59": 35,
        "reached_60_plus": 5,
        "problem": "Cash collection of market levies leaks and traders distrust it.",
        "hypothesis": "Traders pay more regularly when they can pay by phone and get a receipt.",
        "partners": "Market traders' association\nA payment provider",
        "indicators": [
            ("Traders paying on time", "%", "35", "70",
             [(D(2021, 4, 1), "45", "41"), (D(2021, 7, 1), "55", "58"),
              (D(2021, 10, 1), "70", "66")]),
        ],
        "decisions": [
            ("adjust", D(2021, 7, 20), "Pilot team",
             "Older traders struggled with the app; a USSD menu was added.", ""),
            ("scale_up", D(2022, 2, 3), "Commissioner for local government",
             "On-time payment rose from 35% to 66% in two markets.",
             "The traders' association was the best channel to win trust."),
        ],
    },
    {
        "city": "lagos",
        "slug": "lagos-bus-stop-data",
        "title": "Mapping informal bus stops",
        "theme": "mobility",
        "status": "running",
        "currency": "EUR",
        "budget_amount": Decimal("30000"),
        "spent_amount": Decimal("21000"),
        "funding_source": "partner",
        "people_reached": 30,
        "problem": "Planners have no data on where minibuses actually stop.",
        "hypothesis": "Drivers and students can map the stops in a few weeks with phones.",
        "partners": "A local university",
        "indicators": [
            ("Stops mapped", "stops", "0", "500",
             [(D(2021, 7, 1), "250", "190"), (D(2021, 10, 1), "500", "410")]),
        ],
        "decisions": [
            ("continue", D(2022, 1, 10), "Transport planning unit",
             "410 stops mapped; two corridors are still missing.", ""),
        ],
    },
    {
        "city": "benguerir",
        "slug": "benguerir-participation",
        "title": "An online platform for neighbourhood proposals",
        "theme": "citizen-participation",
        "status": "evaluated",
        "currency": "MAD",
        "budget_amount": Decimal("350000"),
        "spent_amount": Decimal("330000"),
        "funding_source": "network_grant",
        "people_reached": 40,
        "problem": "Few residents take part in the municipal budget debate.",
        "hypothesis": "An online platform with offline meetings widens who takes part.",
        "indicators": [
            ("Proposals submitted", "proposals", "5", "60",
             [(D(2021, 7, 1), "30", "18"), (D(2021, 10, 1), "60", "33")]),
        ],
        "decisions": [
            ("adjust", D(2022, 1, 25), "Municipal council",
             "33 proposals instead of 60; most came from the offline meetings.",
             "Put the meetings first and the platform second."),
        ],
    },
    {
        "city": "bizerte",
        "slug": "bizerte-beach-cleanliness",
        "title": "Beach cleanliness reports",
        "theme": "waste-cleanliness",
        "status": "evaluated",
        "currency": "TND",
        "budget_amount": Decimal("100000"),
        "spent_amount": Decimal("92000"),
        "funding_source": "city",
        "people_reached": 35,
        "problem": "Beach cleaning is planned without knowing where waste builds up.",
        "hypothesis": "Lifeguards' daily reports let the city send crews where needed.",
        "indicators": [
            ("Beach sections rated clean", "%", "40", "75",
             [(D(2021, 7, 1), "60", "62"), (D(2021, 10, 1), "75", "71")]),
        ],
        "decisions": [
            ("continue", D(2022, 1, 12), "Environment department",
             "Clean sections rose from 40% to 71% over the summer.", ""),
        ],
    },
    {
        "city": "bizerte",
        "slug": "bizerte-parking-sensors",
        "title": "Sensors for the old port's parking",
        "theme": "mobility",
        "status": "idea",
        "currency": "EUR",
        "budget_amount": Decimal("0"),
        "spent_amount": Decimal("0"),
        "funding_source": "other",
        "people_reached": 0,
        "problem": "Cars circle the old port looking for a place.",
        "hypothesis": "Showing free places would cut the circling.",
        "start": None,
        "end": None,
    },
    {
        "city": "kampala",
        "slug": "kampala-market-dues",
        "title": "Mobile money for market dues",
        "theme": "tax-collection",
        "status": "evaluated",
        "currency": "UGX",
        "budget_amount": Decimal("150000000"),
        "spent_amount": Decimal("141000000"),
        "funding_source": "network_grant",
        "people_reached": 45,
        "problem": "Market dues collected in cash are hard to account for.",
        "hypothesis": "Mobile money payments raise collection and cut leakage.",
        "indicators": [
            ("Dues collected against the plan", "%", "50", "80",
             [(D(2021, 7, 1), "65", "70"), (D(2021, 10, 1), "80", "83")]),
        ],
        "decisions": [
            ("scale_up", D(2022, 1, 28), "Directorate of revenue",
             "Collection reached 83% of plan, above the 80% target.", ""),
        ],
    },
    {
        "city": "kampala",
        "slug": "kampala-ussd-feedback",
        "title": "Citizen feedback by USSD",
        "theme": "citizen-participation",
        "status": "evaluated",
        "currency": "EUR",
        "budget_amount": Decimal("42850"),
        "spent_amount": Decimal("40000"),
        "funding_source": "network_grant",
        "people_reached": 10,
        "problem": "Residents without smartphones cannot rate city services.",
        "hypothesis": "A free USSD menu lets any phone user rate a service.",
        "indicators": [
            ("Ratings received", "ratings", "0", "300",
             [(D(2021, 10, 1), "300", "95")]),
        ],
        "decisions": [
            ("adjust", D(2022, 2, 1), "Pilot team",
             "95 ratings against 300: the menu was too long.", "Three questions at most."),
        ],
    },
    {
        "city": "kigali",
        "slug": "kigali-open-data",
        "title": "A first open data catalogue",
        "theme": "data",
        "status": "evaluated",
        "currency": "RWF",
        "budget_amount": Decimal("40000000"),
        "spent_amount": Decimal("38000000"),
        "funding_source": "city",
        "people_reached": 20,
        "problem": "City departments do not share their data, even with each other.",
        "hypothesis": "Publishing ten datasets shows departments the value of sharing.",
        "indicators": [
            ("Datasets published", "datasets", "0", "10",
             [(D(2021, 7, 1), "5", "4"), (D(2021, 10, 1), "10", "9")]),
        ],
        "decisions": [
            ("continue", D(2022, 1, 18), "City manager",
             "Nine datasets are online and two departments asked to add theirs.", ""),
        ],
    },
    {
        "city": "kumasi",
        "slug": "kumasi-traffic-counts",
        "title": "Traffic counts with roadside cameras",
        "theme": "mobility",
        "status": "evaluated",
        "currency": "GHS",
        "budget_amount": Decimal("200000"),
        "spent_amount": Decimal("185000"),
        "funding_source": "partner",
        "people_reached": 18,
        "problem": "Junction timings are decades old.",
        "hypothesis": "Camera counts at five junctions justify new timings.",
        "indicators": [
            ("Junctions counted", "junctions", "0", "5",
             [(D(2021, 7, 1), "3", "2"), (D(2021, 10, 1), "5", "4")]),
        ],
        "decisions": [
            ("adjust", D(2022, 1, 21), "Roads department",
             "Counts worked at four junctions; power cuts stopped the fifth camera.", ""),
        ],
    },
    {
        "city": "matola",
        "slug": "matola-land-registry",
        "title": "Scanning the land registry",
        "theme": "land-addressing",
        "status": "evaluated",
        "currency": "MZN",
        "budget_amount": Decimal("2000000"),
        "spent_amount": Decimal("1900000"),
        "funding_source": "network_grant",
        "people_reached": 22,
        "problem": "Paper land titles are lost or damaged and disputes drag on.",
        "hypothesis": "A scanned, searchable registry speeds up title checks.",
        "indicators": [
            ("Titles scanned", "titles", "0", "5000",
             [(D(2021, 7, 1), "2500", "2100"), (D(2021, 10, 1), "5000", "4600")]),
        ],
        "decisions": [
            ("continue", D(2022, 1, 14), "Municipal council",
             "4,600 titles scanned; title checks went from weeks to days.", ""),
        ],
    },
    {
        "city": "niamey",
        "slug": "niamey-service-lab",
        "title": "A service design lab in the town hall",
        "theme": "service-design",
        "status": "closed",
        "currency": "XOF",
        "budget_amount": Decimal("19678710"),
        "spent_amount": Decimal("19678710"),
        "funding_source": "network_grant",
        "people_reached": 15,
        "problem": "Civil registration queues are long and confusing.",
        "hypothesis": "Redesigning one service with its users shortens the queue.",
        "indicators": [
            ("Average waiting time", "minutes", "90", "30",
             [(D(2021, 7, 1), "60", "80"), (D(2021, 10, 1), "30", "75")]),
        ],
        "decisions": [
            ("stop", D(2021, 12, 10), "Secretary general of the town hall",
             "Waiting time fell from 90 to 75 minutes only; staff turnover stopped the lab.",
             "A lab needs a stable team before it starts."),
        ],
    },
    {
        "city": "nouakchott",
        "slug": "nouakchott-policy-dashboard",
        "title": "A dashboard for council decisions",
        "theme": "policy-making",
        "status": "running",
        "currency": "MRU",
        "budget_amount": Decimal("1200000"),
        "spent_amount": Decimal("700000"),
        "funding_source": "city",
        "people_reached": 10,
        "problem": "Council members decide without up-to-date figures.",
        "hypothesis": "A monthly dashboard changes what the council discusses.",
        "indicators": [("Dashboards presented", "dashboards", "0", "6", [])],
        "decisions": [],
    },
    {
        "city": "seme-podji",
        "slug": "seme-podji-street-addressing",
        "title": "Addressing the streets of Agblangandan",
        "theme": "land-addressing",
        "status": "evaluated",
        "currency": "XOF",
        "budget_amount": Decimal("13119140"),
        "spent_amount": Decimal("12500000"),
        "funding_source": "network_grant",
        "people_reached": 24,
        "problem": "Without addresses, the town cannot plan services or collect taxes.",
        "hypothesis": "Addressing one neighbourhood shows the council the cost and the gain.",
        "indicators": [
            ("Plots addressed", "plots", "0", "600",
             [(D(2021, 7, 1), "300", "310"), (D(2021, 10, 1), "600", "640")]),
        ],
        "decisions": [
            ("scale_up", D(2022, 2, 8), "Municipal council",
             "640 plots addressed against 600 planned, under budget.", ""),
        ],
    },
]  # fmt: skip

PAGE = {
    "en": {
        "title": "Pilots",
        "intro": "<p>Experimenting was never the goal: each pilot yields the evidence to stop, "
        "continue or scale up. Here are the pilots, what they cost and whom they reached.</p>",
    },
    "fr": {
        "title": "Projets pilotes",
        "intro": "<p>Expérimenter n’a jamais été le but : chaque projet pilote apporte les "
        "preuves pour arrêter, poursuivre ou passer à l’échelle. Voici les pilotes, leur coût "
        "et les personnes touchées.</p>",
    },
    "pt": {
        "title": "Projetos-piloto",
        "intro": "<p>Experimentar nunca foi o objetivo: cada piloto traz a evidência para "
        "parar, continuar ou ampliar. Eis os pilotos, quanto custaram e quem alcançaram.</p>",
    },
}


def _pages(homes, locales) -> None:
    from demo.services import _publish_if_changed, _translated

    en = PilotIndexPage.objects.child_of(homes["en"]).first()
    if en is None:
        en = homes["en"].add_child(
            instance=PilotIndexPage(title=PAGE["en"]["title"], slug="pilots", live=False)
        )
    _publish_if_changed(en, PAGE["en"])
    for code, locale in locales.items():
        if code != "en":
            _translated(en, locale, PAGE[code])


def load(*, network, cities, homes, locales) -> None:
    """Create or update the demo records (idempotent: a second run duplicates nothing)."""
    for currency, rate in RATES.items():
        services.exchange_rate_record(
            network=network, currency=currency, date=RATES_ON, rate_to_eur=rate
        )
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    for data in PILOTS:
        fields = {
            key: value
            for key, value in data.items()
            if key not in ("city", "slug", "theme", "indicators", "decisions")
        }
        fields.setdefault("start", START)
        fields.setdefault("end", END)
        indicators = [
            {"name": name, "unit": unit, "baseline": Decimal(base), "target": Decimal(target)}
            for name, unit, base, target, _values in data.get("indicators", [])
        ]
        pilot = services.pilot_upsert(
            network=network,
            city=cities[data["city"]],
            slug=data["slug"],
            theme=themes[data["theme"]],
            indicators=indicators,
            **fields,
        )
        by_name = {indicator.name: indicator for indicator in Indicator.objects.filter(pilot=pilot)}
        for name, _unit, _base, _target, values in data.get("indicators", []):
            for quarter, target, actual in values:
                services.indicator_value_record(
                    indicator=by_name[name],
                    period_start=quarter,
                    target=Decimal(target),
                    actual=Decimal(actual),
                )
        for kind, decided_on, decided_by, evidence, reflection in data.get("decisions", []):
            if not Decision.objects.filter(pilot=pilot, kind=kind, decided_on=decided_on).exists():
                services.decision_record(
                    pilot=pilot,
                    kind=kind,
                    decided_on=decided_on,
                    decided_by=decided_by,
                    evidence=evidence,
                    reflection=reflection,
                    evidence_indicators=list(by_name.values()),
                )
    _pages(homes, locales)
