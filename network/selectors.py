"""Reads of the network's records. Every query here is flat: its count does not grow with data."""

from django.db.models import Count, QuerySet, Sum

from .models import City, Membership, Network, Person


def network_default() -> Network | None:
    """The network the public site shows when a page does not name one: the latest cycle."""
    return Network.objects.order_by("-cycle_start").first()


def network_memberships(*, network: Network) -> QuerySet[Membership]:
    return network.memberships.select_related("city").order_by("city__name")


def network_member_cities(*, network: Network) -> QuerySet[City]:
    return City.objects.filter(
        memberships__network=network, memberships__status__in=Membership.MEMBER_STATUSES
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
        network.memberships.filter(
            public_since__isnull=False, status__in=Membership.MEMBER_STATUSES
        )
        .select_related("city")
        .order_by("-public_since", "city__name")[:limit]
    )


def city_memberships(*, city: City) -> QuerySet[Membership]:
    return city.memberships.select_related("network").order_by("-network__cycle_start")


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
