"""One person, one address: emails are stored stripped and lowered, a second spelling of an
address already in the network is refused, and a human counts once in the key figures."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from baobab.exceptions import SYSTEM
from impact import selectors as impact_selectors
from learning import selectors as learning_selectors
from learning import services as learning_services
from learning.models import Event, Registration
from network import services
from network.models import City, Person


def test_an_email_is_stored_stripped_and_lowered(aston):
    person = services.person_upsert(
        network=aston,
        email="  Awa.Traore@Example.ORG ",
        name="Awa Traoré",
        role="expert",
        actor=SYSTEM,
    )
    person.refresh_from_db()
    assert person.email == "awa.traore@example.org"
    assert Person.objects.filter(email="AWA.TRAORE@example.org").get() == person


def test_two_spellings_of_one_address_are_one_person(aston):
    first = services.person_upsert(
        network=aston,
        email="Awa.Traore@Example.org",
        name="Awa Traoré",
        role="expert",
        actor=SYSTEM,
    )
    again = services.person_upsert(
        network=aston,
        email=" awa.traore@example.ORG",
        name="Awa Traoré",
        role="expert",
        actor=SYSTEM,
    )
    assert again.pk == first.pk
    assert Person.objects.filter(network=aston, email__iexact="awa.traore@example.org").count() == 1


def test_a_second_spelling_is_refused_with_a_message_on_the_email(aston):
    Person.objects.create(network=aston, email="awa@example.org", name="Awa", role="expert")
    twin = Person(network=aston, email="AWA@Example.org ", name="Awa bis", role="expert")
    with pytest.raises(ValidationError) as error:
        twin.full_clean()
    assert error.value.message_dict["email"] == [
        "A person with this email is already in this network."
    ]
    with translation.override("fr"):
        with pytest.raises(ValidationError) as error:
            twin.full_clean()
        assert "déjà" in error.value.message_dict["email"][0]


def test_the_database_refuses_a_second_spelling_whatever_the_write(aston):
    Person.objects.create(network=aston, email="awa@example.org", name="Awa", role="expert")
    with pytest.raises(IntegrityError), transaction.atomic():
        # An update bypasses the field's normalisation: the constraint on the lowered value
        # still holds.
        twin = Person.objects.create(network=aston, email="x@example.org", name="B", role="expert")
        Person.objects.filter(pk=twin.pk).update(email="AWA@example.org")


def test_the_admin_form_refuses_a_duplicate(login):
    existing = Person.objects.get(user__username="bamako")
    response = login("bamako").post(
        reverse("wagtailsnippets_network_person:add"),
        {"name": "Twin", "email": f" {existing.email.upper()} ", "languages": "fr"},
    )
    assert response.status_code == 200
    assert "A person with this email is already in this network." in response.content.decode()
    assert not Person.objects.filter(name="Twin").exists()


def test_one_human_at_two_trainings_under_two_spellings_counts_once(aston):
    bamako = City.objects.get(slug="bamako")
    trainings = []
    for day in (1, 2):
        start = datetime.datetime(2022, 3, day, 9, tzinfo=datetime.UTC)
        trainings.append(
            learning_services.event_save(
                event=Event(
                    network=aston,
                    title=f"Training {day}",
                    kind=Event.Kind.TRAINING,
                    start=start,
                    end=start + datetime.timedelta(hours=2),
                    timezone="UTC",
                ),
                actor=SYSTEM,
            )
        )
    phases = impact_selectors.network_phases(network=aston)
    before = impact_selectors.participants(network=aston, phases=phases).value
    before_learning = learning_selectors.reported_participants(network=aston)

    # Registered once from the city team's list, once by the secretariat from a sheet, typed
    # differently each time.
    awa = services.person_upsert(
        network=aston, email="Awa.Keita@Bamako.example", name="Awa Keïta",
        role="stakeholder", city=bamako,
     actor=SYSTEM,)  # fmt: skip
    again = services.person_upsert(
        network=aston, email="awa.keita@bamako.EXAMPLE", name="Awa Keïta",
        role="stakeholder", city=bamako,
     actor=SYSTEM,)  # fmt: skip
    Registration.objects.create(event=trainings[0], person=awa, attended=True)
    learning_services.attendance_import(
        event=trainings[1],
        name="a.csv",
        content=b"E-mail;Pr\xc3\xa9sent\n AWA.KEITA@bamako.example;oui\n",
        actor=SYSTEM,
    )
    assert again.pk == awa.pk
    assert set(
        Registration.objects.filter(event__in=trainings).values_list("person", flat=True)
    ) == {awa.pk}
    after = impact_selectors.participants(network=aston, phases=phases).value
    assert after == before + 1
    assert learning_selectors.reported_participants(network=aston) == before_learning + 1
