"""The admin speaks the site's languages, and all of Wagtail's own words in each of them."""

import pytest
from django.urls import reverse
from wagtail.admin.localization import get_available_admin_languages
from wagtail.users.models import UserProfile


def test_the_admin_offers_exactly_the_sites_languages():
    # A regional variant such as pt-pt would give the admin links to public pages that do not exist.
    assert [code for code, _name in get_available_admin_languages()] == ["en", "fr", "pt"]


@pytest.fixture
def portuguese_client(client, secretariat):
    profile = UserProfile.get_for_user(secretariat)
    profile.preferred_language = "pt"
    profile.save()
    client.force_login(secretariat)
    return client


def test_wagtails_own_words_are_portuguese_where_only_brazil_translated_them(portuguese_client):
    # Wagtail's European Portuguese lacks "New: %(model_name)s"; the Brazilian words fill it.
    response = portuguese_client.get(reverse("wagtailsnippets_experiments_pilot:add"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Novo: " in page and "New: " not in page


def test_the_admins_script_catalogue_is_portuguese_too(portuguese_client):
    response = portuguese_client.get(reverse("wagtailadmin_javascript_catalog"))
    assert "Colapsar tudo" in response.content.decode()


def test_baobabs_own_portuguese_wins_over_the_libraries(portuguese_client):
    # Baobab says "Guardar" where Wagtail's Brazilian catalogue says "Salvar".
    page = portuguese_client.get(reverse("wagtailsnippets_experiments_pilot:add")).content.decode()
    assert "Guardar" in page and "Salvar" not in page
