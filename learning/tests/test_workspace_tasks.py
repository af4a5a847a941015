"""My city lists a quarter's tasks while they can be done; once a quarter is over they are
missed, not still to do."""

import datetime

from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from learning.models import Quarter, Topic
from learning.selectors import reflection_closes_on
from network.models import City


def _steps(client):
    soup = BeautifulSoup(client.get(reverse("network_workspace")).content, "html.parser")
    return {li.get_text(" ", strip=True): li for li in soup.select("ul.listing li")}


def _step(steps, start):
    return next(li for text, li in steps.items() if text.startswith(start))


def test_a_reflection_of_a_long_gone_quarter_is_missed_not_to_do(login):
    steps = _steps(login("lagos"))
    step = _step(steps, "Reflect on 2021 Q1")
    assert step.select_one(".w-status").get_text(strip=True) == "missed"
    assert step.find("a") is None
    assert not any(text.endswith("to do") for text in steps if text.startswith("Reflect on"))


def test_the_ranking_of_a_quarter_already_begun_is_closed(login):
    step = _step(_steps(login("bamako")), "Rank the topics you need for 2022 Q3")
    assert step.select_one(".w-status").get_text(strip=True) == "missed"
    assert step.find("a") is None


def test_the_reflection_of_the_running_quarter_is_to_do(login, aston):
    aston.cycle_end = None
    aston.save()
    today = timezone.localdate()
    quarter = Quarter.objects.create(
        network=aston,
        name="This quarter",
        start=today - datetime.timedelta(days=20),
        end=today + datetime.timedelta(days=70),
        topic=Topic.objects.filter(network=aston).first(),
    )
    step = _step(_steps(login("bamako")), "Reflect on This quarter")
    assert step.select_one(".w-status").get_text(strip=True) == "to do"
    bamako = City.objects.get(slug="bamako")
    assert step.find("a")["href"] == reverse("learning_reflect", args=[quarter.pk, bamako.pk])


def test_a_reflection_stays_open_through_the_next_quarter(aston):
    q1 = Quarter.objects.get(network=aston, name="2021 Q1")
    q2 = Quarter.objects.get(network=aston, name="2021 Q2")
    assert reflection_closes_on(q1, q2) == q2.end
    last = Quarter(start=datetime.date(2022, 4, 1), end=datetime.date(2022, 6, 30))
    assert reflection_closes_on(last) == datetime.date(2022, 9, 28)
