"""Writes with a personal token: the same services and rules as the web forms."""

import json

import pytest
from wagtail.models import APIToken

from experiments.models import IndicatorValue, Pilot
from impact.models import ReuseRecord
from learning.models import NeedExpression, Quarter, Reflection, Topic
from network.models import AuditLogEntry

REUSE = {"method": "Design thinking", "where": "service", "reused_in": "Permits", "evidence": "x"}


def post(client, path, body, headers, method="post"):
    data = body if isinstance(body, str) else json.dumps(body)
    return getattr(client, method)(path, data, content_type="application/json", **headers)


def test_a_city_team_records_a_reuse_for_its_own_city(client, token):
    response = post(client, "/api/reuse-records", REUSE, token("bamako"))
    assert response.status_code == 201
    assert response.json()["city"] == "bamako"
    assert ReuseRecord.objects.filter(city__slug="bamako", reused_in="Permits").exists()


def test_another_citys_records_are_missing_and_the_refusal_recorded(client, token):
    headers = token("bamako")
    before = ReuseRecord.objects.count()
    response = post(client, "/api/reuse-records", {**REUSE, "city": "lagos"}, headers)
    assert response.status_code == 404
    assert response.json()["message"] == "Not found."
    assert ReuseRecord.objects.count() == before
    entry = AuditLogEntry.objects.filter(action="baobab.refused").latest("pk")
    assert entry.user.username == "bamako" and entry.city.slug == "lagos"

    lagos_pilot = Pilot.objects.get(slug="lagos-bus-stop-data")
    indicator = lagos_pilot.indicators.first()
    response = post(
        client,
        f"/api/pilots/{lagos_pilot.pk}/indicator-values",
        {"indicator_id": indicator.pk, "period_start": "2022-01-01", "actual": "5"},
        headers,
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "body, status",
    [
        ("not json", 400),
        ({**REUSE, "unknown": 1}, 422),
        ({**REUSE, "where": 3}, 422),
        ({**REUSE, "reused_on": "yesterday"}, 422),
        ({**REUSE, "method": ""}, 400),
        ({**REUSE, "reused_on": "2999-01-01"}, 400),
        ({**REUSE, "topic_id": 2_000_000}, 422),
        ({**REUSE, "city": "atlantis"}, 404),
    ],
)
def test_bad_input_is_a_json_error_and_saves_nothing(client, token, body, status):
    before = ReuseRecord.objects.count()
    response = post(client, "/api/reuse-records", body, token("bamako"))
    assert response.status_code == status
    assert response.json()["message"]
    assert ReuseRecord.objects.count() == before


def test_missing_wrong_or_revoked_tokens_are_refused(client, token):
    assert post(client, "/api/reuse-records", REUSE, {}).status_code == 401
    bad = {"HTTP_AUTHORIZATION": "Bearer wagtail_nothing"}
    response = post(client, "/api/reuse-records", REUSE, bad)
    assert response.status_code == 401
    assert response.json()["message"] == "A valid, unrevoked API token is required."
    headers = token("bamako")
    APIToken.objects.filter(user__username="bamako").update(revoked_at="2022-01-01T00:00Z")
    assert post(client, "/api/reuse-records", REUSE, headers).status_code == 401


def test_an_expert_may_not_submit(client, token):
    response = post(client, "/api/reuse-records", {**REUSE, "city": "bamako"}, token("expert"))
    assert response.status_code == 403


def test_the_secretariat_says_which_city(client, token):
    headers = token("secretariat")
    assert post(client, "/api/reuse-records", REUSE, headers).status_code == 422
    response = post(client, "/api/reuse-records", {**REUSE, "city": "lagos"}, headers)
    assert response.status_code == 201


def test_an_indicator_value_for_the_teams_own_pilot(client, token):
    pilot = Pilot.objects.get(slug="bamako-waste-sms")
    indicator = pilot.indicators.first()
    path = f"/api/pilots/{pilot.pk}/indicator-values"
    body = {"indicator_id": indicator.pk, "period_start": "2021-07-01", "actual": "12.5"}
    response = post(client, path, body, token("bamako"))
    assert response.status_code == 201, response.json()
    value = IndicatorValue.objects.get(pk=response.json()["id"])
    assert str(value.period_end) == "2021-09-30"
    other = Pilot.objects.exclude(pk=pilot.pk).filter(indicators__isnull=False).first()
    response = post(
        client, path, {**body, "indicator_id": other.indicators.first().pk}, token("bamako")
    )
    assert response.status_code == 404


def test_a_reflection_and_a_needs_ranking(client, token, aston):
    headers = token("bamako")
    quarter = Quarter.objects.filter(network=aston, topic__isnull=True).first()
    reflection = {
        "quarter_id": quarter.pk,
        "tried": "a",
        "worked": "b",
        "did_not_work": "c",
        "next_steps": "d",
    }
    assert post(client, "/api/reflections", reflection, headers).status_code == 201
    assert Reflection.objects.filter(city__slug="bamako", quarter=quarter, tried="a").exists()
    response = post(client, "/api/reflections", {**reflection, "city": "lagos"}, headers)
    assert response.status_code == 404

    topics = list(Topic.objects.filter(network=aston)[:2])
    ranking = {"quarter_id": quarter.pk, "ranking": [{"topic_id": t.pk} for t in topics]}
    response = post(client, "/api/needs", ranking, headers, method="put")
    assert response.status_code == 200, response.json()
    assert [row["rank"] for row in response.json()] == [1, 2]
    assert NeedExpression.objects.filter(city__slug="bamako", quarter=quarter).count() == 2
    empty = {"quarter_id": quarter.pk, "ranking": []}
    assert post(client, "/api/needs", empty, headers, method="put").status_code == 422
