"""The domain's refusals (NotFound, NotAllowed, Invalid) answer as pages: 404, 403 and 400, in
the user's language, whichever service or permission helper raised them."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import reverse

from learning.models import Quarter
from network.models import City

URLS = "baobab.tests.domain_error_urls"

pytestmark = pytest.mark.django_db


def _page(response, status):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def client_500():
    return Client(raise_request_exception=False)


@override_settings(ROOT_URLCONF=URLS)
@pytest.mark.parametrize(
    ("kind", "status", "english", "french"),
    [
        ("not-found", 404, "Not found.", "Introuvable."),
        (
            "not-allowed",
            403,
            "Your account may not do this.",
            "Votre compte ne peut pas faire cela.",
        ),
    ],
)
def test_not_found_and_not_allowed_are_pages_in_the_users_language(
    client_500, kind, status, english, french
):
    page = _page(client_500.get(f"/en/refuse/{kind}/"), status)
    assert page.h1.get_text(strip=True) == english
    assert page.html["lang"] == "en"
    page = _page(client_500.get(f"/fr/refuse/{kind}/"), status)
    assert page.h1.get_text(strip=True) == french
    assert page.html["lang"] == "fr"


@override_settings(ROOT_URLCONF=URLS)
def test_invalid_is_a_400_page_with_its_message_and_field_errors(client_500):
    page = _page(client_500.get("/en/refuse/invalid/"), 400)
    assert page.h1.get_text(strip=True) == "The end date is before the start date."
    page = _page(client_500.get("/en/refuse/invalid-fields/"), 400)
    assert page.h1.get_text(strip=True) == "Check the dates."
    assert "end: The end date is before the start date." in page.get_text()


@override_settings(ROOT_URLCONF=URLS)
def test_in_the_admin_a_refusal_of_the_role_is_answered_as_wagtail_answers_its_own(
    client_500, django_user_model
):
    client_500.force_login(django_user_model.objects.get(username="expert"))
    response = client_500.get("/admin/refuse/not-allowed/")
    assert response.status_code == 302
    xhr = client_500.get("/admin/refuse/not-allowed/", HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert xhr.status_code == 403


def test_another_citys_record_reached_through_a_service_is_a_404_page(client_500):
    """The permission helper raises NotFound; the page says so in the user's language."""
    client_500.force_login(get_user_model().objects.get(username="lagos"))
    quarter = Quarter.objects.first()
    url = reverse("learning_needs", args=[quarter.pk, City.objects.get(slug="bamako").pk])
    page = _page(client_500.get(url), 404)
    assert page.h1.get_text(strip=True) == "Not found."
