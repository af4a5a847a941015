"""A city team starts its city story or a case study from My city, in the right library and
language, filed under its own city; an expert's approval lands them back on their queue."""

from bs4 import BeautifulSoup
from django.urls import reverse

from knowledge.models import KnowledgeItemPage
from network.models import City

from .helpers import library
from .test_workflow import add_url, form

WRITE_STORY = reverse("knowledge_write", args=["city_story"])
WRITE_CASE = reverse("knowledge_write", args=["case_study"])


def _french(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"
    return client


def _actions(client):
    soup = BeautifulSoup(client.get(reverse("network_workspace")).content, "html.parser")
    return {a.get_text(strip=True): a["href"] for a in soup.select("a.button")}


def test_my_city_opens_a_new_city_story_in_the_users_language_filed_under_the_city(login):
    bamako = City.objects.get(slug="bamako")
    for story in KnowledgeItemPage.objects.filter(kind="city_story", cities=bamako):
        story.delete()
    client = _french(login("bamako"))
    actions = _actions(client)
    assert actions["Rédiger notre récit de ville"] == WRITE_STORY
    assert actions["Rédiger une étude de cas"] == WRITE_CASE

    editor = client.get(WRITE_STORY)
    assert editor.status_code == 200
    soup = BeautifulSoup(editor.content, "html.parser")
    french_library = library("fr")
    add = reverse(
        "wagtailadmin_pages:add", args=["knowledge", "knowledgeitempage", french_library.pk]
    )
    assert soup.select_one("form#page-edit-form")["action"] == add
    assert soup.select_one("select[name=kind] option[selected]")["value"] == "city_story"
    assert soup.select_one("select[name=area] option[selected]")["value"] == "city_stories"
    assert [o["value"] for o in soup.select("select[name=cities] option[selected]")] == [
        str(bamako.pk)
    ]

    saved = client.post(
        add,
        form("Bamako, ville d'adresses", "bamako-ville", cities=[bamako], summary=""),
    )
    assert saved.status_code == 302
    draft = KnowledgeItemPage.objects.get(slug="bamako-ville")
    assert not draft.live
    assert draft.locale.language_code == "fr"
    assert draft.get_parent().pk == french_library.pk
    assert list(draft.get_latest_revision_as_object().cities.all()) == [bamako]

    edit = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert _actions(client)["Continuer notre récit de ville"] == edit
    assert client.get(WRITE_STORY).url == edit


def test_a_story_already_begun_is_continued_not_started_again(login):
    french_story = KnowledgeItemPage.objects.get(slug="story-bamako", locale__language_code="fr")
    client = _french(login("bamako"))
    edit = reverse("wagtailadmin_pages:edit", args=[french_story.pk])
    assert _actions(client)["Continuer notre récit de ville"] == edit
    assert client.get(WRITE_STORY).url == edit


def test_a_case_study_started_from_my_city_cannot_be_filed_under_another_city(login):
    lagos = City.objects.get(slug="lagos")
    client = login("bamako")
    assert client.get(WRITE_CASE).status_code == 200
    refused = client.post(add_url(), form("Lagos by Bamako", "lagos-case", cities=[lagos]))
    assert refused.status_code == 200
    assert "You may file items under your own city only." in refused.content.decode()
    assert not KnowledgeItemPage.objects.filter(slug="lagos-case").exists()


def test_the_secretariat_gets_the_editor_with_no_city_and_an_expert_none(login):
    editor = login("secretariat").get(WRITE_STORY)
    assert editor.status_code == 200
    soup = BeautifulSoup(editor.content, "html.parser")
    assert soup.select_one("select[name=kind] option[selected]")["value"] == "city_story"
    assert soup.select("select[name=cities] option[selected]") == []
    refused = login("expert").get(WRITE_STORY)
    assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")
    assert login("bamako").get(reverse("knowledge_write", args=["episode"])).status_code == 404


def test_an_expert_approving_in_the_editor_lands_on_their_review_queue(login):
    client = login("lagos")
    client.post(add_url(), {**form("Lagos learns", "lagos-learns"), "action-submit": "1"})
    page = KnowledgeItemPage.objects.get(slug="lagos-learns")
    expert = login("expert")
    response = expert.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {
            **form("Lagos learns", "lagos-learns"),
            "action-workflow-action": "1",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": "{}",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    page.refresh_from_db()
    assert page.live
    landing = expert.get(response.url).content.decode()
    assert "“Lagos learns” is approved and published." in landing
    assert page.get_url() in landing
    assert "do not have permission" not in landing
