"""Reads of the network's records. Every query here is flat: its count does not grow with data."""

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from wagtail.models import Page

from .models import City, Membership, Network, Person


def page_network(page) -> Network | None:
    """The network of a page: the one named by the home page above it (None outside any).

    Every section page (programme, learning, pilots, roadmaps) asks this, so the rule for "which
    network is this page about" lives in one place, below the apps that ask."""
    ancestors = Page.objects.ancestor_of(page).values("pk")
    # Page paths sort shallowest first, as HomePage.objects.ancestor_of(page) did.
    return Network.objects.filter(home_pages__in=ancestors).order_by("home_pages__path").first()


def network_default() -> Network | None:
    """The network the public site shows when a page does not name one: the latest cycle."""
    return Network.objects.order_by("-cycle_start").first()


def network_memberships(*, network: Network) -> QuerySet[Membership]:
    return network.memberships.select_related("city").order_by("city__name")


# --- What of a city is public: the one rule every page, feed, export and figure applies -------
#
# | membership | what of the city is public                                               |
# |------------|--------------------------------------------------------------------------|
# | selected   | nothing: the city has not said yes yet                                   |
# | confirmed  | nothing until its public date (``public_since``) has come; then all it   |
# |            | published                                                                |
# | active     | all it published                                                         |
# | withdrawn  | what it published while a member, as history, if it was ever announced:  |
# |            | its pilots, plans and figures stay (money spent and people reached were  |
# |            | real, and links to them keep working), but it no longer counts as a      |
# |            | member city                                                              |


def _public_q(*, on=None, prefix="") -> Q:
    today = on or timezone.localdate()
    status = f"{prefix}status"
    announced = Q(**{f"{prefix}public_since__isnull": False, f"{prefix}public_since__lte": today})
    return Q(**{status: Membership.Status.ACTIVE}) | (
        Q(**{f"{status}__in": (Membership.Status.CONFIRMED, Membership.Status.WITHDRAWN)})
        & announced
    )


def public_memberships(*, network: Network | None = None, on=None) -> QuerySet[Membership]:
    """The memberships whose city the public may see (the rule above); of every network when
    ``network`` is None, e.g. for the knowledge library, which no single network owns."""
    memberships = Membership.objects.filter(_public_q(on=on))
    if network is not None:
        memberships = memberships.filter(network=network)
    return memberships


def public_city_ids(*, network: Network | None = None, on=None) -> QuerySet:
    """The ids of the cities the public may see, as a subquery: filter records with
    ``city__in=public_city_ids(network=...)``."""
    return public_memberships(network=network, on=on).values("city_id")


def city_is_public(*, city: City, network: Network | None = None, on=None) -> bool:
    return public_memberships(network=network, on=on).filter(city=city).exists()


def network_member_cities(*, network: Network) -> QuerySet[City]:
    """The network's member cities as the public sees them: announced, and not withdrawn."""
    return City.objects.filter(
        pk__in=public_memberships(network=network)
        .exclude(status=Membership.Status.WITHDRAWN)
        .values("city_id")
    ).order_by("name")


def network_figures(*, network: Network) -> dict:
    """Member cities and their combined population, computed from the membership records."""
    figures = network_member_cities(network=network).aggregate(
        cities=Count("id"), population=Sum("population")
    )
    return {"cities": figures["cities"], "population": figures["population"] or 0}


def network_announcements(*, network: Network, limit: int = 5) -> QuerySet[Membership]:
    """The latest memberships made public: the site announces each one."""
    return (
        public_memberships(network=network)
        .filter(public_since__isnull=False)
        .exclude(status=Membership.Status.WITHDRAWN)
        .select_related("city")
        .order_by("-public_since", "city__name")[:limit]
    )


def network_public_memberships(*, network: Network) -> QuerySet[Membership]:
    """The memberships the city index lists: every public one, withdrawn ones included."""
    return public_memberships(network=network).select_related("city").order_by("city__name")


def city_memberships(*, city: City) -> QuerySet[Membership]:
    """The city's public memberships, the latest cycle first."""
    return (
        city.memberships.filter(_public_q())
        .select_related("network")
        .order_by("-network__cycle_start")
    )


def city_public_people(*, city: City) -> QuerySet[Person]:
    return city.people.filter(consent_to_be_listed=True).order_by("role", "name")


def workspace_context(*, user) -> dict:
    """What a signed-in person sees first: their city, its team and what to do next."""
    from .permissions import user_city_id, user_person
    from .workspace import sections

    person = user_person(user)
    city_id = user_city_id(user)
    city = City.objects.filter(pk=city_id).first() if city_id else None
    team = list(city.people.order_by("role", "name")) if city else []
    return {
        "person": person,
        "city": city,
        "team": team,
        "sections": sections(user=user, city=city) if city else [],
    }
