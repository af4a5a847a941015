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


def city_memberships(*, city: City) -> QuerySet[Membership]:
    return city.memberships.select_related("network").order_by("-network__cycle_start")


def city_public_people(*, city: City) -> QuerySet[Person]:
    return city.people.filter(consent_to_be_listed=True).order_by("role", "name")
