"""Key figures of a network, each computed from the records, with the rows behind it.

Every figure is a ``Figure``: its value, the date it holds for (the latest record it counts),
and breakdowns by city, phase and year. Each is computed with aggregates in SQL, in a fixed
number of queries whatever the number of cities, events or attendance rows.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, Min, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from experiments import selectors as pilot_selectors
from experiments.models import Pilot
from knowledge.selectors import published_items
from learning.models import Event
from learning.selectors import REPORTED_KINDS, public_attendance
from network.selectors import public_city_ids, public_memberships
from programme.models import CityDeliverable, Deliverable, Phase

from .models import ReuseRecord

# The four the home page shows, in this order.
HEADLINE = ("participants", "reuse", "invested", "people_reached")
KEYS = (*HEADLINE, "action_plans", "events", "knowledge")

LABELS = {
    "participants": _("Participants in trainings and transnational meetings"),
    "reuse": _("Member cities reusing the programme's methods and tools"),
    "invested": _("Invested in experiments (EUR)"),
    "people_reached": _("People reached by the pilots"),
    "action_plans": _("Local action plans validated by their city council"),
    "events": _("Events held"),
    "knowledge": _("Knowledge items published"),
}
HOW = {
    "participants": _(
        "Unique people with recorded attendance at a training or a transnational meeting; "
        "a person at several events counts once."
    ),
    "reuse": _(
        "Cities of the cycle (a withdrawn city counts as history) with at least one reuse "
        "record; the share is rounded to the nearest ten per cent, the exact count beside it."
    ),
    "invested": _("Pilot budgets, each converted to euros at the latest recorded rate."),
    "people_reached": _("People reached, as each pilot reports them."),
    "action_plans": _(
        "Local action plans approved by their city council, out of the plans submitted to it."
    ),
    "events": _("Events of the network that have started."),
    "knowledge": _("Knowledge items published, per language; an item counts once overall."),
}


@dataclass
class Figure:
    key: str
    value: int | Decimal
    as_of: date | None
    total: int | None = None  # the denominator of a share or "x of y"
    by_city: list = field(default_factory=list)  # [(label, value)]
    by_phase: list = field(default_factory=list)
    by_year: list = field(default_factory=list)
    by_language: list = field(default_factory=list)

    @property
    def label(self):
        return LABELS[self.key]

    @property
    def how(self):
        return HOW[self.key]

    @property
    def percent(self) -> int | None:
        """The share, rounded to the nearest ten per cent (as the network reports it)."""
        if not self.total:
            return None
        exact = Decimal(self.value) * 100 / self.total
        return int((exact / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 10)

    @property
    def exact_percent(self) -> Decimal | None:
        if not self.total:
            return None
        return (Decimal(self.value) * 100 / self.total).quantize(Decimal("0.1"))


def _day(value) -> date | None:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _rows(queryset, key, value="n"):
    return [(row[key], row[value] or 0) for row in queryset]


def _grouped(queryset, field, measure):
    """``measure`` per value of ``field``, in that field's order: one query."""
    return _rows(queryset.values(field).annotate(n=measure).order_by(field), field)


def _by_year(queryset, date_field, measure):
    return _grouped(queryset.annotate(year=ExtractYear(date_field)), "year", measure)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _during(date_field, start: date, end: date) -> Q:
    """``date_field`` from day ``start`` to day ``end``, both included. On the date of a
    date-time (``start__date``), as the instants from the first midnight to the one after the
    last day: the same rows as taking each one's date, with no function run on every row (which
    SQLite runs in Python, row by row, and which keeps any database from using an index)."""
    if date_field.endswith("__date"):
        instant = date_field.removesuffix("__date")
        return Q(
            **{
                f"{instant}__gte": _midnight(start),
                f"{instant}__lt": _midnight(end + timedelta(days=1)),
            }
        )
    return Q(**{f"{date_field}__range": (start, end)})


