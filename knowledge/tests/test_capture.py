"""The capture inbox: candidates, making a draft from one, dismissing one, and who may."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType
from django.template import Context, Template
from django.urls import reverse

from experiments.models import Decision, Pilot
from knowledge.models import CaptureMark, KnowledgeItemPage
from learning.models import Event, Reflection
from network.models import City, Theme


@pytest.fixture
def reflection(db):
    return Reflection.objects.filter(share_lesson=True, city__slug="bamako").order_by("pk").first()


@pytest.fixture
def decision(aston):
    pilot = Pilot.objects.create(
        network=aston,
        city=City.objects.get(slug="lagos"),
        title="Digital market fees",
        slug="digital-market-fees",
        theme=Theme.objects.get(slug="tax-collection"),
        problem="Fees collected in cash go missing.",
        hypothesis="Paying by phone raises what reaches the city.",
    )
    return Decision.objects.create(
        pilot=pilot,
        kind="scale_up",
        decided_on=datetime.date(2021, 12, 1),
        decided_by="Mayor's cabinet",
        evidence="Revenue up by a third in the test market.",
    )


def candidates(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return {row["data-candidate"] for row in soup.select("tr[data-candidate]")}


def capture_url(key, pk):
    return reverse("knowledge_capture", args=[key, pk])


def test_the_inbox_gathers_reflections_decisions_and_events(login, reflection, decision):
    event = Event.objects.exclude(notes="").first()
    found = candidates(login("secretariat").get(reverse("knowledge_inbox")))
    assert {f"reflection-{reflection.pk}", f"decision-{decision.pk}", f"event-{event.pk}"} <= found
    # A reflection the city did not mark as worth sharing is not a candidate.
    reflection.share_lesson = False
    reflection.save()
    assert f"reflection-{reflection.pk}" not in candidates(
        login("secretariat").get(reverse("knowledge_inbox"))
    )


def test_a_city_team_sees_its_own_candidates_only(login, reflection, decision):
    bamako = candidates(login("bamako").get(reverse("knowledge_inbox")))
    assert f"reflection-{reflection.pk}" in bamako
    assert f"decision-{decision.pk}" not in bamako
    assert f"decision-{decision.pk}" in candidates(login("lagos").get(reverse("knowledge_inbox")))


def test_making_a_draft_prefills_it_and_links_it_to_its_source(login, reflection):
    client = login("bamako")
    response = client.post(capture_url("reflection", reflection.pk), {"action": "draft"})
    item = KnowledgeItemPage.objects.get(sources__object_id=reflection.pk)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[item.pk])
    assert not item.live
    assert item.kind == "lesson"
    assert item.summary == reflection.lesson
    assert list(item.cities.all()) == [reflection.city]
    assert "What did not work" in str(item.body)
    source = item.sources.get()
    assert source.content_type == ContentType.objects.get_for_model(Reflection)
    assert source.record == reflection
    assert f"reflection-{reflection.pk}" not in candidates(client.get(reverse("knowledge_inbox")))
    # Handled once: a second post changes nothing.
    client.post(capture_url("reflection", reflection.pk), {"action": "draft"})
    assert KnowledgeItemPage.objects.filter(sources__object_id=reflection.pk).count() == 1


def test_a_decision_becomes_a_case_study_with_the_pilots_theme(login, decision):
    login("secretariat").post(capture_url("decision", decision.pk), {"action": "draft"})
    item = KnowledgeItemPage.objects.get(title__startswith="Digital market fees")
    assert item.kind == "case_study"
    assert list(item.themes.values_list("slug", flat=True)) == ["tax-collection"]
    assert [block.block_type for block in item.body] == ["text", "pilot_chart"]


def test_dismissing_needs_a_reason(login, reflection):
    client = login("secretariat")
    response = client.post(
        capture_url("reflection", reflection.pk), {"action": "dismiss", "reason": "  "}, follow=True
    )
    assert "Say why this candidate is dismissed." in response.content.decode()
    assert not CaptureMark.objects.exists()
    client.post(
        capture_url("reflection", reflection.pk),
        {"action": "dismiss", "reason": "Already told in the Bamako story."},
    )
    mark = CaptureMark.objects.get()
    assert mark.status == "dismissed" and mark.reason == "Already told in the Bamako story."
    assert f"reflection-{reflection.pk}" not in candidates(client.get(reverse("knowledge_inbox")))


def test_another_citys_candidate_answers_404_and_nothing_changes(login, reflection, decision):
    client = login("bamako")
    assert client.post(capture_url("decision", decision.pk), {"action": "draft"}).status_code == 404
    response = client.post(
        capture_url("decision", decision.pk), {"action": "dismiss", "reason": "Not ours"}
    )
    assert response.status_code == 404
    assert client.post(capture_url("nothing", 1), {"action": "draft"}).status_code == 404
    assert not CaptureMark.objects.exists()
    assert (
        login("expert")
        .post(capture_url("reflection", reflection.pk), {"action": "draft"})
        .status_code
        == 302
    )
    assert not CaptureMark.objects.exists()


def test_a_published_item_is_listed_on_its_sources_page(login, reflection):
    login("bamako").post(capture_url("reflection", reflection.pk), {"action": "draft"})
    item = KnowledgeItemPage.objects.get(sources__object_id=reflection.pk)
    template = Template("{% load knowledge_tags %}{% knowledge_drawing_on record %}")
    assert item.title not in template.render(Context({"record": reflection}))
    item.save_revision().publish()
    html = template.render(Context({"record": reflection}))
    assert item.title.replace("'", "&#x27;") in html
    assert item.url in html
