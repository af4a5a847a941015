"""Reuse records: entered by a city for itself, or by the secretariat for any city."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from baobab.exceptions import SYSTEM, NotAllowed, NotFound
from impact import services
from impact.models import ReuseRecord
from learning.models import Topic
from network.models import City


@pytest.fixture
def bamako(db):
    return City.objects.get(slug="bamako")


def _fields(**extra):
    return {
        "method": "Design thinking",
        "where": "service",
        "reused_in": "Permit counter",
        "evidence": "Service charter",
        **extra,
    }


def test_a_city_team_records_its_own_reuse(aston, bamako, django_user_model):
    user = django_user_model.objects.get(username="bamako")
    record = services.reuse_record_create(network=aston, city=bamako, actor=user, **_fields())
    assert record.city == bamako and record.method_name == "Design thinking"


def test_another_citys_reuse_is_refused_as_missing(aston, django_user_model):
    user = django_user_model.objects.get(username="bamako")
    before = ReuseRecord.objects.count()
    with pytest.raises(NotFound):
        services.reuse_record_create(
            network=aston, city=City.objects.get(slug="lagos"), actor=user, **_fields()
        )
    assert ReuseRecord.objects.count() == before


def test_an_expert_may_not_record_reuse(aston, bamako, django_user_model):
    with pytest.raises(NotAllowed):
        services.reuse_record_create(
            network=aston,
            city=bamako,
            actor=django_user_model.objects.get(username="expert"),
            **_fields(),
        )


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"method": ""}, "method"),
        ({"where": "dream"}, "where"),
        ({"reused_in": ""}, "reused_in"),
        ({"evidence": ""}, "evidence"),
        ({"reused_on": datetime.date(2999, 1, 1)}, "reused_on"),
        ({"evidence_url": "not a link"}, "evidence_url"),
    ],
)
def test_bad_input_is_refused_with_a_message(aston, bamako, bad, field):
    before = ReuseRecord.objects.count()
    with pytest.raises(ValidationError) as error:
        services.reuse_record_create(network=aston, city=bamako, actor=SYSTEM, **_fields(**bad))
    assert field in error.value.message_dict
    assert ReuseRecord.objects.count() == before


def test_a_topic_of_another_network_is_refused(small_network, aston, bamako):
    network, _cities = small_network
    foreign = Topic.objects.create(network=network, title="Elsewhere")
    with pytest.raises(ValidationError) as error:
        services.reuse_record_create(
            network=aston, city=bamako, actor=SYSTEM, **_fields(topic=foreign)
        )
    assert "topic" in error.value.message_dict


def test_a_city_that_is_not_a_member_is_refused(small_network, bamako):
    network, _cities = small_network
    with pytest.raises(ValidationError) as error:
        services.reuse_record_create(network=network, city=bamako, actor=SYSTEM, **_fields())
    assert "city" in error.value.message_dict


def test_the_admin_files_a_city_teams_record_under_its_own_city(login, bamako):
    client = login("bamako")
    topic = Topic.objects.filter(network__slug="aston").first()
    response = client.post(
        reverse("wagtailsnippets_impact_reuserecord:add"),
        {
            "topic": topic.pk,
            "method": "",
            "where": "policy",
            "reused_in": "Street-naming policy",
            "reused_on": "2022-01-10",
            "evidence": "Council decision",
            "evidence_url": "",
        },
    )
    assert response.status_code == 302
    record = ReuseRecord.objects.get(reused_in="Street-naming policy")
    assert record.city == bamako


def test_the_admin_refuses_another_citys_record(login):
    record = ReuseRecord.objects.get(city__slug="kigali")
    client = login("bamako")
    edit = reverse("wagtailsnippets_impact_reuserecord:edit", args=[record.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"reused_in": "Hijacked"}).status_code == 404
    record.refresh_from_db()
    assert record.reused_in != "Hijacked"
