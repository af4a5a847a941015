"""Reads of the learning journey, each in a fixed number of queries whatever the data size."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from network import permissions
from network.models import City, Membership
from network.selectors import network_member_cities, page_network, public_city_ids

from . import pairing, ranking
from .models import (
    CriticalFriendPairing,
    Domain,
    Event,
    MaturityAssessment,
    NeedExpression,
    Quarter,
    Reflection,
    Registration,
    Topic,
)

# Kinds whose attendance the network reports as "participants in trainings and transnational
# meetings".
RANKING_SHOWN = 8
REPORTED_KINDS = (Event.Kind.TRAINING, Event.Kind.TRANSNATIONAL_MEETING)


def latest_levels(*, cities=None, network=None) -> dict:
    """city id -> {domain: level}, from each city's latest assessment of each domain."""
    assessments = MaturityAssessment.objects.order_by("assessed_on", "pk")
    if network is not None:
        assessments = assessments.filter(
            city__memberships__network=network,
            city__memberships__status__in=Membership.MEMBER_STATUSES,
        )
    if cities is not None:
        assessments = assessments.filter(city__in=cities)
    levels = {}
    for city_id, domain, level in assessments.values_list("city_id", "domain", "level"):
        levels.setdefault(city_id, {})[domain] = level
    return levels


def quarter_ranking(*, quarter: Quarter, public=False) -> list[ranking.RankedTopic]:
    """The Borda ranking of the quarter's needs, over the backlog's waiting topics and every
    topic a city asked for; ``public``: of the cities the public may see only."""
    needs = NeedExpression.objects.filter(quarter=quarter)
    if public:
        needs = needs.filter(city__in=public_city_ids(network=quarter.network))
    needs = list(needs.select_related("city", "topic").order_by("city__name", "rank"))
    topics = {topic.pk: topic for topic in quarter.network.topics.filter(status="waiting")}
    rankings, reasons, cities = {}, {}, {}
    for need in needs:
        topics[need.topic_id] = need.topic
        cities[need.city_id] = need.city
        rankings.setdefault(need.city, []).append(need.topic)
        reasons[need.city, need.topic] = need.reason
    levels = None
    if quarter.weight_least_mature:
        by_city = latest_levels(cities=list(cities))
        levels = {
            (city, topic): by_city.get(city.pk, {}).get(topic.domain)
            for city, ranked in rankings.items()
            for topic in ranked
            if topic.domain
        }
    titles = {topic: topic.title for topic in topics.values()}
    return ranking.borda(rankings, titles=titles, levels=levels, reasons=reasons)


def why_first(ranked: list[ranking.RankedTopic]) -> str:
    """One sentence saying why the first topic is first."""
    if not ranked or not ranked[0].votes:
        return _("No city has ranked its needs yet.")
    first = ranked[0]
    points = f"{first.points:g}"
    text = _(
        "%(title)s is first with %(points)s points from %(cities)d cities; "
        "%(first)d of them ranked it first."
    ) % {
        "title": first.title,
        "points": points,
        "cities": first.cities,
        "first": first.first_choices,
    }
    second = ranked[1] if len(ranked) > 1 else None
    if second is None or first.ahead_by == "points":
        return text
    tie = {
        "first_choices": _("It ties on points with %(other)s and more cities ranked it first."),
        "cities": _(
            "It ties on points and first choices with %(other)s and more cities asked for it."
        ),
        "title": _(
            "It ties with %(other)s on points, first choices and cities; the title decides."
        ),
    }[first.ahead_by]
    return f"{text} {tie % {'other': second.title}}"


def open_quarters(*, network):
    """Quarters whose topic is not chosen yet: the cities rank their needs for them."""
    return Quarter.objects.filter(network=network, topic__isnull=True).order_by("start")


def city_ranking(*, city, quarter) -> list[NeedExpression]:
    return list(
        NeedExpression.objects.filter(city=city, quarter=quarter)
        .select_related("topic")
        .order_by("rank")
    )


def missing_reflections(*, quarter: Quarter) -> dict:
    """Member cities that have, and have not, reflected on the quarter."""
    cities = list(network_member_cities(network=quarter.network))
    reflected = {
        r.city_id: r for r in Reflection.objects.filter(quarter=quarter).select_related("author")
    }
    return {
        "missing": [city for city in cities if city.pk not in reflected],
        "done": [(city, reflected[city.pk]) for city in cities if city.pk in reflected],
    }


def maturity_matrix(*, network) -> dict:
    cities = list(network_member_cities(network=network))
    levels = latest_levels(network=network)
    rows = [
        {"city": city, "levels": [levels.get(city.pk, {}).get(d) for d in Domain.values]}
        for city in cities
    ]
    return {"domains": Domain.choices, "rows": rows}