def _count_by_year_of_instant(queryset, instant_field, measure, first, last):
    """A count per year of a date-time field, years from ``first`` to ``last`` (the earliest
    and latest instants counted): as _by_year, one query, but with a range per year rather
    than the year of every row (see _during). Years with nothing are left out, as there."""
    if first is None:
        return []
    years = range(timezone.localtime(first).year, timezone.localtime(last).year + 1)
    values = queryset.order_by().aggregate(
        **{
            f"year_{year}": measure(
                _during(f"{instant_field}__date", date(year, 1, 1), date(year, 12, 31))
            )
            for year in years
        }
    )
    return [(year, values[f"year_{year}"]) for year in years if values[f"year_{year}"]]


def _by_phase(queryset, *, phases, date_field, measure):
    """One aggregate query: ``measure`` (a function of a Q filter) for each phase's dates."""
    if not phases:
        return []
    names = {f"phase_{phase.pk}": phase for phase in phases}
    values = queryset.order_by().aggregate(
        **{
            name: measure(_during(date_field, phase.start, phase.end))
            for name, phase in names.items()
        }
    )
    return [(phase.label, values[name] or 0) for name, phase in names.items()]


def network_phases(*, network) -> list[Phase]:
    return list(Phase.objects.filter(network=network).order_by("start", "end"))


# --- The figures ---------------------------------------------------------------------------------


def attendance_rows(*, network):
    return public_attendance(network=network)


def participants(*, network, phases, breakdowns=True) -> Figure:
    rows = attendance_rows(network=network).order_by()
    totals = rows.aggregate(
        n=Count("person", distinct=True), first=Min("event__start"), as_of=Max("event__start")
    )
    figure = Figure("participants", totals["n"], _day(totals["as_of"]))
    if breakdowns:
        figure.by_city = _grouped(rows, "person__city__name", Count("person", distinct=True))
        figure.by_year = _count_by_year_of_instant(
            rows,
            "event__start",
            lambda q: Count("person", distinct=True, filter=q),
            totals["first"],
            totals["as_of"],
        )
        figure.by_phase = _by_phase(
            rows,
            phases=phases,
            date_field="event__start__date",
            measure=lambda q: Count("person", distinct=True, filter=q),
        )
    return figure


def member_cities(*, network):
    """The cities every figure counts: the public ones (network.selectors), a withdrawn city
    as history."""
    return public_memberships(network=network)


def public_pilots(*, network):
    return Pilot.objects.filter(network=network, city__in=public_city_ids(network=network))


def reuse_rows(*, network):
    return ReuseRecord.objects.filter(network=network, city__in=public_city_ids(network=network))


def reuse(*, network, phases, breakdowns=True) -> Figure:
    rows = reuse_rows(network=network).order_by()
    # One query: members, and those of them with a reuse record in this network.
    in_network = Q(city__reuse_records__network=network)
    totals = member_cities(network=network).aggregate(
        total=Count("pk", distinct=True),
        n=Count("city", distinct=True, filter=in_network),
        as_of=Max("city__reuse_records__reused_on", filter=in_network),
    )
    figure = Figure("reuse", totals["n"], totals["as_of"], total=totals["total"])
    if breakdowns:
        figure.by_city = _grouped(rows, "city__name", Count("pk"))
        figure.by_year = _by_year(rows, "reused_on", Count("city", distinct=True))
        figure.by_phase = _by_phase(
            rows,
            phases=phases,
            date_field="reused_on",
            measure=lambda q: Count("city", distinct=True, filter=q),
        )
    return figure


def _eur_by(pilots, key, rates) -> list:
    """EUR totals of pilot budgets grouped by ``key``, converted per currency."""
    totals: dict = {}
    for row in pilots.order_by().values(key, "currency").annotate(budget=Sum("budget_amount")):
        amount = pilot_selectors.to_eur(row["budget"] or Decimal(0), row["currency"], rates)
        totals[row[key]] = totals.get(row[key], Decimal(0)) + (amount or 0)
    return sorted(totals.items(), key=lambda item: (item[0] is None, item[0]))


