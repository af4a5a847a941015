"""The portfolio as open data: CSV and XLSX tables, and an IATI 2.03 activity file."""

import csv
import io
from decimal import Decimal

from django.utils import timezone
from lxml import etree

from baobab.spreadsheets import neutralised

from . import selectors
from .currencies import amount_text, number_format
from .models import Pilot

COLUMNS = [
    ("slug", "slug"),
    ("title", "title"),
    ("city", "city"),
    ("country", "country"),
    ("theme", "theme"),
    ("status", "status"),
    ("start", "start"),
    ("end", "end"),
    ("funding_source", "funding_source"),
    ("currency", "currency"),
    ("budget", "budget"),
    ("spent", "spent"),
    ("budget_eur", "budget_eur"),
    ("people_reached", "people_reached"),
    ("current_decision", "current_decision"),
    ("decided_on", "decided_on"),
    ("partners", "partners"),
    ("problem", "problem"),
    ("hypothesis", "hypothesis"),
]


# Amount columns, each with the column (or the code) that names its currency.
MONEY = {"budget": "currency", "spent": "currency", "budget_eur": "EUR"}


def _money_columns(header) -> dict[int, object]:
    """Index of each amount column -> function(row) giving its currency code."""
    index = {name: i for i, name in enumerate(header)}
    found = {}
    for name, currency in MONEY.items():
        if currency in index:
            found[index[name]] = lambda row, at=index[currency]: row[at]
        else:
            found[index[name]] = lambda row, code=currency: code
    return found


def portfolio_rows(*, network) -> tuple[list[str], list[list]]:
    """Column names (stable, English, machine-readable) and one row per pilot; never the
    internal notes."""
    rates = selectors.rates_for(network=network)
    rows = []
    for pilot in (
        selectors.network_pilots(network=network)
        .select_related("city", "theme")
        .order_by("city__name", "title")
    ):
        rows.append(
            [
                pilot.slug,
                pilot.title,
                pilot.city.name,
                pilot.city.country.code,
                pilot.theme.slug,
                pilot.status,
                pilot.start,
                pilot.end,
                pilot.funding_source,
                pilot.currency,
                pilot.budget_amount,
                pilot.spent_amount,
                selectors.to_eur(pilot.budget_amount, pilot.currency, rates),
                pilot.people_reached,
                pilot.current_decision_kind or "",
                pilot.current_decision_on,
                "; ".join(pilot.partner_list),
                pilot.problem,
                pilot.hypothesis,
            ]
        )
    return [name for name, _ in COLUMNS], rows


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return value


def portfolio_csv(*, network) -> str:
    header, rows = portfolio_rows(network=network)
    money = _money_columns(header)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            [
                amount_text(value, money[i](row))
                if i in money and value is not None
                # Escaped before it becomes text: only what was text is touched.
                else _plain(neutralised(value))
                for i, value in enumerate(row)
            ]
        )
    return out.getvalue()


def portfolio_xlsx(*, network) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    header, rows = portfolio_rows(network=network)
    money = _money_columns(header)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("pilots")
    sheet.append(header)
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            if i in money and value is not None:
                # A number, so the sheet can sum it, shown with its currency's decimals.
                cell = WriteOnlyCell(sheet, value=Decimal(value))
                cell.number_format = number_format(money[i](row), value)
                cells.append(cell)
            else:
                cells.append("" if value is None else neutralised(value))
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


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
