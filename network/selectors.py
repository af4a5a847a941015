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


def workspace_context(*, user) -> dict:
    """What a signed-in person sees first: their city, its team and what to do next."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from .permissions import user_city_id, user_person

    person = user_person(user)
    city_id = user_city_id(user)
    city = City.objects.filter(pk=city_id).first() if city_id else None
    context = {"person": person, "city": city, "team": [], "next_steps": []}
    if city is None:
        return context
    context["team"] = list(city.people.order_by("role", "name"))
    edit_url = reverse("wagtailsnippets_network_city:edit", args=[city.pk])
    context["next_steps"] = [
        {
            "title": _("Complete your city's profile: description, population and its year"),
            "url": edit_url,
            "done": bool(city.description and city.population_year),
        },
        {
            "title": _("Check who is in your city team"),
            "url": reverse("wagtailsnippets_network_person:list") + f"?city={city.pk}",
            "done": len(context["team"]) > 1,
        },
    ]
    return context
