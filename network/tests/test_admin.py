"""The secretariat manages networks, cities, memberships and people in the Wagtail admin."""

import io

import openpyxl
import pytest
from django.urls import reverse

from network.models import AuditLogEntry, City, Membership, Network, Person
from network.versioning import VERSION_FIELD

MODELS = {"network": Network, "city": City, "membership": Membership, "person": Person}


def url(model_name, view, *args):
    return reverse(f"wagtailsnippets_network_{model_name}:{view}", args=args)


def city_form(city, **overrides):
    data = {
        "name": city.name,
        "slug": city.slug,
        "country": city.country.code,
        "population": city.population,
        "population_year": city.population_year or "",
        "latitude": city.latitude,
        "longitude": city.longitude,
        "languages": ", ".join(city.languages),
        "timezone": city.timezone,
        "description": city.description,
        VERSION_FIELD: city.version,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("model_name", MODELS)
def test_secretariat_sees_each_listing(secretariat_client, model_name):
    response = secretariat_client.get(url(model_name, "list"))
    assert response.status_code == 200
    assert MODELS[model_name].objects.exists()


def test_city_listing_searches_and_filters(secretariat_client):
    response = secretariat_client.get(url("city", "list"), {"q": "kuma"})
    content = response.content.decode()
    assert "Kumasi" in content and "Lagos" not in content

    response = secretariat_client.get(url("city", "list"), {"country": "MZ"})
    content = response.content.decode()
    assert "Matola" in content and "Bamako" not in content


def test_city_listing_exports_csv(secretariat_client):
    response = secretariat_client.get(url("city", "list"), {"export": "csv"})
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().strip().splitlines()
    assert len(lines) == 1 + City.objects.count()
    assert "Kumasi" in "\n".join(lines)


def test_secretariat_edits_a_city_and_the_change_is_in_its_history(secretariat_client):
    kumasi = City.objects.get(slug="kumasi")
    response = secretariat_client.post(
        url("city", "edit", kumasi.pk), city_form(kumasi, population=3_400_000)
    )
    assert response.status_code == 302
    kumasi.refresh_from_db()
    assert kumasi.population == 3_400_000
    entry = AuditLogEntry.objects.filter(object_id=str(kumasi.pk), action="wagtail.edit").first()
    assert entry.city == kumasi
    assert entry.data["changes"] == {"population": [3_300_000, 3_400_000]}
    history = secretariat_client.get(url("city", "history", kumasi.pk))
    assert history.status_code == 200


def test_secretariat_adds_a_city_and_its_membership(secretariat_client, aston):
    blank = City(name="Saint-Louis", slug="saint-louis", latitude=16.03, longitude=-16.49)
    blank.country = "SN"
    data = city_form(blank, population=250_000, languages="fr, wo", timezone="Africa/Dakar")
    response = secretariat_client.post(url("city", "add"), data)
    assert response.status_code == 302, response.context["form"].errors
    city = City.objects.get(slug="saint-louis")
    assert city.languages == ["fr", "wo"]

    response = secretariat_client.post(
        url("membership", "add"),
        {"network": aston.pk, "city": city.pk, "status": "selected", "selection_date": ""},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(network=aston, city=city, status="selected").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"population": -5}, "population", "Population cannot be negative."),
        ({"latitude": "123"}, "latitude", "Latitude must be between -90 and 90."),
        ({"country": "QQ"}, "country", "Select a valid choice."),
        ({"slug": "lagos"}, "slug", "Another city already uses this short name."),
        ({"languages": "en, klingon"}, "languages", "Unknown language code: klingon"),
    ],
)
def test_bad_city_input_is_refused_and_nothing_changes(
    secretariat_client, overrides, field, message
):
    kumasi = City.objects.get(slug="kumasi")
    response = secretariat_client.post(
        url("city", "edit", kumasi.pk), city_form(kumasi, **overrides)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    assert message in response.content.decode()
    fresh = City.objects.get(pk=kumasi.pk)
    assert (fresh.slug, fresh.population, fresh.latitude, fresh.country) == (
        kumasi.slug,
        kumasi.population,
        kumasi.latitude,
        kumasi.country,
    )


def test_bad_input_messages_follow_the_admins_language(secretariat_client):
    kumasi = City.objects.get(slug="kumasi")
    response = secretariat_client.post(
        url("city", "edit", kumasi.pk),
        city_form(kumasi, population=-5, latitude="123"),
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    content = response.content.decode()
    assert "La population ne peut pas être négative." in content
    assert "La latitude doit être comprise entre -90 et 90." in content


def test_a_duplicate_membership_is_refused_in_the_admin(secretariat_client, aston):
    bamako = City.objects.get(slug="bamako")
    response = secretariat_client.post(
        url("membership", "add"), {"network": aston.pk, "city": bamako.pk, "status": "active"}
    )
    assert response.status_code == 200
    assert "This city is already a member of this network." in response.content.decode()
    assert Membership.objects.filter(network=aston, city=bamako).count() == 1


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(url("city", "list"))
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]


def test_exports_keep_formula_like_text_as_text(secretariat_client, aston):
    Person.objects.create(
        network=aston, name='=HYPERLINK("http://evil.example","x")', role="stakeholder",
        city=City.objects.get(slug="bamako"), organisation="@SUM(1+1)",
    )  # fmt: skip
    response = secretariat_client.get(url("person", "list"), {"export": "csv"})
    content = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in content and "'@SUM" in content
    assert "\n=HYPERLINK" not in content

    response = secretariat_client.get(url("person", "list"), {"export": "xlsx"})
    workbook = io.BytesIO(b"".join(response.streaming_content))
    sheet = openpyxl.load_workbook(workbook).active
    values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value]
    assert '\'=HYPERLINK("http://evil.example","x")' in values