def _eur_by_phase(pilots, phases, rates) -> list:
    """EUR budgets of the pilots started in each phase: one query, grouped by currency."""
    if not phases:
        return []
    names = {f"phase_{phase.pk}": phase for phase in phases}
    sums = {
        name: Sum("budget_amount", filter=Q(start__range=(phase.start, phase.end)))
        for name, phase in names.items()
    }
    totals = dict.fromkeys(names, Decimal(0))
    for row in pilots.order_by().values("currency").annotate(**sums):
        for name in names:
            amount = pilot_selectors.to_eur(row[name] or Decimal(0), row["currency"], rates)
            totals[name] += amount or 0
    return [(phase.label, totals[name]) for name, phase in names.items()]


def invested(*, network, phases, rates, breakdowns=True) -> Figure:
    pilots = pilot_selectors.network_pilots(network=network)
    totals = pilot_selectors.portfolio_totals(pilots=pilots, rates=rates)
    figure = Figure("invested", totals.budget_eur, None)
    if breakdowns:
        # The date is shown with the breakdowns only: the home page spares the query.
        figure.as_of = _day(pilots.order_by().aggregate(as_of=Max("updated_at"))["as_of"])
        base = public_pilots(network=network)
        figure.by_city = _eur_by(base, "city__name", rates)
        figure.by_year = _eur_by(base.annotate(year=ExtractYear("start")), "year", rates)
        figure.by_phase = _eur_by_phase(base, phases, rates)
    return figure


def people_reached(*, network, phases, breakdowns=True) -> Figure:
    pilots = public_pilots(network=network).order_by()
    totals = pilots.aggregate(n=Sum("people_reached"), as_of=Max("updated_at"))
    figure = Figure("people_reached", totals["n"] or 0, _day(totals["as_of"]))
    if breakdowns:
        figure.by_city = _grouped(pilots, "city__name", Sum("people_reached"))
        figure.by_year = _by_year(pilots, "start", Sum("people_reached"))
        figure.by_phase = _by_phase(
            pilots,
            phases=phases,
            date_field="start",
            measure=lambda q: Sum("people_reached", filter=q),
        )
    return figure


def action_plan_rows(*, network):
    return CityDeliverable.objects.filter(
        deliverable__phase__network=network,
        deliverable__kind=Deliverable.Kind.ACTION_PLAN,
        status__in=(CityDeliverable.Status.SUBMITTED, CityDeliverable.Status.APPROVED),
        city__in=public_city_ids(network=network),
    )


def action_plans(*, network, phases, breakdowns=True) -> Figure:
    rows = action_plan_rows(network=network).order_by()
    approved = Q(status=CityDeliverable.Status.APPROVED)
    totals = rows.aggregate(
        n=Count("pk", filter=approved), total=Count("pk"), as_of=Max("approved_on")
    )
    figure = Figure("action_plans", totals["n"], totals["as_of"], total=totals["total"])
    if breakdowns:
        figure.by_city = _grouped(rows, "city__name", Count("pk", filter=approved))
        figure.by_year = _by_year(rows.filter(approved), "approved_on", Count("pk"))
        figure.by_phase = _grouped(rows.filter(approved), "deliverable__phase__name", Count("pk"))
    return figure


def public_events(*, network):
    """The network's events, but none hosted by a city not yet public."""
    return Event.objects.filter(
        Q(host_city__isnull=True) | Q(host_city__in=public_city_ids(network=network)),
        network=network,
    )


def event_rows(*, network):
    return public_events(network=network).filter(start__lte=timezone.now())


def events(*, network, phases, breakdowns=True) -> Figure:
    rows = event_rows(network=network).order_by()
    totals = rows.aggregate(n=Count("pk"), first=Min("start"), as_of=Max("start"))
    figure = Figure("events", totals["n"], _day(totals["as_of"]))
    if breakdowns:
        figure.by_city = _grouped(rows, "host_city__name", Count("pk"))
        figure.by_year = _count_by_year_of_instant(
            rows, "start", lambda q: Count("pk", filter=q), totals["first"], totals["as_of"]
        )
        figure.by_phase = _by_phase(
            rows,
            phases=phases,
            date_field="start__date",
            measure=lambda q: Count("pk", filter=q),
        )
    return figure


def knowledge_rows():
    return published_items()