# --- Public pages ------------------------------------------------------------------------------


def learning_page_context(*, page) -> dict:
    network = page_network(page)
    if network is None:
        return {}
    today = timezone.localdate()
    topics = list(network.topics.select_related("theme").order_by("status", "title"))
    shown_needs = Q(needs__city__in=public_city_ids(network=network))
    quarters = list(
        Quarter.objects.filter(network=network)
        .select_related("topic", "kickoff_event", "learning_guide", "learning_guide_page")
        .annotate(
            reflections_count=Count(
                "reflections",
                filter=Q(reflections__city__in=public_city_ids(network=network)),
                distinct=True,
            ),
            askers=Count(
                "needs__city",
                filter=Q(needs__topic=F("topic")) & shown_needs,
                distinct=True,
            ),
            ranking_cities=Count("needs__city", filter=shown_needs, distinct=True),
        )
        .order_by("start")
    )
    current = next((q for q in quarters if q.topic_id and q.start <= today <= q.end), None)
    upcoming = next((q for q in quarters if q.topic_id is None), None)
    past = [q for q in quarters if q.topic_id and q.end < today]
    past.reverse()
    focus = current or upcoming
    focus_ranking = quarter_ranking(quarter=focus, public=True) if focus else []
    shown = [entry for entry in focus_ranking if entry.votes][:RANKING_SHOWN]
    top = max((entry.points for entry in shown), default=1) or 1
    backlog = {status: [] for status in Topic.Status.values}
    for topic in topics:
        backlog[topic.status].append(topic)
    return {
        "network": network,
        "backlog": [(Topic.Status(s).label, s, backlog[s]) for s in Topic.Status.values],
        "current": current,
        "upcoming": upcoming,
        "past": past,
        "focus_ranking": shown,
        "ranking_chart": [
            {"entry": entry, "y": 10 + i * 28, "width": round(entry.points / top * 330)}
            for i, entry in enumerate(shown)
        ],
        "chart_height": 20 + len(shown) * 28,
        "why_first": why_first(focus_ranking) if focus else "",
        "participants": reported_participants(network=network),
        "events_page": _events_page(page),
    }


def _events_page(learning_page):
    from .models import EventsPage

    # Both are section pages, whose parent can only be the network's home page.
    return EventsPage.objects.live().sibling_of(learning_page).first()


def public_attendance(*, network):
    """Recorded attendance at the network's trainings and transnational meetings, of people
    with no city (secretariat, experts) or of a city the public may see."""
    return Registration.objects.filter(
        Q(person__city__isnull=True) | Q(person__city__in=public_city_ids(network=network)),
        event__network=network,
        event__kind__in=REPORTED_KINDS,
        attended=True,
    )


def reported_participants(*, network) -> int:
    """Unique people who attended a training or a transnational meeting of the network."""
    return public_attendance(network=network).values("person").distinct().count()


def viewer_zone(*, request, cities) -> City | None:
    """The city whose zone times are shown in: the one chosen, else the signed-in person's."""
    slug = request.GET.get("zone", "")
    if slug:
        return next((city for city in cities if city.slug == slug), None)
    person = permissions.user_person(request.user)
    if person is not None and person.city_id:
        return next((city for city in cities if city.pk == person.city_id), None)
    return None


def local_time(moment: datetime, zone_name: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone_name))


def utc_offset(moment: datetime) -> str:
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def events_for_network(*, network):
    """The network's events as the public sees them: none hosted by a city not yet public."""
    return (
        Event.objects.filter(
            Q(host_city__isnull=True) | Q(host_city__in=public_city_ids(network=network)),
            network=network,
        )
        .select_related("topic", "host_city", "facilitator")
        .annotate(
            registered=Count("registrations", distinct=True),
            attended_count=Count(
                "registrations", filter=Q(registrations__attended=True), distinct=True
            ),
        )
    )


PAST_EVENTS_SHOWN = 40


def events_page_context(*, page, request) -> dict:
    network = page_network(page)
    if network is None:
        return {}
    cities = list(network_member_cities(network=network))
    zone_city = viewer_zone(request=request, cities=cities)
    now = timezone.now()
    events = events_for_network(network=network)
    upcoming = list(events.filter(end__gte=now).order_by("start"))
    past = list(events.filter(end__lt=now).order_by("-start")[:PAST_EVENTS_SHOWN])
    for event in [*upcoming, *past]:
        zone = zone_city.timezone if zone_city else event.timezone
        event.local_zone = zone
        event.local_offset = utc_offset(local_time(event.start, zone))
    return {
        "network": network,
        "cities": cities,
        "zone_city": zone_city,
        "upcoming": upcoming,
        "past": past,
        "past_total": events.filter(end__lt=now).count(),
        "participants": reported_participants(network=network),
    }


