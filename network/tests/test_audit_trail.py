"""Every write and every refused access is in the trail, which the secretariat reads and filters."""

from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from network import services
from network.models import AuditLogEntry, City


def test_a_service_write_records_who_which_city_and_what_changed(db, secretariat):
    services.city_upsert(slug="kumasi", population=3_500_000, actor=secretariat)
    entry = AuditLogEntry.objects.filter(action="wagtail.edit").first()
    assert entry.user == secretariat
    assert entry.city.slug == "kumasi"
    assert entry.data["changes"] == {"population": [3_300_000, 3_500_000]}


def test_an_unchanged_record_writes_no_entry(db):
    before = AuditLogEntry.objects.count()
    services.city_upsert(slug="kumasi", population=3_300_000)
    assert AuditLogEntry.objects.count() == before


def test_secretariat_filters_the_trail_by_person_city_and_action(login):
    bamako, lagos = City.objects.get(slug="bamako"), City.objects.get(slug="lagos")
    login("bamako").get(reverse("wagtailsnippets_network_city:edit", args=[lagos.pk]))
    login("lagos").get(reverse("wagtailsnippets_network_city:edit", args=[bamako.pk]))
    bamako_user = get_user_model().objects.get(username="bamako")

    client = login("secretariat")
    url = reverse("audit_trail:index")
    response = client.get(url, {"action": "baobab.refused", "user": bamako_user.pk})
    rows = response.context["object_list"]
    assert [(row.user.username, row.city) for row in rows] == [("bamako", lagos)]

    response = client.get(url, {"city": bamako.pk, "action": "baobab.refused"})
    assert [row.user.username for row in response.context["object_list"]] == ["lagos"]
    assert "another city" in response.content.decode()


def test_the_trail_is_read_only_and_for_the_secretariat(login):
    entry = AuditLogEntry.objects.first()
    for persona in ("bamako", "expert"):
        assert login(persona).get(reverse("audit_trail:index"))["Location"] == "/admin/"
    client = login("secretariat")
    assert client.get(reverse("audit_trail:inspect", args=[entry.pk])).status_code == 200
    assert client.post(reverse("audit_trail:delete", args=[entry.pk])).status_code == 302
    assert AuditLogEntry.objects.filter(pk=entry.pk).exists()


@override_settings(PRODUCTION=True)
def test_production_refuses_the_demo_password(client, db):
    assert not client.login(username="bamako", password="baobab-demo")
    response = client.post(
        reverse("wagtailadmin_login"), {"username": "bamako", "password": "baobab-demo"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_demo_password_works_outside_production(client, db):
    assert client.login(username="bamako", password="baobab-demo")
