"""A malformed form post is bad input: a 400 with a message in the user's language, never a
500, and nothing is saved."""

import pytest
from django.test import Client
from django.urls import reverse

from experiments.models import Pilot
from knowledge.models import KnowledgeItemPage
from programme.models import CityDeliverable
from roadmap.models import Roadmap


@pytest.fixture
def client_500(secretariat):
    client = Client(raise_request_exception=False)
    client.force_login(secretariat)
    return client


def _edit_urls():
    return {
        # The inline rows are said to exist already, but their ids are missing.
        "roadmap": (
            reverse("wagtailsnippets_roadmap_roadmap:edit", args=[Roadmap.objects.first().pk]),
            {"resources-TOTAL_FORMS": "2", "resources-INITIAL_FORMS": "2"},
        ),
        "deliverable": (
            reverse(
                "wagtailsnippets_programme_citydeliverable:edit",
                args=[CityDeliverable.objects.first().pk],
            ),
            {"stakeholders-TOTAL_FORMS": "2", "stakeholders-INITIAL_FORMS": "2"},
        ),
        # An inline row pointing at a record that is not there.
        "pilot": (
            reverse("wagtailsnippets_experiments_pilot:edit", args=[Pilot.objects.first().pk]),
            {
                "indicators-TOTAL_FORMS": "2",
                "indicators-INITIAL_FORMS": "2",
                "indicators-0-id": "abc",
            },
        ),
        # A page form without its stream field's count.
        "page": (
            reverse("wagtailadmin_pages:edit", args=[KnowledgeItemPage.objects.first().pk]),
            {},
        ),
    }


@pytest.mark.parametrize("form", ["roadmap", "deliverable", "pilot", "page"])
def test_a_form_posted_without_the_data_it_needs_is_a_400(client_500, form):
    url, data = _edit_urls()[form]
    response = client_500.post(url, {"title": "Tampered", **data})
    assert response.status_code == 400
    assert "incomplete or altered" in response.content.decode()
    french = client_500.post(url, {"title": "Tampered", **data}, HTTP_ACCEPT_LANGUAGE="fr")
    assert french.status_code == 400
    assert "incomplet ou modifié" in french.content.decode()
    assert not Pilot.objects.filter(title="Tampered").exists()
    assert not KnowledgeItemPage.objects.filter(title="Tampered").exists()