def city_learning(*, city) -> dict:
    """What the city page shows of the learning journey: its confirmed critical friends."""
    pairings = list(
        CriticalFriendPairing.objects.filter(
            Q(city_a=city) | Q(city_b=city) | Q(city_c=city), confirmed=True
        )
        .select_related("city_a", "city_b", "city_c")
        .order_by("stage")
    )
    return {
        "city": city,
        "pairings": [
            {"pairing": p, "friends": [c for c in p.cities if c.pk != city.pk]} for p in pairings
        ],
    }


# --- Critical friends --------------------------------------------------------------------------


def pairing_history(*, network, before_stage: int) -> dict:
    history = {}
    rows = CriticalFriendPairing.objects.filter(
        network=network, stage__lt=before_stage, confirmed=True
    ).values_list("city_a_id", "city_b_id", "city_c_id")
    for row in rows:
        ids = [i for i in row if i]
        for index, a in enumerate(ids):
            for b in ids[index + 1 :]:
                key = frozenset((a, b))
                history[key] = history.get(key, 0) + 1
    return history


def stages(*, network) -> list[dict]:
    pairings = list(
        CriticalFriendPairing.objects.filter(network=network)
        .select_related("city_a", "city_b", "city_c")
        .order_by("stage", "city_a__name")
    )
    result = {}
    for p in pairings:
        stage = result.setdefault(
            p.stage, {"stage": p.stage, "name": p.stage_name, "pairings": [], "confirmed": True}
        )
        stage["pairings"].append(p)
        stage["confirmed"] = stage["confirmed"] and p.confirmed
    return list(result.values())


def pairing_reasons(group: pairing.Group, *, swapped: bool = False) -> dict:
    """The facts a pairing is shown with (CriticalFriendPairing.why words them)."""
    return {
        "gaps": [[domain, strong, weak] for domain, strong, weak, _gap in group.gaps[:2]],
        "score": group.score,
        "repeats": group.repeats,
        "swapped": swapped,
    }


def city_events(*, network, city):
    """A city's calendar: the events it hosts, the network-wide ones (no host), and those its
    people registered for."""
    from django.db.models import Exists, OuterRef

    registered = Registration.objects.filter(event=OuterRef("pk"), person__city=city)
    return events_for_network(network=network).filter(
        Q(host_city=city) | Q(host_city__isnull=True) | Q(Exists(registered))
    )


def reflection_closes_on(quarter, following=None):
    """The last day a city can still reflect on a quarter: reflections come once the quarter is
    lived, so the window stays open through the next quarter (or a quarter's length)."""
    if following is not None:
        return following.end
    return quarter.end + (quarter.end - quarter.start)


def workspace_section(*, user, city):
    """What the learning journey expects of a city team: rank needs, assess maturity, reflect.

    A quarter's tasks close with it: once a quarter has begun its topic can no longer be ranked,
    and a reflection left unwritten past its window is missed, not still to do."""
    from django.urls import reverse

    from network.models import Network

    network = Network.objects.filter(quarters__isnull=False, memberships__city=city).first()
    if network is None:
        return None
    today = timezone.localdate()
    cycle_over = network.cycle_end is not None and network.cycle_end < today
    quarters = list(Quarter.objects.filter(network=network).order_by("start"))
    ranked = set(
        NeedExpression.objects.filter(city=city).values_list("quarter_id", flat=True).distinct()
    )
    reflected = set(Reflection.objects.filter(city=city).values_list("quarter_id", flat=True))
    steps = [
        {
            "title": _("Assess your maturity in each domain"),
            "url": reverse("learning_maturity_edit", args=[city.pk]),
            "done": MaturityAssessment.objects.filter(city=city).exists(),
        }
    ]
    for position, quarter in enumerate(quarters):
        following = quarters[position + 1] if position + 1 < len(quarters) else None
        if quarter.topic_id is None:
            done = quarter.pk in ranked
            closed = cycle_over or quarter.start <= today
            steps.append(
                {
                    "title": _("Rank the topics you need for %(quarter)s") % {"quarter": quarter},
                    "url": None
                    if closed and not done
                    else reverse("learning_needs", args=[quarter.pk, city.pk]),
                    "done": done,
                    "closed": closed,
                }
            )
        elif quarter.start <= today and quarter.pk not in reflected:
            closed = reflection_closes_on(quarter, following) < today
            steps.append(
                {
                    "title": _("Reflect on %(quarter)s") % {"quarter": quarter},
                    "url": None
                    if closed
                    else reverse("learning_reflect", args=[quarter.pk, city.pk]),
                    "done": False,
                    "closed": closed,
                }
            )
    return {"title": _("Learning journey"), "steps": steps, "warnings": []}
