"""Phases, deliverables and the public programme page."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse

from network.models import City, Network
from programme.models import CityDeliverable, Deliverable, Phase


def test_the_demo_has_asTon_phases_and_8_of_10_action_plans_validated(aston):
    phases = {p.kind: (p.start, p.end) for p in aston.phases.all()}
    assert phases["explore"] == (datetime.date(2019, 9, 1), datetime.date(2020, 6, 30))
    assert phases["engage"] == (datetime.date(2020, 7, 1), datetime.date(2022, 3, 31))
    plans = CityDeliverable.objects.filter(deliverable__kind="action_plan")
    written = plans.exclude(status__in=["not_started", "in_progress"])
    assert written.count() == 10
    validated = plans.filter(status="approved", approved_by="City council")
    assert validated.count() == 8


def test_a_phase_cannot_end_before_it_starts(aston):
    phase = Phase(network=aston, kind="other", name="Later", start=datetime.date(2022, 5, 1))
    phase.end = datetime.date(2022, 4, 1)
    with pytest.raises(ValidationError) as error:
        phase.full_clean()
    assert error.value.message_dict["end"] == ["A phase cannot end before it starts."]


def test_a_deliverable_of_another_networks_phase_is_refused(aston):
    other = Network.objects.create(
        name="Another network", slug="another", cycle_start=datetime.date(2024, 1, 1)
    )
    phase = Phase.objects.create(
        network=other,
        kind="explore",
        name="Explore",
        start=datetime.date(2024, 1, 1),
        end=datetime.date(2024, 6, 1),
    )
    deliverable = Deliverable.objects.create(phase=phase, kind="baseline")
    record = CityDeliverable(deliverable=deliverable, city=City.objects.get(slug="bamako"))
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert "not a member of" in error.value.message_dict["deliverable"][0]


def test_approval_needs_who_and_when(aston):
    record = CityDeliverable.objects.get(city__slug="bizerte", deliverable__kind="action_plan")
    record.status = "approved"
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert "approved_on" in error.value.message_dict


def test_programme_page_shows_the_timeline_and_the_progress_matrix(client, db):
    page = BeautifulSoup(client.get("/en/programme/").content, "html.parser")
    assert len(page.select("svg.timeline rect.phase")) == 3
    rows = page.select("table.matrix tbody tr")
    assert len(rows) == 11
    approved = page.select_one('table.matrix tfoot td[data-approved="2"]').get_text()
    assert approved == str(
        CityDeliverable.objects.filter(deliverable__kind="action_plan", status="approved").count()
    )
    french = client.get("/fr/programme/").content.decode()
    assert "Plan d’action local" in french and "Approuvé" in french


def test_the_city_page_shows_its_journey(client, db):
    content = client.get("/en/cities/lagos/").content.decode()
    assert "Journey" in content
    assert "approved by City council" in content


def test_coordinator_updates_their_deliverable_not_anothers(login):
    mine = CityDeliverable.objects.get(city__slug="bamako", deliverable__kind="pilots")
    theirs = CityDeliverable.objects.get(city__slug="lagos", deliverable__kind="pilots")
    client = login("bamako")
    data = {
        "status": "submitted",
        "text": "Our pilots",
        "approved_by": "",
        "approved_on": "",
        "stakeholders-TOTAL_FORMS": "0",
        "stakeholders-INITIAL_FORMS": "0",
        "stakeholders-MIN_NUM_FORMS": "0",
        "stakeholders-MAX_NUM_FORMS": "1000",
    }
    url = "wagtailsnippets_programme_citydeliverable:edit"
    assert client.post(reverse(url, args=[mine.pk]), data).status_code == 302
    assert client.post(reverse(url, args=[theirs.pk]), data).status_code == 404
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == ("submitted", "in_progress")


def test_the_secretariat_overview_shows_warnings_owners_and_progress(login):
    content = login("secretariat").get(reverse("programme_overview")).content.decode()
    assert 'data-warning="overdue" data-city="bamako"' in content
    assert "Nouakchott" in content
    assert login("bamako").get(reverse("programme_overview"))["Location"] == "/admin/"
