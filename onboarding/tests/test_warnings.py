"""The warnings the reference network learned the hard way, computed against fixed dates."""

import datetime

import pytest

from baobab.exceptions import SYSTEM
from network.models import Membership, Network
from onboarding import selectors, services
from onboarding.models import CityStep

TODAY = datetime.date(2020, 3, 1)


def warnings_of(network, kind, today=TODAY):
    return [
        w for w in selectors.onboarding_warnings(network=network, today=today) if w.kind == kind
    ]


def test_the_demo_shows_the_8_month_gap_of_2019_for_every_city(aston):
    gaps = warnings_of(aston, "gap")
    assert len(gaps) == 11
    assert "8 months between selection" in gaps[0].text
    assert gaps[0].lesson.startswith("Keep selection close to the start")


def test_no_gap_warning_under_the_threshold(aston):
    Membership.objects.filter(network=aston).update(selection_date=datetime.date(2019, 7, 1))
    assert warnings_of(aston, "gap") == []
    Network.objects.filter(pk=aston.pk).update(selection_gap_warning_days=30)
    aston.refresh_from_db()
    assert len(warnings_of(aston, "gap")) == 11


def test_an_open_step_past_its_due_date_is_overdue(aston):
    overdue = warnings_of(aston, "overdue")
    assert [(w.city.slug, w.step.step.title) for w in overdue] == [
        ("bamako", "Secretariat visit to the city")
    ]
    step = overdue[0].step
    assert warnings_of(aston, "overdue", today=step.due_date) == []
    assert len(warnings_of(aston, "overdue", today=step.due_date + datetime.timedelta(days=1)))


def test_an_overdue_paperwork_step_carries_the_paperwork_lesson(aston):
    step = CityStep.objects.get(membership__city__slug="kumasi", step__title="Agreement signed")
    services.city_step_update(city_step=step, status="in_progress", done_date=None, actor=SYSTEM)
    [warning] = [w for w in warnings_of(aston, "overdue_paperwork") if w.city.slug == "kumasi"]
    assert "first transfer" in warning.lesson


def test_marking_the_step_done_removes_the_warning(aston):
    step = CityStep.objects.get(
        membership__city__slug="bamako", step__title="Secretariat visit to the city"
    )
    services.city_step_update(
        city_step=step,
        status="done",
        done_date=datetime.date(2020, 2, 1),
        actor=SYSTEM,
    )
    assert warnings_of(aston, "overdue") == []


def test_much_slower_paperwork_than_the_median_is_flagged(aston):
    slow = warnings_of(aston, "slow_paperwork")
    assert [w.city.slug for w in slow] == ["nouakchott"]
    assert "Paperwork has taken" in slow[0].text


@pytest.mark.parametrize("extra_days", [0, 60])
def test_paperwork_is_compared_with_the_median_of_cities_that_finished(aston, extra_days):
    steps = CityStep.objects.filter(membership__city__slug="nouakchott", step__is_paperwork=True)
    for step in steps:
        services.city_step_update(
            city_step=step,
            done_date=step.membership.selection_date + datetime.timedelta(days=100 + extra_days),
            actor=SYSTEM,
        )
    assert warnings_of(aston, "slow_paperwork") == []


def test_warnings_for_one_city(aston):
    bamako = aston.memberships.get(city__slug="bamako").city
    mine = selectors.onboarding_warnings(network=aston, today=TODAY, city=bamako)
    assert {w.kind for w in mine} == {"gap", "overdue"}
    assert all(w.city == bamako for w in mine)
