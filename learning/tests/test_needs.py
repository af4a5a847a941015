"""A city team ranks its needs; the secretariat sees the ranking and picks the topic."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse

from baobab.exceptions import SYSTEM, NotFound
from learning import services
from learning.models import NeedExpression, Topic
from network.models import AuditLogEntry, City


def _post(topics, reasons=None):
    data = {}
    for rank, topic in enumerate(topics, start=1):
        data[f"topic_{rank}"] = topic.pk
        data[f"reason_{rank}"] = (reasons or {}).get(rank, f"reason {rank}")
    return data


def test_a_coordinator_ranks_the_needs_of_her_city(login, open_quarter, waiting_topics):
    bamako = City.objects.get(slug="bamako")
    client = login("bamako")
    url = reverse("learning_needs", args=[open_quarter.pk, bamako.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _post(waiting_topics[:3]))
    assert response.status_code == 302
    needs = NeedExpression.objects.filter(city=bamako, quarter=open_quarter).order_by("rank")
    assert [(n.rank, n.topic) for n in needs] == list(enumerate(waiting_topics[:3], start=1))
    # Ranking again replaces the earlier ranking.
    client.post(url, _post(waiting_topics[3:4]))
    assert [n.topic for n in needs.all()] == [waiting_topics[3]]


def test_a_topic_twice_is_refused_and_nothing_changes(login, open_quarter, waiting_topics):
    bamako = City.objects.get(slug="bamako")
    client = login("bamako")
    url = reverse("learning_needs", args=[open_quarter.pk, bamako.pk])
    client.post(url, _post(waiting_topics[:2]))
    response = client.post(url, _post([waiting_topics[0], waiting_topics[0]]))
    assert response.status_code == 200
    assert "appears more than once" in response.content.decode()
    kept = NeedExpression.objects.filter(city=bamako, quarter=open_quarter).order_by("rank")
    assert [n.topic for n in kept] == waiting_topics[:2]


def test_more_than_five_topics_is_refused(open_quarter, aston):
    bamako = City.objects.get(slug="bamako")
    topics = list(Topic.objects.filter(network=aston))[:6]
    with pytest.raises(ValidationError) as error:
        services.needs_rank(
            city=bamako, quarter=open_quarter, ranking=[(t, "") for t in topics], actor=SYSTEM
        )
    assert "at most 5" in error.value.messages[0]
    assert not NeedExpression.objects.filter(city=bamako, quarter=open_quarter).exists()


def test_an_empty_ranking_is_refused(login, open_quarter):
    bamako = City.objects.get(slug="bamako")
    client = login("bamako")
    response = client.post(reverse("learning_needs", args=[open_quarter.pk, bamako.pk]), {})
    assert "Rank at least one topic." in response.content.decode()


def test_a_coordinator_cannot_rank_for_another_city(login, open_quarter, waiting_topics):
    bamako = City.objects.get(slug="bamako")
    client = login("lagos")
    url = reverse("learning_needs", args=[open_quarter.pk, bamako.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _post(waiting_topics[:2])).status_code == 404
    assert not NeedExpression.objects.filter(city=bamako, quarter=open_quarter).exists()
    assert AuditLogEntry.objects.filter(action="baobab.refused", city=bamako).exists()
    with pytest.raises(NotFound):
        services.needs_rank(
            city=bamako,
            quarter=open_quarter,
            ranking=[(waiting_topics[0], "")],
            actor=_user("lagos"),
        )


def _user(name):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=name)


def test_an_expert_cannot_rank(login, open_quarter):
    bamako = City.objects.get(slug="bamako")
    response = login("expert").get(reverse("learning_needs", args=[open_quarter.pk, bamako.pk]))
    assert _denied(response)


def _denied(response):
    # Wagtail's admin answers a refused permission with a redirect to the dashboard.
    return response.status_code == 403 or response.get("Location") == reverse("wagtailadmin_home")


def test_the_ranking_is_closed_once_the_topic_is_chosen(aston, waiting_topics):
    from learning.models import Quarter

    past = Quarter.objects.get(network=aston, name="2022 Q2")
    with pytest.raises(ValidationError) as error:
        services.needs_rank(
            city=City.objects.get(slug="bamako"),
            quarter=past,
            ranking=[(waiting_topics[0], "")],
            actor=SYSTEM,
        )
    assert "already chosen" in error.value.messages[0]


def test_the_secretariat_sees_who_asked_for_what_and_why(login, open_quarter):
    response = login("secretariat").get(reverse("learning_ranking", args=[open_quarter.pk]))
    html = BeautifulSoup(response.content, "html.parser")
    rows = html.select("[data-ranking] tbody tr[data-topic]")
    assert rows[0]["data-topic"] == "Citizen participation"
    assert "is first with" in html.select_one("[data-why-first]").text
    assert "Residents do not know what the city is trying." in rows[0].text
    assert "Ties are broken by the number of cities that ranked the topic first" in html.text


def test_only_the_secretariat_sees_the_ranking(login, open_quarter):
    for persona in ("bamako", "expert"):
        response = login(persona).get(reverse("learning_ranking", args=[open_quarter.pk]))
        assert _denied(response)


def test_picking_another_topic_than_the_first_needs_a_reason(login, open_quarter, aston):
    client = login("secretariat")
    url = reverse("learning_ranking", args=[open_quarter.pk])
    other = Topic.objects.get(network=aston, title="Open data")
    response = client.post(url, {"topic": other.pk, "reason": ""})
    assert "say why you choose it over Citizen participation" in response.content.decode()
    open_quarter.refresh_from_db()
    assert open_quarter.topic is None
    response = client.post(url, {"topic": other.pk, "reason": "A funder asked for it."})
    assert response.status_code == 302
    open_quarter.refresh_from_db()
    assert open_quarter.topic == other
    assert open_quarter.choice_reason == "A funder asked for it."
    other.refresh_from_db()
    assert other.status == "scheduled"


def test_picking_the_first_topic_needs_no_reason(login, open_quarter, aston):
    first = Topic.objects.get(network=aston, title="Citizen participation")
    response = login("secretariat").post(
        reverse("learning_ranking", args=[open_quarter.pk]), {"topic": first.pk}
    )
    assert response.status_code == 302
    open_quarter.refresh_from_db()
    assert open_quarter.topic == first


def test_the_weighting_can_be_switched_on(login, open_quarter):
    client = login("secretariat")
    url = reverse("learning_ranking", args=[open_quarter.pk])
    client.post(url, {"action": "weighting", "weight_least_mature": "on"})
    open_quarter.refresh_from_db()
    assert open_quarter.weight_least_mature
    assert "Leave no one behind is on" in client.get(url).content.decode()
