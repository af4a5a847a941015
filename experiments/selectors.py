"""Reads of pilots: the portfolio and its totals, a pilot's page, exports. Every query is flat:
its count does not grow with the number of cities or pilots."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from baobab import charts
from network import permissions
from network.formatting import format_amount
from network.models import City, Theme
from network.selectors import public_city_ids

from .models import Decision, ExchangeRate, Indicator, IndicatorValue, Pilot

CENT = Decimal("0.01")
# How many cities the city chart names; the rest are added up in one bar, so the chart stays
# readable (and the page light) in a network of hundreds of cities.
CHART_CITIES = 10
PAGE_SIZE = 20


# Exchange rates ------------------------------------------------------------------------------


def rates_for(*, network, on=None) -> dict[str, ExchangeRate]:
    """Each currency's latest rate on or before ``on`` (today by default); a currency with
    only later rates uses its earliest one. EUR is always 1."""
    on = on or timezone.localdate()
    rates: dict[str, ExchangeRate] = {}
    for rate in ExchangeRate.objects.filter(network=network).order_by("currency", "-date"):
        current = rates.get(rate.currency)
        # Newest first: keep the first rate not after ``on``, else fall back to earlier ones.
        if current is None or current.date > on:
            rates[rate.currency] = rate
    return rates


def to_eur(amount: Decimal, currency: str, rates: dict) -> Decimal | None:
    if currency == "EUR":
        return amount.quantize(CENT)
    rate = rates.get(currency)
    return None if rate is None else (amount * rate.rate_to_eur).quantize(CENT)


# Totals --------------------------------------------------------------------------------------


@dataclass
class Totals:
    """Budgets and amounts spent per currency, their EUR equivalent, people reached."""

    pilots: int = 0
    people: int = 0
    by_currency: dict = field(default_factory=dict)  # code -> {"budget", "spent", "pilots"}
    budget_eur: Decimal = Decimal(0)
    spent_eur: Decimal = Decimal(0)
    unconverted: list = field(default_factory=list)  # currencies without a rate

    def add(self, currency, budget, spent, pilots, people):
        row = self.by_currency.setdefault(
            currency, {"budget": Decimal(0), "spent": Decimal(0), "pilots": 0}
        )
        row["budget"] += budget or 0
        row["spent"] += spent or 0
        row["pilots"] += pilots
        self.pilots += pilots
        self.people += people or 0

    def convert(self, rates) -> "Totals":
        self.budget_eur = self.spent_eur = Decimal(0)
        self.unconverted = []
        for currency, row in sorted(self.by_currency.items()):
            budget = to_eur(row["budget"], currency, rates)
            if budget is None:
                self.unconverted.append(currency)
                continue
            row["budget_eur"] = budget
            row["spent_eur"] = to_eur(row["spent"], currency, rates)
            row["rate"] = rates.get(currency)
            self.budget_eur += budget
            self.spent_eur += row["spent_eur"]
        return self

    @property
    def currencies(self) -> list[tuple[str, dict]]:
        return sorted(self.by_currency.items())


def _grouped(queryset, *keys):
    return (
        queryset.order_by()
        .values(*keys, "currency")
        .annotate(
            budget=Sum("budget_amount"),
            spent=Sum("spent_amount"),
            pilots=Count("pk"),
            people=Sum("people_reached"),
        )
    )


def portfolio_totals(*, pilots, rates) -> Totals:
    totals = Totals()
    for row in _grouped(pilots):
        totals.add(row["currency"], row["budget"], row["spent"], row["pilots"], row["people"])
    return totals.convert(rates)


# Filters -------------------------------------------------------------------------------------


NO_DECISION = "none"


def filter_pilots(pilots, *, city=None, theme=None, status=None, decision=None):
    """``city`` and ``theme`` are slugs; ``decision`` a Decision.Kind or "none"."""
    if city:
        pilots = pilots.filter(city__slug=city)
    if theme:
        pilots = pilots.filter(theme__slug=theme)
    if status:
        pilots = pilots.filter(status=status)
    if decision == NO_DECISION:
        pilots = pilots.filter(current_decision_kind__isnull=True)
    elif decision:
        pilots = pilots.filter(current_decision_kind=decision)
    return pilots


def network_pilots(*, network):
    """The network's pilots the public may see: those of its public cities
    (network.selectors.public_memberships). Pages, exports, open data and figures read these."""
    return Pilot.objects.filter(
        network=network, city__in=public_city_ids(network=network)
    ).with_current_decision()


# Charts --------------------------------------------------------------------------------------


def bar_chart(rows: list[dict]) -> dict | None:
    """Bars of ``rows`` [{"label", "value"}] in euros."""
    return charts.bar_chart(
        [(row["label"], row["value"]) for row in rows],
        text=lambda value: format_amount(value, "EUR"),
    )


def _in_eur(grouped_rows, key, rates) -> dict:
    """Sum per ``key`` of budgets converted to EUR, with pilots and people reached."""
    sums = defaultdict(lambda: {"value": Decimal(0), "pilots": 0, "people": 0})
    for row in grouped_rows:
        entry = sums[row[key]]
        entry["value"] += to_eur(row["budget"] or Decimal(0), row["currency"], rates) or 0
        entry["pilots"] += row["pilots"]
        entry["people"] += row["people"] or 0
    return sums


def by_theme(*, pilots, rates, themes) -> list[dict]:
    sums = _in_eur(_grouped(pilots, "theme_id"), "theme_id", rates)
    return [
        {"label": theme.label, "slug": theme.slug, **sums[theme.pk]}
        for theme in themes
        if theme.pk in sums
    ]


def by_city(*, pilots, rates) -> list[dict]:
    grouped = list(_grouped(pilots, "city__name", "city__slug"))
    sums = _in_eur(grouped, "city__slug", rates)
    names = {row["city__slug"]: row["city__name"] for row in grouped}
    rows = sorted(
        ({"label": names[slug], "slug": slug, **sums[slug]} for slug in sums),
        key=lambda row: (-row["value"], row["label"]),
    )
    if len(rows) <= CHART_CITIES + 1:
        return rows
    rest = rows[CHART_CITIES:]
    other = {
        "label": _("%(count)d other cities") % {"count": len(rest)},
        "slug": "",
        "value": sum(row["value"] for row in rest),
        "pilots": sum(row["pilots"] for row in rest),
        "people": sum(row["people"] for row in rest),
    }
    return [*rows[:CHART_CITIES], other]


# Pages ---------------------------------------------------------------------------------------


def portfolio_context(*, network, filters: dict, themes: list[Theme], page_number=1) -> dict:
    from django.core.paginator import Paginator

    rates = rates_for(network=network)
    everything = network_pilots(network=network)
    chosen = filter_pilots(everything, **filters)
    listing = chosen.select_related("city", "theme").order_by("city__name", "title")
    paginator = Paginator(listing, PAGE_SIZE)
    pilots_page = paginator.get_page(page_number)
    theme_rows = by_theme(pilots=chosen, rates=rates, themes=themes)
    city_rows = by_city(pilots=chosen, rates=rates)
    return {
        "network": network,
        "rates": sorted(rates.values(), key=lambda rate: rate.currency),
        "totals": portfolio_totals(pilots=chosen, rates=rates),
        "pilots_page": pilots_page,
        "themes": themes,
        "by_theme": theme_rows,
        "by_city": city_rows,
        "theme_chart": bar_chart(theme_rows),
        "city_chart": bar_chart(city_rows),
    }


def filter_cities(*, network):
    return (
        City.objects.filter(pilots__network=network, pk__in=public_city_ids(network=network))
        .distinct()
        .order_by("name")
    )


# A pilot's page ------------------------------------------------------------------------------

CHART_W, CHART_H, CHART_TOP, CHART_BOTTOM, CHART_LEFT = 520, 200, 16, 40, 48


def indicator_chart(indicator: Indicator) -> dict | None:
    """Target and actual side by side for each period, on one scale from zero."""
    values = list(indicator.values.all())
    if not values:
        return None
    numbers = [v for value in values for v in (value.actual, value.target) if v is not None]
    top = max([*numbers, indicator.target or 0, Decimal(0)]) or Decimal(1)
    plot_h = CHART_H - CHART_TOP - CHART_BOTTOM
    slot = (CHART_W - CHART_LEFT - 8) / len(values)
    bar_w = max(min(slot / 3, 40), 4)

    def height(number):
        return round(float(number / top) * plot_h, 1) if number else 0

    groups = []
    for index, value in enumerate(values):
        x = CHART_LEFT + index * slot + (slot - 2 * bar_w) / 2
        group = {"value": value, "label_x": round(CHART_LEFT + index * slot + slot / 2, 1)}
        for key, offset in (("target", 0), ("actual", bar_w)):
            number = getattr(value, key)
            h = height(number) if number is not None else None
            group[key] = (
                None
                if h is None
                else {"x": round(x + offset, 1), "y": round(CHART_TOP + plot_h - h, 1), "h": h}
            )
        groups.append(group)
    return {
        "groups": groups,
        "bar_w": round(bar_w, 1),
        "width": CHART_W,
        "height": CHART_H,
        "base_y": CHART_TOP + plot_h,
        "left": CHART_LEFT,
        "top_label": top.normalize(),
        "top_y": CHART_TOP,
        "label_y": CHART_H - CHART_BOTTOM + 16,
    }


def pilot_for_page(*, network, slug) -> Pilot | None:
    values = IndicatorValue.objects.order_by("period_start")
    decisions = Decision.objects.select_related("evidence_document").prefetch_related(
        "evidence_indicators"
    )
    return (
        Pilot.objects.filter(network=network, slug=slug, city__in=public_city_ids(network=network))
        .select_related("city", "theme")
        .prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.prefetch_related(Prefetch("values", queryset=values)),
            ),
            Prefetch("decisions", queryset=decisions.order_by("-decided_on", "-pk")),
        )
        .first()
    )


def pilot_context(*, pilot: Pilot, rates) -> dict:
    indicators = [
        {"indicator": indicator, "chart": indicator_chart(indicator)}
        for indicator in pilot.indicators.all()
    ]
    decisions = list(pilot.decisions.all())
    breakdown_sex = [
        (Pilot._meta.get_field(name).verbose_name, getattr(pilot, name))
        for name in Pilot.SEX_FIELDS
        if getattr(pilot, name) is not None
    ]
    breakdown_age = [
        (Pilot._meta.get_field(name).verbose_name, getattr(pilot, name))
        for name in Pilot.AGE_FIELDS
        if getattr(pilot, name) is not None
    ]
    return {
        "pilot": pilot,
        "indicators": indicators,
        "decisions": decisions,
        "current_decision": decisions[0] if decisions else None,
        "budget_eur": to_eur(pilot.budget_amount, pilot.currency, rates),
        "spent_eur": to_eur(pilot.spent_amount, pilot.currency, rates),
        "rate": rates.get(pilot.currency),
        "breakdown_sex": breakdown_sex,
        "breakdown_age": breakdown_age,
    }


def city_pilots(*, city) -> list[Pilot]:
    return list(
        Pilot.objects.filter(city=city)
        .with_current_decision()
        .select_related("theme")
        .order_by("-start", "title")
    )


# Exports -------------------------------------------------------------------------------------


def export_pilots(*, network):
    """Every pilot of the network with what the exports need, in three queries."""
    return (
        network_pilots(network=network)
        .select_related("city", "theme", "network")
        .prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.prefetch_related(
                    Prefetch("values", queryset=IndicatorValue.objects.order_by("period_start"))
                ),
            )
        )
        .order_by("city__name", "title")
    )


# The city workspace --------------------------------------------------------------------------


def workspace_section(*, user, city):
    from django.urls import reverse

    pilots = city_pilots(city=city)
    can_add = permissions.is_secretariat(user) or permissions.user_city_id(user) == city.pk
    steps = [
        {
            "title": pilot.title,
            "url": reverse("experiments_pilot_record", args=[pilot.pk]),
            "done": pilot.current_decision_kind is not None,
            "detail": Decision.Kind(pilot.current_decision_kind).label
            if pilot.current_decision_kind
            else pilot.get_status_display(),
        }
        for pilot in pilots
    ]
    if can_add:
        steps.append(
            {
                "title": _("Add a pilot"),
                "url": reverse("wagtailsnippets_experiments_pilot:add"),
                "done": bool(pilots),
            }
        )
    return {"title": _("Pilots"), "steps": steps, "warnings": []}


def decided_pilots(*, network, kinds) -> list[Pilot]:
    """Pilots of ``network`` whose latest decision is one of ``kinds``: what a roadmap scales."""
    return list(
        Pilot.objects.filter(network=network)
        .decided(*kinds)
        .select_related("city", "theme")
        .order_by("city__name", "title")
    )


def open_datasets(*, network):
    from django.urls import reverse

    from .opendata import Dataset

    return [
        Dataset(
            title=_("Pilot portfolio (CSV)"),
            description=_(
                "Every pilot of %(network)s: city, theme, status, dates, budget and its EUR "
                "equivalent, people reached, current decision."
            )
            % {"network": network.name},
            format="CSV",
            url=reverse("experiments_pilots_csv", args=[network.slug]),
        ),
        Dataset(
            title=_("Pilot portfolio (XLSX)"),
            description=_("The same table as a spreadsheet."),
            format="XLSX",
            url=reverse("experiments_pilots_xlsx", args=[network.slug]),
        ),
        Dataset(
            title=_("Pilots as IATI activities"),
            description=_(
                "Each pilot as an activity of the International Aid Transparency Initiative "
                "standard 2.03: organisations, status, dates, country, sector, budget, "
                "indicators with targets and actual values."
            ),
            format="IATI 2.03 XML",
            url=reverse("experiments_iati", args=[network.slug]),
        ),
    ]
