"""The portfolio as open data: CSV and XLSX tables, and an IATI 2.03 activity file."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from lxml import etree

from baobab.datasets import Table

from . import selectors
from .models import Pilot


def _portfolio(network) -> list[dict]:
    rates = selectors.rates_for(network=network)
    return [
        {
            "slug": pilot.slug,
            "title": pilot.title,
            "city": pilot.city.name,
            "country": pilot.city.country.code,
            "theme": pilot.theme.slug,
            "status": pilot.status,
            "start": pilot.start,
            "end": pilot.end,
            "funding_source": pilot.funding_source,
            "currency": pilot.currency,
            "budget": pilot.budget_amount,
            "spent": pilot.spent_amount,
            "budget_eur": selectors.to_eur(pilot.budget_amount, pilot.currency, rates),
            "people_reached": pilot.people_reached,
            "current_decision": pilot.current_decision_kind or "",
            "decided_on": pilot.current_decision_on,
            "partners": "; ".join(pilot.partner_list),
            "problem": pilot.problem,
            "hypothesis": pilot.hypothesis,
        }
        for pilot in selectors.network_pilots(network=network)
        .select_related("city", "theme")
        .order_by("city__name", "title")
    ]


# Column names are stable, English and machine-readable; the internal notes are never in it.
PORTFOLIO = Table(
    "pilots",
    _("Pilot portfolio"),
    _("Every public pilot of the network, one row per pilot."),
    [
        ("slug", "string", _("Pilot identifier")),
        ("title", "string", _("Title")),
        ("city", "string", _("City")),
        ("country", "string", _("Country, ISO 3166 code")),
        ("theme", "string", _("Theme identifier")),
        ("status", "string", _("Status")),
        ("start", "date", _("Start")),
        ("end", "date", _("End")),
        ("funding_source", "string", _("Funding source")),
        ("currency", "string", _("Currency of the budget, ISO 4217")),
        ("budget", "number", _("Budget in that currency")),
        ("spent", "number", _("Spent so far, in that currency")),
        ("budget_eur", "number", _("Budget in euros at the latest recorded rate")),
        ("people_reached", "integer", _("People reached")),
        ("current_decision", "string", _("Latest decision")),
        ("decided_on", "date", _("Date of the latest decision")),
        ("partners", "string", _("Partners, separated by semicolons")),
        ("problem", "string", _("Problem")),
        ("hypothesis", "string", _("Hypothesis")),
    ],
    _portfolio,
    money={"budget": "currency", "spent": "currency", "budget_eur": "EUR"},
)


def portfolio_csv(*, network) -> str:
    return PORTFOLIO.csv(network=network)


def portfolio_xlsx(*, network) -> bytes:
    return PORTFOLIO.xlsx(network=network)


# IATI ----------------------------------------------------------------------------------------

# IATI codelists: ActivityStatus, OrganisationType, OrganisationRole, ActivityDateType.
IATI_STATUS = {
    Pilot.Status.IDEA: "1",  # pipeline/identification
    Pilot.Status.PLANNED: "1",
    Pilot.Status.RUNNING: "2",  # implementation
    Pilot.Status.EVALUATED: "3",  # finalisation
    Pilot.Status.CLOSED: "4",  # closed
}
ORG_GOVERNMENT, ORG_OTHER_PUBLIC, ORG_PARTNERSHIP = "10", "15", "21"
ROLE_FUNDING, ROLE_IMPLEMENTING = "1", "4"
# The network's own sector vocabulary (IATI SectorVocabulary 99: the reporting organisation's),
# whose codes are the theme slugs, plus the DAC code for public sector policy and management.
SECTOR_VOCABULARY_OWN, DAC_PUBLIC_SECTOR = "99", "15110"


def reporting_org_ref(network) -> str:
    # The network has no registered organisation identifier yet; "XI-BAOBAB-" marks one
    # Baobab issues itself, unique per network.
    return f"XI-BAOBAB-{network.slug}"


def _narrative(parent, tag, text, **attributes):
    element = etree.SubElement(parent, tag, **attributes)
    etree.SubElement(element, "narrative").text = text
    return element


def _decimal(value) -> str:
    return f"{value.normalize():f}"


def _activity(root, pilot, network, org_ref, today):
    activity = etree.SubElement(
        root,
        "iati-activity",
        {
            "last-updated-datetime": pilot.updated_at.replace(microsecond=0).isoformat(),
            "{http://www.w3.org/XML/1998/namespace}lang": "en",
            "default-currency": pilot.currency,
        },
    )
    etree.SubElement(activity, "iati-identifier").text = f"{org_ref}-{pilot.slug}"
    _narrative(activity, "reporting-org", network.name, ref=org_ref, type=ORG_PARTNERSHIP)
    _narrative(activity, "title", pilot.title)
    _narrative(activity, "description", pilot.description or pilot.problem, type="1")
    _narrative(activity, "description", pilot.hypothesis, type="2")
    _narrative(activity, "participating-org", network.name, ref=org_ref, role=ROLE_FUNDING,
               type=ORG_PARTNERSHIP)  # fmt: skip
    _narrative(activity, "participating-org", pilot.city.name, role=ROLE_IMPLEMENTING,
               type=ORG_GOVERNMENT)  # fmt: skip
    for partner in pilot.partner_list:
        _narrative(activity, "participating-org", partner, role=ROLE_IMPLEMENTING)
    etree.SubElement(activity, "activity-status", code=IATI_STATUS[pilot.status])
    start = pilot.start or pilot.created_at.date()
    # Planned start (1) and end (3); actual start (2) once running, actual end (4) once over.
    etree.SubElement(activity, "activity-date", type="1", **{"iso-date": start.isoformat()})
    if pilot.start and pilot.status not in (Pilot.Status.IDEA, Pilot.Status.PLANNED):
        etree.SubElement(activity, "activity-date", type="2", **{"iso-date": start.isoformat()})
    if pilot.end:
        etree.SubElement(activity, "activity-date", type="3", **{"iso-date": pilot.end.isoformat()})
        if pilot.status in (Pilot.Status.EVALUATED, Pilot.Status.CLOSED):
            etree.SubElement(
                activity, "activity-date", type="4", **{"iso-date": pilot.end.isoformat()}
            )
    etree.SubElement(activity, "recipient-country", code=pilot.city.country.code,
                     percentage="100")  # fmt: skip
    etree.SubElement(activity, "sector", vocabulary="1", code=DAC_PUBLIC_SECTOR, percentage="100")
    _narrative(activity, "sector", pilot.theme.name, vocabulary=SECTOR_VOCABULARY_OWN,
               code=pilot.theme.slug, percentage="100")  # fmt: skip
    budget = etree.SubElement(activity, "budget", type="1", status="1")
    etree.SubElement(budget, "period-start", **{"iso-date": start.isoformat()})
    end = pilot.end or start
    etree.SubElement(budget, "period-end", **{"iso-date": end.isoformat()})
    value = etree.SubElement(
        budget, "value", currency=pilot.currency, **{"value-date": start.isoformat()}
    )
    value.text = _decimal(pilot.budget_amount)
    indicators = list(pilot.indicators.all())
    if indicators:
        result = etree.SubElement(activity, "result", type="2")  # outcome
        _narrative(result, "title", pilot.title)
        for indicator in indicators:
            element = etree.SubElement(result, "indicator", measure="1")  # unit
            _narrative(element, "title", f"{indicator.name} ({indicator.unit})")
            if indicator.baseline is not None:
                etree.SubElement(
                    element,
                    "baseline",
                    year=str(start.year),
                    **{"iso-date": start.isoformat(), "value": _decimal(indicator.baseline)},
                )
            for period_value in indicator.values.all():
                period = etree.SubElement(element, "period")
                etree.SubElement(
                    period, "period-start", **{"iso-date": period_value.period_start.isoformat()}
                )
                etree.SubElement(
                    period, "period-end", **{"iso-date": period_value.period_end.isoformat()}
                )
                if period_value.target is not None:
                    etree.SubElement(period, "target", value=_decimal(period_value.target))
                if period_value.actual is not None:
                    etree.SubElement(period, "actual", value=_decimal(period_value.actual))
    return activity


def iati_xml(*, network) -> bytes:
    now = timezone.now().replace(microsecond=0)
    root = etree.Element(
        "iati-activities", version="2.03", **{"generated-datetime": now.isoformat()}
    )
    org_ref = reporting_org_ref(network)
    for pilot in selectors.export_pilots(network=network):
        _activity(root, pilot, network, org_ref, now.date())
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
