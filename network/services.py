"""Writes to the network's records. Each validates in full and runs in one transaction."""

from django.db import transaction

from .models import City, Membership, Network, Person


def _save(instance):
    # full_clean runs field validators and constraints, so a service never stores what a form
    # would refuse.
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def network_upsert(*, slug: str, **fields) -> Network:
    network = Network.objects.filter(slug=slug).first() or Network(slug=slug)
    for name, value in fields.items():
        setattr(network, name, value)
    return _save(network)


@transaction.atomic
def city_upsert(*, slug: str, **fields) -> City:
    city = City.objects.filter(slug=slug).first() or City(slug=slug)
    for name, value in fields.items():
        setattr(city, name, value)
    return _save(city)


@transaction.atomic
def membership_upsert(*, network: Network, city: City, **fields) -> Membership:
    membership = Membership.objects.filter(network=network, city=city).first() or Membership(
        network=network, city=city
    )
    for name, value in fields.items():
        setattr(membership, name, value)
    return _save(membership)


@transaction.atomic
def person_upsert(*, network: Network, email: str, **fields) -> Person:
    person = Person.objects.filter(network=network, email=email).first() or Person(
        network=network, email=email
    )
    for name, value in fields.items():
        setattr(person, name, value)
    return _save(person)
