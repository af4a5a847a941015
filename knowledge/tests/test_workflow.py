"""Draft, review by an expert, publish: who may do what with a knowledge item."""

import datetime

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from knowledge.models import KnowledgeItemPage
from network.models import City

from .helpers import item, library


def form(title, slug, cities=(), **extra):
    data = {
        "title": title,
        "slug": slug,
        "summary": "What the team learned.",
        "kind": "city_story",
        "area": "city_stories",
        "audience": "public",
        "body": streamfield([("text", rich_text("<p>The story.</p>"))]),
        "sources": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(extra)
    encoded = nested_form_data(data)
    if cities:
        encoded["cities"] = [str(city.pk) for city in cities]
    return encoded


def add_url():
    return reverse(
        "wagtailadmin_pages:add", args=["knowledge", "knowledgeitempage", library("en").pk]
    )


def test_a_city_team_drafts_its_story_but_cannot_publish_it(login):
    client = login("bamako")
    bamako = City.objects.get(slug="bamako")
    response = client.post(
        add_url(), {**form("Bamako's story", "bamako-draft"), "action-publish": "1"}
    )
    assert response.status_code == 302
    page = KnowledgeItemPage.objects.get(slug="bamako-draft")
    assert not page.live
    assert list(page.get_latest_revision_as_object().cities.all()) == [bamako]
    assert login("anonymous").get("/en/knowledge/bamako-draft/").status_code == 404


def test_a_city_team_cannot_file_a_story_under_another_city(login):
    client = login("bamako")
    lagos = City.objects.get(slug="lagos")
    response = client.post(add_url(), form("Lagos by Bamako", "lagos-by-bamako", cities=[lagos]))
    assert response.status_code == 200
    assert "You may file items under your own city only." in response.content.decode()
    assert not KnowledgeItemPage.objects.filter(slug="lagos-by-bamako").exists()


def test_another_citys_story_answers_404_to_a_city_team(login):
    story = KnowledgeItemPage.objects.get(slug="story-lagos", locale__language_code="en")
    before = story.title
    client = login("bamako")
    assert client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).status_code == 404
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[story.pk]), form("Changed", "story-lagos")
    )
    assert response.status_code == 404
    assert client.post(reverse("wagtailadmin_pages:delete", args=[story.pk])).status_code in (
        302,
        404,
    )
    story.refresh_from_db()
    assert story.title == before and story.live
    own = KnowledgeItemPage.objects.get(slug="story-lagos", locale__language_code="en")
    assert login("lagos").get(reverse("wagtailadmin_pages:edit", args=[own.pk])).status_code == 200


def test_submitted_then_approved_by_an_expert_it_is_published(login):
    client = login("lagos")
    client.post(add_url(), {**form("Lagos learns", "lagos-learns"), "action-submit": "1"})
    page = KnowledgeItemPage.objects.get(slug="lagos-learns")
    assert not page.live
    state = page.current_workflow_task_state
    assert state is not None and state.task.name == "Review by an expert"
    # The coordinator cannot approve their own submission.
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])
    client.post(url, {"comment": "Looks good to me"})
    page.refresh_from_db()
    assert not page.live
    expert = login("expert")
    response = expert.post(url, {"comment": "Clear and useful."})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    assert b"Lagos learns" in login("anonymous").get("/en/knowledge/").content


def test_the_secretariat_publishes_directly_and_may_schedule(login):
    client = login("secretariat")
    later = (timezone.now() + datetime.timedelta(days=3)).strftime("%Y-%m-%d %H:%M")
    client.post(
        add_url(),
        {**form("Scheduled brief", "scheduled-brief"), "go_live_at": later, "action-publish": "1"},
    )
    page = KnowledgeItemPage.objects.get(slug="scheduled-brief")
    assert not page.live
    assert page.go_live_at is not None
    assert b"Scheduled brief" not in login("anonymous").get("/en/knowledge/").content
    revision = page.scheduled_revision
    # Three days later, as far as the page knows.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    client = login("secretariat")
    client.post(add_url(), {**form("Now", "now-brief"), "action-publish": "1"})
    assert Page.objects.get(slug="now-brief").live


def test_experts_cannot_edit_an_item_outside_a_review(login):
    story = item(title="A reviewed item", slug="reviewed")
    response = login("expert").get(reverse("wagtailadmin_pages:edit", args=[story.pk]))
    assert response.status_code in (302, 403)
