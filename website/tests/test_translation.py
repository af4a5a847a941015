"""Editors translate pages with wagtail-localize; a translation keeps the page's slug."""

from django.urls import reverse
from wagtail.models import Locale

from network.models import City
from website.models import CityIndexPage, CityPage


def test_secretariat_submits_a_new_city_page_for_translation(secretariat_client, aston):
    city = City.objects.create(
        name="Saint-Louis",
        slug="saint-louis",
        country="SN",
        population=250_000,
        latitude=16.03,
        longitude=-16.49,
        languages=["fr"],
    )
    index = CityIndexPage.objects.get(locale__language_code="en")
    page = index.add_child(instance=CityPage(title="Saint-Louis", slug="saint-louis", city=city))
    page.save_revision().publish()
    french = Locale.objects.get(language_code="fr")

    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    response = secretariat_client.post(url, {"locales": [french.pk]})

    assert response.status_code == 302
    translation = page.get_translation(french)
    assert translation.slug == "saint-louis"
    assert translation.specific.city == city
