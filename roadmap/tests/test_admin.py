"""City teams build their own city's roadmap in the admin; another city's answers 404."""

import datetime

from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from network.models import AuditLogEntry
from roadmap.models import Roadmap


def edit_url(roadmap):
    return reverse("wagtailsnippets_roadmap_roadmap:edit", args=[roadmap.pk])


def form_data(client, roadmap):
    response = client.get(edit_url(roadmap))
    assert response.status_code == 200
    return querydict_from_html(response.content.decode(), form_id="w-editor-form")


def add_action(data, **fields):
    index = int(data["actions-TOTAL_FORMS"])
    data["actions-TOTAL_FORMS"] = str(index + 1)
    values = {
        "id": "",
        "ORDER": str(index),
        "DELETE": "",
        "what": "Scale the pilot",
        "pilot": "",
        "lead": "Planning department",
        "partners": "",
        "start": "2022-05-01",
        "end": "2023-04-30",
        "budget": "10000",
        "funding_source": "Municipal budget",
        "status": "planned",
        **fields,
    }
    for name, value in values.items():
        data[f"actions-{index}-{name}"] = value
    return data


def test_the_edit_page_shows_the_checks(login, bamako_roadmap, make_pilot):
    make_pilot("bamako", "scale_up", title="Address pilot")
    content = login("bamako").get(edit_url(bamako_roadmap)).content.decode()
    assert 'data-check="scale_up_without_action"' in content
    assert "Address pilot" in content


def test_a_coordinator_adds_an_action_scaling_their_pilot(login, bamako_roadmap, make_pilot):
    pilot = make_pilot("bamako", "scale_up", title="Address pilot")
    client = login("bamako")
    data = add_action(form_data(client, bamako_roadmap), pilot=str(pilot.pk))
    response = client.post(edit_url(bamako_roadmap), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert bamako_roadmap.actions.filter(pilot=pilot).count() == 1
    content = client.get(edit_url(bamako_roadmap)).content.decode()
    assert 'data-check="scale_up_without_action"' not in content
    assert 'data-check="none"' in content


def test_an_action_scaling_another_citys_pilot_is_refused_in_the_form(
    login, bamako_roadmap, make_pilot
):
    lagos_pilot = make_pilot("lagos", "scale_up")
    actions = bamako_roadmap.actions.count()
    client = login("bamako")
    data = add_action(form_data(client, bamako_roadmap), pilot=str(lagos_pilot.pk))
    response = client.post(edit_url(bamako_roadmap), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Choose one of Bamako&#x27;s pilots decided “scale up” or “continue”" in content
    assert bamako_roadmap.actions.count() == actions


def test_an_action_ending_before_it_starts_is_refused_in_the_form(login, bamako_roadmap):
    actions = bamako_roadmap.actions.count()
    client = login("bamako")
    data = add_action(form_data(client, bamako_roadmap), start="2023-01-01", end="2022-01-01")
    response = client.post(edit_url(bamako_roadmap), data)
    assert response.status_code == 200
    assert "An action cannot end before it starts." in response.content.decode()
    assert bamako_roadmap.actions.count() == actions


def test_a_negative_budget_is_refused_in_the_form(login, bamako_roadmap):
    client = login("bamako")
    data = form_data(client, bamako_roadmap)
    data["yearly_budget"] = "-10"
    response = client.post(edit_url(bamako_roadmap), data)
    assert "The yearly budget cannot be negative." in response.content.decode()
    bamako_roadmap.refresh_from_db()
    assert bamako_roadmap.yearly_budget > 0


def test_a_coordinator_cannot_edit_or_adopt_another_citys_roadmap(login, lagos_roadmap):
    client = login("bamako")
    assert client.get(edit_url(lagos_roadmap)).status_code == 404
    assert client.post(edit_url(lagos_roadmap), {"summary": "Taken over"}).status_code == 404
    adopt = reverse("roadmap_adopt", args=[lagos_roadmap.pk])
    response = client.post(adopt, {"adopted_on": "2022-06-01", "adopted_by": "Bamako"})
    assert response.status_code == 404
    lagos_roadmap.refresh_from_db()
    assert lagos_roadmap.status == "draft" and lagos_roadmap.summary != "Taken over"
    refusals = AuditLogEntry.objects.filter(action="baobab.refused", city=lagos_roadmap.city)
    assert refusals.count() == 3


def test_a_city_team_cannot_move_its_roadmap_to_another_city(login, bamako_roadmap, aston):
    from network.models import City

    client = login("bamako")
    data = form_data(client, bamako_roadmap)
    data["city"] = str(City.objects.get(slug="lagos").pk)
    response = client.post(edit_url(bamako_roadmap), data)
    assert response.status_code == 200
    assert "You may not change the city of this record." in response.content.decode()
    bamako_roadmap.refresh_from_db()
    assert bamako_roadmap.city.slug == "bamako"


def test_an_expert_reads_but_does_not_edit(login, bamako_roadmap):
    client = login("expert")
    assert client.get(reverse("wagtailsnippets_roadmap_roadmap:list")).status_code == 200
    response = client.get(edit_url(bamako_roadmap))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_adoption_in_the_admin_asks_for_a_reason_while_checks_block(login, aston):
    kumasi = Roadmap.objects.get(network=aston, city__slug="kumasi")
    client = login("secretariat")
    url = reverse("roadmap_adopt", args=[kumasi.pk])
    page = client.get(url).content.decode()
    assert 'data-check="running_costs_above_budget"' in page
    response = client.post(url, {"adopted_on": "2022-06-01", "adopted_by": "Assembly"})
    assert response.status_code == 200
    assert "confirm the adoption with a reason" in response.content.decode()
    kumasi.refresh_from_db()
    assert kumasi.status == "draft"
    response = client.post(
        url,
        {"adopted_on": "2022-06-01", "adopted_by": "Assembly", "reason": "Budget vote in June."},
    )
    assert response.status_code == 302
    kumasi.refresh_from_db()
    assert (kumasi.status, kumasi.adopted_on) == ("adopted", datetime.date(2022, 6, 1))
    assert kumasi.adoption_reason == "Budget vote in June."


def test_a_coordinator_starts_the_roadmap_of_their_own_city(login, bamako_roadmap):
    bamako_roadmap.delete()
    client = login("bamako")
    response = client.get(reverse("wagtailsnippets_roadmap_roadmap:add"))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    data["summary"] = "A new start"
    data["yearly_budget"] = "1000"
    response = client.post(reverse("wagtailsnippets_roadmap_roadmap:add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    roadmap = Roadmap.objects.get(summary="A new start")
    assert roadmap.city.slug == "bamako" and roadmap.network.slug == "aston"


def test_the_workspace_links_to_the_roadmap_and_lists_its_checks(login, make_pilot):
    make_pilot("bamako", "scale_up", title="Address pilot")
    content = login("bamako").get(reverse("network_workspace")).content.decode()
    assert "Roadmap to scale" in content
    assert "“Address pilot” was decided “scale up”" in content


def test_every_saved_edit_keeps_a_version(login, bamako_roadmap):
    client = login("bamako")
    revisions = bamako_roadmap.revisions.count()
    data = form_data(client, bamako_roadmap)
    data["summary"] = "Second version"
    assert client.post(edit_url(bamako_roadmap), data).status_code == 302
    assert bamako_roadmap.revisions.count() == revisions + 1
    history = reverse("wagtailsnippets_roadmap_roadmap:history", args=[bamako_roadmap.pk])
    assert client.get(history).status_code == 200
