"""The demo grown ``factor`` times, for `make bench`: cities (with their membership and English
page), people, events and registrations, pilots and English library items, each copied from the
demo's own rows so that they show on the public pages as the demo's do.

Rows go in with bulk_create; pages, which Wagtail's tree numbers one by one, with add_child.
"""

import copy

from django.db import transaction
from django.db.models.base import ModelState
from wagtail.models import Locale

from experiments.models import Pilot
from knowledge.models import KnowledgeIndexPage, KnowledgeItemPage
from learning.models import Event, Registration
from network.models import City, Membership, Person
from network.signals import public_content_changed
from website.models import CityIndexPage, CityPage

# Registrations per copied event: the demo has about 75 per event.
REGISTRATIONS_PER_EVENT = 75


def _copy(obj, **changes):
    new = copy.copy(obj)
    new._state = ModelState()
    new.pk = None
    if hasattr(new, "id"):
        new.id = None
    for name, value in changes.items():
        setattr(new, name, value)
    return new


@transaction.atomic
def grow(factor: int) -> dict[str, int]:
    copies = factor - 1
    en = Locale.objects.get(language_code="en")
    cities = list(City.objects.order_by("pk"))
    memberships = {m.city_id: m for m in Membership.objects.all()}
    new_cities = City.objects.bulk_create(
        _copy(city, name=f"{city.name} {n}", slug=f"{city.slug}-{n}")
        for n in range(1, copies + 1)
        for city in cities
    )
    twin = {new.pk: cities[i % len(cities)] for i, new in enumerate(new_cities)}
    Membership.objects.bulk_create(
        _copy(memberships[twin[city.pk].pk], city_id=city.pk)
        for city in new_cities
        if twin[city.pk].pk in memberships
    )
    index = CityIndexPage.objects.get(locale=en)
    pages = {page.city_id: page for page in CityPage.objects.filter(locale=en)}
    for city in new_cities:
        model = pages.get(twin[city.pk].pk)
        index.add_child(
            instance=CityPage(
                title=city.name,
                slug=city.slug,
                city=city,
                body=model.body if model else "",
                locale=en,
            )
        )

    people = list(Person.objects.order_by("pk"))
    new_people = Person.objects.bulk_create(
        _copy(
            person,
            user_id=None,
            email="",
            city_id=new_cities[(n * len(people) + i) % len(new_cities)].pk
            if person.city_id
            else None,
        )
        for n in range(copies)
        for i, person in enumerate(people)
    )
    events = list(Event.objects.order_by("pk"))
    new_events = Event.objects.bulk_create(
        _copy(event, title=f"{event.title} ({n})") for n in range(1, copies + 1) for event in events
    )
    Registration.objects.bulk_create(
        (
            Registration(
                event=event,
                person=new_people[(i * REGISTRATIONS_PER_EVENT + j) % len(new_people)],
                attended=True,
            )
            for i, event in enumerate(new_events)
            for j in range(REGISTRATIONS_PER_EVENT)
        ),
        batch_size=5000,
    )
    pilots = list(Pilot.objects.order_by("pk"))
    Pilot.objects.bulk_create(
        _copy(pilot, slug=f"{pilot.slug}-{n}", city_id=new_cities[(n - 1) * len(cities)].pk)
        for n in range(1, copies + 1)
        for pilot in pilots
    )
    library = KnowledgeIndexPage.objects.get(locale=en)
    items = list(KnowledgeItemPage.objects.live().filter(locale=en).order_by("pk"))
    for n in range(1, copies + 1):
        for item in items:
            new = KnowledgeItemPage(
                title=f"{item.title} ({n})",
                slug=f"{item.slug}-{n}",
                locale=en,
                kind=item.kind,
                area=item.area,
                summary=item.summary,
                body=item.body.get_prep_value(),
                phase_id=item.phase_id,
                audience=item.audience,
                first_published_at=item.first_published_at,
            )
            new.themes = list(item.themes.all())
            new.cities = [new_cities[((n - 1) * len(cities)) % len(new_cities)]]
            library.add_child(instance=new)
    # Bulk writes send no model signal: drop the cached pages as the apps do.
    public_content_changed.send(sender=__name__)
    return {
        "cities": City.objects.count(),
        "people": Person.objects.count(),
        "events": Event.objects.count(),
        "registrations": Registration.objects.count(),
        "pilots": Pilot.objects.count(),
        "library items": KnowledgeItemPage.objects.count(),
    }
