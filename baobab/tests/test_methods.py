"""Outside the API, the site's addresses take GET, HEAD and POST: any other method is a 405
before a view runs, except where one of Wagtail's admin scripts uses it."""

from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from impact.models import ReuseRecord
from network.models import AuditLogEntry, City


def test_a_delete_sent_to_a_delete_view_deletes_nothing(login, aston):
    record = ReuseRecord.objects.create(
        network=aston,
        city=City.objects.get(slug="bamako"),
        method="Design thinking",
        where="service",
        reused_in="A service",
        evidence="Minutes",
    )
    url = reverse("wagtailsnippets_impact_reuserecord:delete", args=[record.pk])
    for persona in ("bamako", "secretariat"):
        response = login(persona).delete(url)
        assert response.status_code == 405
        assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "POST"}
    assert ReuseRecord.objects.filter(pk=record.pk).exists()
    # Records others depend on are refused the same way, not with an error.
    city = City.objects.get(slug="lagos")
    response = login("secretariat").delete(
        reverse("wagtailsnippets_network_city:delete", args=[city.pk])
    )
    assert response.status_code == 405


def test_a_put_of_a_filled_edit_form_saves_nothing(login):
    city = City.objects.get(slug="bamako")
    url = reverse("wagtailsnippets_network_city:edit", args=[city.pk])
    client = login("bamako")
    data = querydict_from_html(client.get(url).content.decode(), form_id="w-editor-form")
    data["description"] = "Sent as a PUT"
    logged = AuditLogEntry.objects.count()
    response = client.put(url, data.urlencode(), content_type="application/x-www-form-urlencoded")
    assert response.status_code == 405
    city.refresh_from_db()
    assert city.description != "Sent as a PUT"
    assert AuditLogEntry.objects.count() == logged


def test_other_methods_are_refused_to_everyone_on_every_kind_of_address(login):
    urls = ["/en/", reverse("wagtailadmin_home"), reverse("sitemap")]
    for persona in ("anonymous", "expert"):
        client = login(persona)
        for url in urls:
            for method in ("put", "patch", "delete", "options"):
                assert getattr(client, method)(url).status_code == 405, (persona, method, url)
            assert client.head(url).status_code != 405


def test_the_methods_wagtails_admin_scripts_use_still_reach_their_views(login):
    from website.models import CityPage

    dismissed = login("expert").patch(
        reverse("wagtailadmin_dismissibles"), '{"whats-new": true}', "application/json"
    )
    assert dismissed.status_code == 200
    page = CityPage.objects.get(city__slug="kumasi", locale__language_code="en")
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    assert login("secretariat").delete(preview).status_code == 200
