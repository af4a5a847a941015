"""Each city follows its own copy of the network's template; bad input changes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from baobab.exceptions import SYSTEM
from network import services as network_services
from network.models import AuditLogEntry, City, Membership
from network.versioning import VERSION_FIELD
from onboarding import services
from onboarding.models import CityStep


@pytest.fixture
def city(db):
    return network_services.city_upsert(
        slug="saint-louis",
        name="Saint-Louis",
        country="SN",
        population=250_000,
        latitude="16.03",
        longitude="-16.49",
        languages=["fr"],
        actor=SYSTEM,
    )


def test_a_new_member_gets_the_template_with_due_dates_from_its_selection(aston, city):
    membership = network_services.membership_upsert(
        network=aston,
        city=city,
        status="selected",
        selection_date=datetime.date(2024, 1, 1),
        actor=SYSTEM,
    )
    steps = services.city_checklist_create(membership=membership, actor=SYSTEM)
    assert [s.step.order for s in steps] == [1, 2, 3, 4, 5, 6]
    assert steps[0].due_date == datetime.date(2024, 1, 15)
    expected_total = sum(s.step.expected_days for s in steps)
    assert steps[-1].due_date == datetime.date(2024, 1, 1) + datetime.timedelta(expected_total)
    assert services.city_checklist_create(membership=membership, actor=SYSTEM) == []


def test_a_step_done_before_selection_is_refused(aston):
    step = CityStep.objects.get(membership__city__slug="bamako", step__order=1)
    before = step.done_date
    with pytest.raises(ValidationError) as error:
        services.city_step_update(
            city_step=step, done_date=datetime.date(2018, 12, 1), actor=SYSTEM
        )
    assert error.value.message_dict["done_date"] == [
        "A step cannot be done before the city was selected."
    ]
    step.refresh_from_db()
    assert step.done_date == before


def test_done_needs_a_date_and_a_date_needs_done(aston):
    step = CityStep.objects.get(membership__city__slug="bamako", step__order=6)
    with pytest.raises(ValidationError):
        services.city_step_update(city_step=step, status="done", done_date=None, actor=SYSTEM)
    step.refresh_from_db()
    with pytest.raises(ValidationError):
        services.city_step_update(city_step=step, done_date=datetime.date(2020, 1, 1), actor=SYSTEM)


def test_making_the_membership_public_announces_it(aston, client):
    membership = Membership.objects.get(network=aston, city__slug="kumasi")
    step = membership.steps.get(step__makes_membership_public=True)
    services.city_step_update(city_step=step, done_date=datetime.date(2019, 9, 20), actor=SYSTEM)
    membership.refresh_from_db()
    assert membership.public_since == datetime.date(2019, 9, 20)
    home = client.get("/en/").content.decode()
    assert "Kumasi joins ASToN" in home
    assert "Kumasi rejoint ASToN" in client.get("/fr/").content.decode()
    assert "Announced on Sept. 20, 2019" in client.get("/en/cities/kumasi/").content.decode()
    assert "Annoncée le 20 septembre 2019" in client.get("/fr/cities/kumasi/").content.decode()


def checklist_form(step, **overrides):
    data = {
        "status": step.status,
        "done_date": step.done_date.isoformat() if step.done_date else "",
        "owner": step.owner_id or "",
        "notes": step.notes,
        "document": "",
        VERSION_FIELD: step.version,
    }
    data.update(overrides)
    return data


def test_coordinator_marks_their_citys_step_done(login):
    step = CityStep.objects.get(membership__city__slug="bamako", step__order=6)
    response = login("bamako").post(
        reverse("wagtailsnippets_onboarding_citystep:edit", args=[step.pk]),
        checklist_form(step, status="done", done_date="2020-02-10"),
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.status, step.done_date) == ("done", datetime.date(2020, 2, 10))
    entry = AuditLogEntry.objects.filter(action="wagtail.edit", object_id=str(step.pk)).first()
    assert entry.user.username == "bamako"
    assert entry.city.slug == "bamako"
    assert entry.data["changes"]["status"] == ["in_progress", "done"]


def test_coordinator_cannot_change_another_citys_checklist(login):
    step = CityStep.objects.get(membership__city__slug="lagos", step__order=6)
    before = (step.status, step.notes)
    response = login("bamako").post(
        reverse("wagtailsnippets_onboarding_citystep:edit", args=[step.pk]),
        checklist_form(step, notes="Not mine"),
    )
    assert response.status_code == 404
    step.refresh_from_db()
    assert (step.status, step.notes) == before
    refusal = AuditLogEntry.objects.get(action="baobab.refused")
    assert refusal.city == City.objects.get(slug="lagos")


def test_coordinator_cannot_move_a_due_date(login):
    step = CityStep.objects.get(membership__city__slug="bamako", step__order=6)
    response = login("bamako").post(
        reverse("wagtailsnippets_onboarding_citystep:edit", args=[step.pk]),
        checklist_form(step, due_date="2030-01-01"),
    )
    assert response.status_code == 200
    step.refresh_from_db()
    assert step.due_date.year == 2019


def test_the_workspace_shows_the_checklist_and_the_citys_warnings(login):
    content = login("bamako").get(reverse("network_workspace")).content.decode()
    assert "Secretariat visit to the city" in content
    assert "Keep selection close to the start" in content
    assert "An overdue step holds back" in content


def test_a_membership_added_in_the_admin_gets_its_checklist(login, aston, city):
    response = login("secretariat").post(
        reverse("wagtailsnippets_network_membership:add"),
        {
            "network": aston.pk,
            "city": city.pk,
            "status": "selected",
            "selection_date": "2024-02-01",
            "join_date": "",
            "public_since": "",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(city=city)
    assert membership.steps.count() == aston.onboarding_steps.count() == 6


def test_saving_a_step_returns_to_the_citys_own_checklist(login):
    step = CityStep.objects.get(membership__city__slug="bamako", step__order=6)
    response = login("bamako").post(
        reverse("wagtailsnippets_onboarding_citystep:edit", args=[step.pk]),
        checklist_form(step, notes="Visit moved to March"),
    )
    assert response.status_code == 302
    bamako = City.objects.get(slug="bamako")
    assert response.url == (
        reverse("wagtailsnippets_onboarding_citystep:list") + f"?membership__city={bamako.pk}"
    )
    listing = login("bamako").get(response.url).content.decode()
    assert "Bamako – ASToN" in listing
    assert "Lagos – ASToN" not in listing


def test_a_step_opened_from_my_city_goes_back_there_and_nowhere_else(login):
    step = CityStep.objects.get(membership__city__slug="bamako", step__order=6)
    workspace = login("bamako").get(reverse("network_workspace")).content.decode()
    edit_url = reverse("wagtailsnippets_onboarding_citystep:edit", args=[step.pk])
    next_url = reverse("network_workspace")
    assert f'href="{edit_url}?next={next_url.replace("/", "%2F")}"' in workspace
    form = login("bamako").get(edit_url, {"next": next_url}).content.decode()
    assert f'action="{edit_url}?next={next_url.replace("/", "%2F")}"' in form
    client = login("bamako")
    saved = client.post(f"{edit_url}?next={next_url}", checklist_form(step, notes="Moved"))
    assert saved.url == next_url
    step.refresh_from_db()  # the form of the second save is opened at the version now saved
    elsewhere = client.post(
        f"{edit_url}?next=https://evil.example/", checklist_form(step, notes="Moved again")
    )
    assert elsewhere.url.startswith(reverse("wagtailsnippets_onboarding_citystep:list"))
