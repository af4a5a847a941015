"""The same needs ranking or indicator value sent twice at once, through a form or the API: the
second is an update, or a 409 JSON answer, never a server error.

A request that commits between another's read and its write is reproduced here by running the
other request's insert just before this one's, on the same connection."""

import contextlib
import json

import pytest
from django.db import connection
from django.urls import reverse

from experiments.models import IndicatorValue, Pilot
from learning.models import NeedExpression, Quarter, Topic
from network.models import City


def _put(client, path, body, headers, method="post"):
    return getattr(client, method)(
        path, json.dumps(body), content_type="application/json", **headers
    )


@contextlib.contextmanager
def another_request_first(table, insert):
    """Run ``insert()`` (the other request's write) right before this request's first INSERT
    into ``table``, as if it had committed in between."""
    state = {"done": False}

    def wrapper(execute, sql, params, many, context):
        if not state["done"] and sql.lstrip().upper().startswith(f'INSERT INTO "{table}"'.upper()):
            state["done"] = True
            insert()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield state
    assert state["done"], "the other request's write never ran"


# A period of its own inside the pilot's dates: no value is recorded for it yet.
START, END = "2021-04-15", "2021-05-15"


@pytest.fixture
def bamako_indicator(db):
    return Pilot.objects.get(slug="bamako-waste-sms").indicators.first()


@pytest.fixture
def open_quarter(aston):
    return Quarter.objects.get(network=aston, name="2022 Q3")


def _value_body(indicator, actual):
    return {
        "indicator_id": indicator.pk,
        "period_start": START,
        "period_end": END,
        "actual": actual,
    }


def _other_value(indicator, actual):
    def insert():
        IndicatorValue.objects.bulk_create(
            [
                IndicatorValue(
                    indicator=indicator,
                    period_start=START,
                    period_end=END,
                    actual=actual,
                )
            ]
        )

    return insert


def test_the_same_indicator_value_twice_in_a_row_is_one_value(client, token, bamako_indicator):
    path = f"/api/pilots/{bamako_indicator.pilot_id}/indicator-values"
    headers = token("bamako")
    first = _put(client, path, _value_body(bamako_indicator, "10"), headers)
    second = _put(client, path, _value_body(bamako_indicator, "11"), headers)
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] == second.json()["id"]
    values = IndicatorValue.objects.filter(indicator=bamako_indicator, period_start=START)
    assert values.get().actual == 11


def test_an_indicator_value_sent_twice_at_once_through_the_api(client, token, bamako_indicator):
    path = f"/api/pilots/{bamako_indicator.pilot_id}/indicator-values"
    headers = token("bamako")
    with another_request_first("experiments_indicatorvalue", _other_value(bamako_indicator, 10)):
        response = _put(client, path, _value_body(bamako_indicator, "11"), headers)
    assert response.status_code in (201, 409), response.content
    assert response["Content-Type"].startswith("application/json")
    values = IndicatorValue.objects.filter(indicator=bamako_indicator, period_start=START)
    assert values.count() == 1
    if response.status_code == 201:
        assert values.get().actual == 11


def test_an_indicator_value_sent_twice_at_once_through_the_form(login, bamako_indicator):
    client = login("bamako")
    url = reverse("experiments_pilot_record", args=[bamako_indicator.pilot_id])
    data = {
        "action": "value",
        "value-indicator": bamako_indicator.pk,
        "value-period_start": START,
        "value-period_end": END,
        "value-actual": "11",
    }
    with another_request_first("experiments_indicatorvalue", _other_value(bamako_indicator, 10)):
        response = client.post(url, data)
    assert response.status_code in (200, 302)
    values = IndicatorValue.objects.filter(indicator=bamako_indicator, period_start=START)
    assert values.count() == 1


def _other_ranking(city, quarter, topics):
    def insert():
        NeedExpression.objects.bulk_create(
            [
                NeedExpression(city=city, quarter=quarter, topic=topic, rank=rank)
                for rank, topic in enumerate(topics, start=1)
            ]
        )

    return insert


def test_a_ranking_sent_twice_at_once_through_the_api(client, token, aston, open_quarter):
    bamako = City.objects.get(slug="bamako")
    topics = list(Topic.objects.filter(network=aston, status="waiting").order_by("title")[:3])
    body = {"quarter_id": open_quarter.pk, "ranking": [{"topic_id": t.pk} for t in topics]}
    with another_request_first(
        "learning_needexpression", _other_ranking(bamako, open_quarter, topics)
    ):
        response = _put(client, "/api/needs", body, token("bamako"), method="put")
    assert response.status_code in (200, 409), response.content
    assert response["Content-Type"].startswith("application/json")
    needs = NeedExpression.objects.filter(city=bamako, quarter=open_quarter).order_by("rank")
    assert [n.topic for n in needs] == topics


def test_a_ranking_sent_twice_at_once_through_the_form(login, aston, open_quarter):
    bamako = City.objects.get(slug="bamako")
    topics = list(Topic.objects.filter(network=aston, status="waiting").order_by("title")[:2])
    data = {}
    for rank, topic in enumerate(topics, start=1):
        data[f"topic_{rank}"] = topic.pk
        data[f"reason_{rank}"] = f"reason {rank}"
    url = reverse("learning_needs", args=[open_quarter.pk, bamako.pk])
    client = login("bamako")
    with another_request_first(
        "learning_needexpression", _other_ranking(bamako, open_quarter, topics)
    ):
        response = client.post(url, data)
    assert response.status_code in (200, 302)
    needs = NeedExpression.objects.filter(city=bamako, quarter=open_quarter).order_by("rank")
    assert [n.topic for n in needs] == topics


def test_a_collision_the_service_cannot_resolve_is_a_409(client, token, aston, open_quarter):
    """Even when every attempt collides, the answer is JSON with a message, not a 500."""
    bamako = City.objects.get(slug="bamako")
    topics = list(Topic.objects.filter(network=aston, status="waiting").order_by("title")[:2])
    body = {"quarter_id": open_quarter.pk, "ranking": [{"topic_id": t.pk} for t in topics]}
    insert = _other_ranking(bamako, open_quarter, topics)
    inside = []

    def wrapper(execute, sql, params, many, context):
        if not inside and sql.lstrip().upper().startswith('INSERT INTO "LEARNING_NEEDEXPRESSION"'):
            inside.append(True)
            try:
                insert()
            finally:
                inside.clear()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        response = _put(client, "/api/needs", body, token("bamako"), method="put")
    assert response.status_code == 409
    assert response.json()["message"]
    assert set(response.json()) == {"message", "detail"}
