"""City teams manage their own city's pilots in the admin; another city's pilot is a 404."""

import datetime

from django.urls import reverse

from experiments.models import Decision, Indicator, IndicatorValue, Pilot
from network.models import AuditLogEntry

from .conftest import admin_pilot_form

ADD = "wagtailsnippets_experiments_pilot:add"
EDIT = "wagtailsnippets_experiments_pilot:edit"
RECORD = "experiments_pilot_record"


def test_a_coordinator_creates_a_pilot_filed_under_their_own_city(login):
    client = login("bamako")
    response = client.post(reverse(ADD), admin_pilot_form())
    assert response.status_code == 302, response.context["form"].errors
    pilot = Pilot.objects.get(slug="solar-street-lights")
    assert (pilot.city.slug, pilot.network.slug) == ("bamako", "aston")
    assert pilot.indicators.get().name == "Streets lit"


def test_a_coordinator_cannot_slip_in_another_city(login):
    client = login("bamako")
    lagos = Pilot.objects.get(slug="lagos-market-tax").city
    response = client.post(reverse(ADD), admin_pilot_form(city=str(lagos.pk)))
    assert response.status_code == 200
    assert "You may not change the city of this record." in response.content.decode()
    assert not Pilot.objects.filter(slug="solar-street-lights").exists()


def test_bad_input_in_the_admin_form_gives_clear_messages(login):
    client = login("bamako")
    cases = [
        ({"budget_amount": "-10"}, "A budget cannot be negative."),
        ({"budget_amount": "abc"}, "Enter a number."),
        ({"currency": "XYZ"}, "Unknown currency: XYZ."),
        ({"budget_amount": "1000.5"}, "Amounts in XOF have no decimals."),
        ({"end": "2021-12-01"}, "A pilot cannot end before it starts."),
    ]
    for overrides, message in cases:
        response = client.post(reverse(ADD), admin_pilot_form(**overrides))
        assert response.status_code == 200, overrides
        assert message in response.content.decode(), overrides
    assert not Pilot.objects.filter(slug="solar-street-lights").exists()


def test_a_coordinator_edits_their_pilot_but_another_citys_is_missing(login, bamako_pilot):
    client = login("bamako")
    lagos = Pilot.objects.get(slug="lagos-market-tax")
    listing = client.get(reverse("wagtailsnippets_experiments_pilot:list")).content.decode()
    assert reverse(RECORD, args=[bamako_pilot.pk]) in listing
    assert reverse(RECORD, args=[lagos.pk]) not in listing
    assert client.get(reverse(EDIT, args=[bamako_pilot.pk])).status_code == 200
    assert client.get(reverse(EDIT, args=[lagos.pk])).status_code == 404
    assert client.get(reverse(RECORD, args=[lagos.pk])).status_code == 404
    assert client.post(reverse(RECORD, args=[lagos.pk]), {"action": "decision"}).status_code == 404
    refusal = AuditLogEntry.objects.filter(action="baobab.refused").first()
    assert (refusal.user.username, refusal.city_id) == ("bamako", lagos.city_id)


def test_an_expert_reads_pilots_but_records_nothing(login, bamako_pilot):
    client = login("expert")
    assert client.get(reverse("wagtailsnippets_experiments_pilot:list")).status_code == 200
    # Wagtail answers a missing right with a redirect to its dashboard.
    response = client.get(reverse(RECORD, args=[bamako_pilot.pk]))
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))


def _value(pilot, **overrides):
    data = {
        "action": "value",
        "value-indicator": str(pilot.indicators.get().pk),
        "value-period_start": "2021-10-01",
        "value-period_end": "",
        "value-actual": "52",
        "value-target": "",
    }
    data.update(overrides)
    return data


def _decision(**overrides):
    data = {
        "action": "decision",
        "decision-kind": "scale_up",
        "decision-decided_on": "2022-03-01",
        "decision-decided_by": "Mayor of Bamako",
        "decision-evidence": "52 reports in the last quarter, each answered within a day.",
        "decision-reflection": "",
    }
    data.update(overrides)
    return data


def test_a_coordinator_records_a_value_and_a_decision(login, bamako_pilot):
    client = login("bamako")
    url = reverse(RECORD, args=[bamako_pilot.pk])
    assert client.post(url, _value(bamako_pilot)).status_code == 302
    value = IndicatorValue.objects.get(indicator__pilot=bamako_pilot, period_start="2021-10-01")
    assert (value.period_end, value.actual, value.target) == (
        datetime.date(2021, 12, 31),
        52,
        None,
    )
    assert client.post(url, _decision()).status_code == 302
    decision = bamako_pilot.current_decision
    assert (decision.kind, decision.decided_by) == ("scale_up", "Mayor of Bamako")
    assert decision.recorded_by.username == "bamako"
    logged = AuditLogEntry.objects.filter(action="wagtail.create", object_id=str(decision.pk))
    entry = logged.get(content_type__model="decision")
    assert (entry.user.username, entry.city_id) == ("bamako", bamako_pilot.city_id)
    assert bamako_pilot.decisions.count() == 2
    page = client.get(url).content.decode()
    assert "Mayor of Bamako" in page


def test_bad_values_and_decisions_are_refused_with_a_message(login, bamako_pilot):
    client = login("bamako")
    url = reverse(RECORD, args=[bamako_pilot.pk])
    values, decisions = IndicatorValue.objects.count(), Decision.objects.count()
    outside = client.post(url, _value(bamako_pilot, **{"value-period_start": "2022-04-01"}))
    assert "falls outside the pilot&#x27;s dates" in outside.content.decode()
    empty = client.post(url, _value(bamako_pilot, **{"value-actual": ""}))
    assert "Enter an actual value, a target, or both." in empty.content.decode()
    no_evidence = client.post(url, _decision(**{"decision-evidence": ""}))
    assert "Say what evidence the decision rests on." in no_evidence.content.decode()
    assert "Nothing was saved" in no_evidence.content.decode()
    assert (IndicatorValue.objects.count(), Decision.objects.count()) == (values, decisions)


def test_the_workspace_links_the_citys_pilots(login, bamako_pilot):
    page = login("bamako").get(reverse("network_workspace")).content.decode()
    assert reverse(RECORD, args=[bamako_pilot.pk]) in page
    assert "Add a pilot" in page


def test_the_record_page_names_the_pilot_and_its_city(login, bamako_pilot):
    from bs4 import BeautifulSoup

    response = login("bamako").get(reverse(RECORD, args=[bamako_pilot.pk]))
    soup = BeautifulSoup(response.content, "html.parser")
    heading = soup.select_one("h1#header-title").get_text(" ", strip=True)
    assert heading.startswith("Record values and decisions")
    assert f"{bamako_pilot.title}, Bamako" in heading
    crumbs = [a["href"] for a in soup.select("[data-controller~='w-breadcrumbs'] a, nav a")]
    assert reverse("wagtailsnippets_experiments_pilot:list") in crumbs
    assert reverse(EDIT, args=[bamako_pilot.pk]) in crumbs


def test_indicator_numbers_show_as_typed_not_with_four_stored_decimals(login):
    pilot = Pilot.objects.filter(city__slug="bamako").first()
    Indicator.objects.create(pilot=pilot, name="Kiosks open", unit="kiosks", target=1000)
    Indicator.objects.create(pilot=pilot, name="Share", unit="%", baseline=0, target="12.25")
    page = login("bamako").get(reverse(EDIT, args=[pilot.pk])).content.decode()
    assert 'value="1000"' in page and 'value="12.25"' in page and 'value="0"' in page
    assert ".0000" not in page
