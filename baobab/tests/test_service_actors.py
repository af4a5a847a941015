"""Every service is told who acts: a user, whose rights it checks, or SYSTEM (the demo loader,
commands, workflow steps). Leaving the actor out, or passing None, is a programming error."""

import importlib
import inspect

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from baobab.exceptions import SYSTEM, Invalid, NotAllowed, NotFound
from impact import services as impact_services
from learning import services as learning_services
from learning.models import Event, Quarter, Topic
from network.models import City

APPS = ("network", "onboarding", "experiments", "learning", "knowledge", "roadmap", "impact")

# Writes that must name their actor: every one that did not before took ``user=None`` to mean
# "the system" and skipped its checks.
MUST_NAME_THEIR_ACTOR = [
    *(
        (learning_services, name)
        for name in (
            "needs_rank",
            "quarter_topic_choose",
            "quarter_weighting_set",
            "maturity_assess",
            "reflection_submit",
            "event_save",
            "registrations_set",
            "attendance_record",
            "attendance_import",
            "pairings_propose",
            "pairings_swap",
            "pairings_confirm",
        )
    ),
    (impact_services, "reuse_record_create"),
]

REUSE = {"method": "Design thinking", "where": "service", "reused_in": "Counter", "evidence": "x"}


def _user(name):
    return get_user_model().objects.get(username=name)


def test_every_service_that_takes_an_actor_requires_it_by_keyword():
    found = 0
    for app in APPS:
        module = importlib.import_module(f"{app}.services")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or name.startswith("_"):
                continue
            parameter = inspect.signature(function).parameters.get("actor")
            if parameter is None:
                continue
            found += 1
            assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, name
            assert parameter.default is inspect.Parameter.empty, f"{app}.services.{name}"
    assert found >= 30
    for module, name in MUST_NAME_THEIR_ACTOR:
        assert "actor" in inspect.signature(getattr(module, name)).parameters, name
        assert "user" not in inspect.signature(getattr(module, name)).parameters, name


@pytest.mark.django_db
def test_a_service_called_without_an_actor_fails():
    quarter = Quarter.objects.get(network__slug="aston", name="2022 Q3")
    with pytest.raises(TypeError):
        learning_services.quarter_weighting_set(quarter=quarter, weight_least_mature=True)
    with pytest.raises(TypeError, match="actor"):
        learning_services.quarter_weighting_set(
            quarter=quarter, weight_least_mature=True, actor=None
        )
    city = City.objects.get(slug="bamako")
    with pytest.raises(TypeError):
        impact_services.reuse_record_create(network=quarter.network, city=city, **REUSE)
    with pytest.raises(TypeError, match="actor"):
        impact_services.reuse_record_create(network=quarter.network, city=city, actor=None, **REUSE)


@pytest.mark.django_db
def test_with_system_a_service_works():
    quarter = Quarter.objects.get(network__slug="aston", name="2022 Q3")
    learning_services.quarter_weighting_set(quarter=quarter, weight_least_mature=True, actor=SYSTEM)
    quarter.refresh_from_db()
    assert quarter.weight_least_mature is True
    topic = Topic.objects.filter(network=quarter.network, status="waiting").first()
    ranked = learning_services.needs_rank(
        city=City.objects.get(slug="bamako"),
        quarter=quarter,
        ranking=[(topic, "")],
        actor=SYSTEM,
    )
    assert [need.topic for need in ranked] == [topic]
    record = impact_services.reuse_record_create(
        network=quarter.network, city=City.objects.get(slug="lagos"), actor=SYSTEM, **REUSE
    )
    assert record.pk is not None


@pytest.mark.django_db
def test_with_a_user_of_another_city_a_service_refuses():
    quarter = Quarter.objects.get(network__slug="aston", name="2022 Q3")
    bamako = City.objects.get(slug="bamako")
    topic = Topic.objects.filter(network=quarter.network, status="waiting").first()
    with pytest.raises(NotFound):
        learning_services.needs_rank(
            city=bamako, quarter=quarter, ranking=[(topic, "")], actor=_user("lagos")
        )
    with pytest.raises(NotFound):
        impact_services.reuse_record_create(
            network=quarter.network, city=bamako, actor=_user("lagos"), **REUSE
        )
    # A city team may not do the secretariat's part.
    with pytest.raises(NotAllowed):
        learning_services.quarter_weighting_set(
            quarter=quarter, weight_least_mature=True, actor=_user("lagos")
        )
    event = Event.objects.filter(network=quarter.network).first()
    with pytest.raises(NotAllowed):
        learning_services.event_save(event=event, actor=_user("bamako"))
    # Its own city is still its to write.
    ranked = learning_services.needs_rank(
        city=bamako, quarter=quarter, ranking=[(topic, "")], actor=_user("bamako")
    )
    assert ranked


def test_system_is_no_user_and_invalid_is_a_validation_error():
    assert not SYSTEM
    assert not SYSTEM.is_authenticated
    assert repr(SYSTEM) == "SYSTEM"
    # Invalid is a ValidationError too, so that forms show it as their own errors.
    assert issubclass(Invalid, ValidationError)
