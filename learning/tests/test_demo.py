"""The ASToN demo: quarters chosen by the ranking, 480 participants counted from attendance, and
a second run that duplicates nothing."""

from django.conf import settings
from django.urls import reverse
from wagtail.models import Locale

from demo import learning as demo_learning
from learning import selectors
from learning.models import (
    CriticalFriendPairing,
    Event,
    EventsPage,
    LearningPage,
    MaturityAssessment,
    NeedExpression,
    Quarter,
    Reflection,
    Registration,
    Topic,
)
from network.models import City, Person
from website.models import HomePage

MODELS = (
    Topic,
    Quarter,
    NeedExpression,
    MaturityAssessment,
    Event,
    Registration,
    Reflection,
    CriticalFriendPairing,
    Person,
    LearningPage,
    EventsPage,
)


def test_each_quarters_topic_is_the_first_of_its_ranking(aston):
    quarters = Quarter.objects.filter(network=aston, topic__isnull=False)
    assert quarters.count() == 8
    for quarter in quarters:
        ranked = selectors.quarter_ranking(quarter=quarter)
        assert ranked[0].topic == quarter.topic
        assert ranked[0].cities == 11


def test_480_unique_participants_in_trainings_and_transnational_meetings(aston):
    attended = Registration.objects.filter(
        event__network=aston,
        event__kind__in=["training", "transnational_meeting"],
        attended=True,
    )
    assert attended.values("person").distinct().count() == 480
    assert selectors.reported_participants(network=aston) == 480
    # Other events and absences exist, and are not counted.
    assert Registration.objects.filter(attended=False).exists()
    assert Registration.objects.filter(event__kind="kickoff", attended=True).exists()


def test_reflections_with_lessons_worth_sharing_and_events_with_notes(aston):
    assert Reflection.objects.filter(share_lesson=True).exclude(lesson="").count() >= 5
    assert Event.objects.filter(network=aston).exclude(notes="").count() >= 8


def test_a_second_run_duplicates_nothing(aston):
    before = {model: model.objects.count() for model in MODELS}
    locales = {code: Locale.objects.get(language_code=code) for code, _name in settings.LANGUAGES}
    homes = {code: HomePage.objects.get(locale=locale) for code, locale in locales.items()}
    cities = {city.slug: city for city in City.objects.filter(memberships__network=aston)}
    demo_learning.load(network=aston, cities=cities, homes=homes, locales=locales)
    assert {model: model.objects.count() for model in MODELS} == before


def test_the_workspace_asks_the_city_for_its_needs(login, aston):
    text = login("bamako").get(reverse("network_workspace")).content.decode()
    assert "Rank the topics you need for 2022 Q3" in text
    assert "Assess your maturity in each domain" in text