def knowledge(*, network, phases, breakdowns=True) -> Figure:
    rows = knowledge_rows().order_by()
    totals = rows.aggregate(
        n=Count("translation_key", distinct=True), as_of=Max("last_published_at")
    )
    figure = Figure("knowledge", totals["n"], _day(totals["as_of"]))
    if breakdowns:
        figure.by_language = _grouped(rows, "locale__language_code", Count("pk"))
        figure.by_year = _by_year(
            rows, "first_published_at", Count("translation_key", distinct=True)
        )
    return figure


def key_figures(*, network, keys=KEYS, breakdowns=True) -> dict[str, Figure]:
    """The figures named by ``keys``, in a fixed number of queries."""
    phases = network_phases(network=network) if breakdowns else []
    rates = pilot_selectors.rates_for(network=network) if {"invested"} & set(keys) else {}
    builders = {
        "participants": participants,
        "reuse": reuse,
        "invested": lambda **kw: invested(rates=rates, **kw),
        "people_reached": people_reached,
        "action_plans": action_plans,
        "events": events,
        "knowledge": knowledge,
    }
    return {
        key: builders[key](network=network, phases=phases, breakdowns=breakdowns) for key in keys
    }


def headline(*, network) -> list[Figure]:
    """The main four, values only: what the home page shows."""
    return list(key_figures(network=network, keys=HEADLINE, breakdowns=False).values())


# --- Charts and the rows behind each figure ------------------------------------------------------

CHART_ROWS = 10
PAGE_SIZE = 25
BREAKDOWNS = ("year", "city", "phase", "language")


def capped(rows: list, *, limit=CHART_ROWS) -> list:
    """At most ``limit`` rows, the largest first; the rest added up in one row, so a network of
    hundreds of cities still gives a readable chart and a light page."""
    if len(rows) <= limit + 1:
        return rows
    ordered = sorted(rows, key=lambda row: -row[1])
    rest = ordered[limit:]
    other = _("%(count)d others") % {"count": len(rest)}
    return [*ordered[:limit], (other, sum(value for _label, value in rest))]


def provenance_rows(*, network, key):
    """The public records behind figure ``key``, in a stable order; None for an unknown key.
    Nothing personal: attendance is shown as a count per event."""
    if key == "participants":
        counted = Q(registrations__in=attendance_rows(network=network))
        return (
            Event.objects.filter(network=network, kind__in=REPORTED_KINDS)
            .annotate(attendees=Count("registrations", filter=counted))
            .filter(attendees__gt=0)
            .select_related("host_city")
            .order_by("start", "pk")
        )
    if key == "reuse":
        return (
            reuse_rows(network=network)
            .select_related("city", "topic")
            .order_by("-reused_on", "city__name", "pk")
        )
    if key in ("invested", "people_reached"):
        return (
            public_pilots(network=network)
            .select_related("city")
            .order_by("city__name", "title", "pk")
        )
    if key == "action_plans":
        return action_plan_rows(network=network).select_related("city").order_by("city__name", "pk")
    if key == "events":
        return event_rows(network=network).select_related("host_city").order_by("start", "pk")
    if key == "knowledge":
        return knowledge_rows().select_related("locale").order_by("title", "pk")
    return None


# --- Offline knowledge packs -----------------------------------------------------------------


def offline_pack_languages(network) -> list[str]:
    """The packs a network offers: each language it publishes in, then all of them."""
    from .models import OfflinePack

    return [*network.languages, OfflinePack.ALL]


def offline_packs(*, network) -> list:
    """The packs of ``network`` that can be downloaded (a file stored), in offer order; a pack
    whose last build failed still offers its previous file."""
    from .models import OfflinePack

    order = offline_pack_languages(network)
    packs = [
        pack
        for pack in OfflinePack.objects.filter(network=network).exclude(file="")
        if pack.language in order
    ]
    return sorted(packs, key=lambda pack: order.index(pack.language))


def offline_pack(*, network, language: str):
    from .models import OfflinePack

    if language not in offline_pack_languages(network):
        return None
    return OfflinePack.objects.filter(network=network, language=language).exclude(file="").first()
