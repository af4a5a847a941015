"""Wagtail's own views that read a field of the post without checking it was sent answer an
empty or incomplete post with a 400 and a message in the user's language, never a 500, and
nothing is saved."""

import pytest
from django.test import Client, RequestFactory
from django.urls import resolve, reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from experiments.models import Pilot
from network.models import Person
from website.models import CityPage

MESSAGES = {
    "en": "incomplete or altered",
    "fr": "incomplet ou modifié",
    "pt": "incompleto ou alterado",
}


@pytest.fixture
def client_500(secretariat):
    client = Client(raise_request_exception=False)
    client.force_login(secretariat)
    return client


def assert_refused_in_every_language(client, url, data):
    for language, message in MESSAGES.items():
        response = client.post(url, data, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 400, (language, response.content[:300])
        assert message in response.content.decode(), (language, response.content[:300])


@pytest.mark.parametrize("model", [Pilot, Person])
def test_snippet_chooser_create_refuses_an_empty_post(client_500, model):
    meta = model._meta
    url = reverse(f"wagtailsnippetchoosers_{meta.app_label}_{meta.model_name}:create")
    before = model.objects.count()
    assert_refused_in_every_language(client_500, url, {})
    assert model.objects.count() == before


@pytest.mark.parametrize("parent", [None, "", "not-a-page", "999999"])
def test_page_copy_refuses_a_missing_or_unknown_parent(client_500, parent):
    page = CityPage.objects.get(city__slug="kumasi", locale__language_code="en")
    data = {"new_title": "Copied by tampering", "new_slug": "copied-by-tampering"}
    if parent is not None:
        data["new_parent_page"] = parent
    before = Page.objects.count()
    assert_refused_in_every_language(
        client_500, reverse("wagtailadmin_pages:copy", args=[page.pk]), data
    )
    assert Page.objects.count() == before
    assert not Page.objects.filter(slug="copied-by-tampering").exists()


def test_external_link_chooser_refuses_a_post_without_its_url(client_500):
    url = reverse("wagtailadmin_choose_page_external_link")
    assert_refused_in_every_language(client_500, url, {})
    # Sent, even empty, the field is checked by its form: the form is shown again.
    response = client_500.post(url, {"external-link-chooser-url": ""})
    assert response.status_code == 200


def test_redirects_import_refuses_a_confirmation_without_its_file(client_500):
    before = Redirect.objects.count()
    assert_refused_in_every_language(
        client_500, reverse("wagtailredirects:process_import"), {"from_index": "0"}
    )
    assert Redirect.objects.count() == before


def _raise_here(exception):
    raise exception


def test_the_same_exception_raised_elsewhere_stays_an_error():
    from baobab.errors import _raised_by_unchecked_post_read

    # The view matches, but the failure comes from code other than Wagtail's unchecked read:
    # a fault to fix, not bad input.
    url = reverse("wagtailsnippetchoosers_experiments_pilot:create")
    request = RequestFactory().post(url, {})
    request.resolver_match = resolve(url)
    with pytest.raises(AttributeError) as raised:
        _raise_here(AttributeError("'NoneType' object has no attribute 'is_valid'"))
    assert not _raised_by_unchecked_post_read(request, raised.value)
