"""Every write and every refused access is in the trail, which the secretariat reads and filters."""

from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from baobab.exceptions import SYSTEM
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
    services.city_upsert(slug="kumasi", population=3_300_000, actor=SYSTEM)
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


def sign_in(client, username, password):
    response = client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": password}
    )
    return response, "_auth_user_id" in client.session


@override_settings(PRODUCTION=True)
def test_production_refuses_the_demo_password(client, db):
    response, signed_in = sign_in(client, "bamako", "baobab-demo")
    assert response.status_code == 200 and not signed_in


def test_the_demo_password_works_outside_production(client, db):
    assert sign_in(client, "bamako", "baobab-demo")[1]


def test_an_unknown_user_and_a_wrong_password_get_the_same_answer(client, db):
    unknown, _ = sign_in(client, "nobody-here", "whatever-123")
    wrong, _ = sign_in(client, "bamako", "whatever-123")
    errors = [r.context["form"].non_field_errors() for r in (unknown, wrong)]
    assert errors[0] == errors[1] and errors[0]


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_even_for_the_right_password(client, db):
    for _ in range(3):
        sign_in(client, "bamako", "not-the-password")
    response, signed_in = sign_in(client, "bamako", "baobab-demo")
    assert not signed_in and response.status_code == 429
    # Another account from another address is not affected.
    other = client.post(
        reverse("wagtailadmin_login"),
        {"username": "lagos", "password": "baobab-demo"},
        REMOTE_ADDR="10.9.9.9",
    )
    assert other.status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_from_one_address_lock_that_address(client, db):
    for name in ("one", "two", "three"):
        sign_in(client, f"unknown-{name}", "not-the-password")
    response, signed_in = sign_in(client, "lagos", "baobab-demo")
    assert not signed_in and response.status_code == 429


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_forged_forwarded_address_does_not_escape_the_limit(client, db):
    for n in range(3):
        client.post(
            reverse("wagtailadmin_login"),
            {"username": f"unknown-{n}", "password": "not-the-password"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
    response, signed_in = sign_in(client, "lagos", "baobab-demo")
    assert not signed_in and response.status_code == 429


@override_settings(AXES_FAILURE_LIMIT=3, BAOBAB_BEHIND_PROXY=True)
def test_behind_the_proxy_only_the_address_it_appended_counts(client, db):
    from axes.models import AccessFailureLog

    # nginx appends the address it saw to whatever X-Forwarded-For the client sent.
    for n in range(3):
        client.post(
            reverse("wagtailadmin_login"),
            {"username": f"unknown-{n}", "password": "not-the-password"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.7",
        )
    assert set(AccessFailureLog.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": "lagos", "password": "baobab-demo"},
        HTTP_X_FORWARDED_FOR="203.0.113.99, 198.51.100.7",
    )
    assert response.status_code == 429 and "_auth_user_id" not in client.session


def test_the_limit_is_100_failures_an_hour():
    from django.conf import settings

    assert (settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME) == (100, 1)


def test_the_trail_listing_costs_the_same_queries_for_one_row_or_a_full_page(login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cities = list(City.objects.order_by("pk"))
    users = list(get_user_model().objects.order_by("pk"))
    AuditLogEntry.objects.filter(action="baobab.refused").delete()

    def refusal(i):
        AuditLogEntry.objects.create(
            action="baobab.refused",
            content_type_id=None,
            label=f"record {i}",
            user=users[i % len(users)],
            city=cities[i % len(cities)],
            timestamp=timezone.now(),
            data={"reason": "tried another city's record"},
        )

    client = login("secretariat")
    url = reverse("audit_trail:index") + "?action=baobab.refused"

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    refusal(0)
    one_row = queries()
    for i in range(1, 20):
        refusal(i)
    assert queries() == one_row
