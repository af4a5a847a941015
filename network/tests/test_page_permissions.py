"""Pages in the admin: a city team acts on its own city's pages only, and another city's drafts
are, for it, pages that do not exist (404), absent from every listing."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Page

from knowledge.models import KnowledgeIndexPage, KnowledgeItemPage
from knowledge.tests.helpers import item, library
from network.models import AuditLogEntry, City
from website.models import CityIndexPage, CityPage, HomePage

DRAFT_TITLE = "Bamako drainage draft, not reviewed"


def story(slug):
    return KnowledgeItemPage.objects.get(slug=f"story-{slug}", locale__language_code="en")


@pytest.fixture
def bamako_draft(db):
    """A draft Bamako's team wrote, never submitted."""
    page = item(title=DRAFT_TITLE, slug="bamako-drainage-draft", live=False)
    page.cities = [City.objects.get(slug="bamako")]
    page.owner = get_user_model().objects.get(username="bamako")
    page.save()
    page.save_revision(user=page.owner)
    return page


def page_urls(page, navigable=False):
    """Every admin address that reads or changes one page, with its methods; a page above the
    team's own (``navigable``) is still listed in the explorer and the admin API."""
    revision = page.latest_revision
    urls = [
        ("get", reverse("wagtailadmin_pages:edit", args=[page.pk])),
        ("post", reverse("wagtailadmin_pages:edit", args=[page.pk])),
        ("get", reverse("wagtailadmin_pages:view_draft", args=[page.pk])),
        ("get", reverse("wagtailadmin_pages:history", args=[page.pk])),
        ("get", reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk])),
        ("post", reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, revision.pk])),
        (
            "get",
            reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "earliest", "latest"]),
        ),
        ("get", reverse("wagtailadmin_pages:workflow_history", args=[page.pk])),
        ("get", reverse("wagtailadmin_pages:usage", args=[page.pk])),
        ("get", reverse("wagtailadmin_pages:move", args=[page.pk])),
        ("get", reverse("wagtailadmin_pages:copy", args=[page.pk])),
        ("post", reverse("wagtailadmin_pages:copy", args=[page.pk])),
        ("get", reverse("wagtailadmin_pages:delete", args=[page.pk])),
        ("post", reverse("wagtailadmin_pages:delete", args=[page.pk])),
        ("post", reverse("wagtailadmin_pages:lock", args=[page.pk])),
        ("post", reverse("wagtailadmin_pages:unlock", args=[page.pk])),
        ("get", reverse("wagtailadmin_pages:unpublish", args=[page.pk])),
        ("post", reverse("wagtailadmin_pages:unpublish", args=[page.pk])),
        ("get", reverse("wagtailadmin_pages:set_privacy", args=[page.pk])),
    ]
    if not navigable:
        urls += [
            ("get", reverse("wagtailadmin_explore", args=[page.pk])),
            ("get", f"/admin/api/main/pages/{page.pk}/"),
            ("get", reverse("wagtailadmin_pages:revisions_index", args=[page.pk])),
        ]
    if page.specific_class.creatable_subpage_models() and not isinstance(
        page.specific, KnowledgeIndexPage
    ):
        urls.append(("get", reverse("wagtailadmin_pages:add_subpage", args=[page.pk])))
    return urls


def assert_all_404(client, page, navigable=False):
    failures = []
    for method, url in page_urls(page, navigable):
        response = getattr(client, method)(url)
        if response.status_code != 404:
            failures.append(f"{method.upper()} {url}: {response.status_code}")
    assert not failures, "\n".join(failures)


def network_pages():
    return [
        library("en"),
        HomePage.objects.get(locale__language_code="en"),
        CityIndexPage.objects.get(locale__language_code="en"),
        CityPage.objects.get(city__slug="bamako", locale__language_code="en"),
    ]


def test_a_city_team_cannot_touch_a_network_page(login):
    index = library("en")
    revisions = index.revisions.count()
    title = index.title
    client = login("lagos")
    for page in network_pages():
        assert_all_404(client, page, navigable=not isinstance(page, CityPage))
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[index.pk]),
        {"title": "Rewritten by Lagos", "slug": index.slug, "intro": ""},
    )
    assert response.status_code == 404
    index.refresh_from_db()
    assert index.title == title and index.revisions.count() == revisions
    assert Page.objects.get(pk=index.pk).draft_title == title


def test_a_city_team_cannot_touch_another_citys_or_a_shared_item(login):
    shared = KnowledgeItemPage.objects.filter(
        cities__slug="lagos", locale__language_code="en"
    ).filter(cities__slug="niamey")
    client = login("lagos")
    for page in [story("bamako"), shared.get()]:
        assert_all_404(client, page)


def test_a_city_team_refused_a_page_is_recorded(login):
    index = library("en")
    login("lagos").get(reverse("wagtailadmin_pages:edit", args=[index.pk]))
    entry = AuditLogEntry.objects.filter(action="baobab.refused").latest("pk")
    assert entry.user.username == "lagos"
    assert entry.object_id == str(index.pk)


def test_a_city_team_edits_its_own_story_and_adds_items_to_the_library(login):
    client = login("lagos")
    own = story("lagos")
    assert client.get(reverse("wagtailadmin_pages:edit", args=[own.pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:history", args=[own.pk])).status_code == 200
    add = reverse("wagtailadmin_pages:add", args=["knowledge", "knowledgeitempage", library().pk])
    assert client.get(add).status_code == 200
    # The library takes one page type: its "add subpage" goes straight to the item form.
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=[library().pk]))
    assert response.status_code == 302 and response["Location"] == add
    # Anything else below the library, or below any other page, is not the team's to add.
    other = reverse(
        "wagtailadmin_pages:add",
        args=["website", "citypage", CityIndexPage.objects.get(locale__language_code="en").pk],
    )
    assert client.get(other).status_code == 404


def test_another_citys_draft_answers_404_to_a_city_team(login, bamako_draft):
    assert_all_404(login("lagos"), bamako_draft)


def test_a_draft_answers_404_to_an_expert_it_was_not_submitted_to(login, bamako_draft):
    client = login("expert")
    for name in ("view_draft", "revisions_index", "history", "edit"):
        url = reverse(f"wagtailadmin_pages:{name}", args=[bamako_draft.pk])
        assert client.get(url).status_code == 404, url


def test_the_draft_is_read_by_its_team_its_reviewers_and_the_secretariat(login, bamako_draft):
    view_draft = reverse("wagtailadmin_pages:view_draft", args=[bamako_draft.pk])
    for persona in ("bamako", "secretariat"):
        response = login(persona).get(view_draft)
        assert response.status_code == 200 and DRAFT_TITLE.encode() in response.content
    bamako = login("bamako")
    bamako.post(
        reverse("wagtailadmin_pages:edit", args=[bamako_draft.pk]),
        {
            **_form(bamako_draft),
            "action-submit": "1",
        },
    )
    bamako_draft.refresh_from_db()
    assert bamako_draft.current_workflow_task is not None
    assert login("expert").get(view_draft).status_code == 200
    assert login("lagos").get(view_draft).status_code == 404


def _form(page):
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "kind": page.kind,
            "area": page.area,
            "audience": page.audience,
            "body": streamfield([("text", rich_text("<p>The story.</p>"))]),
            "sources": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    data["cities"] = [str(city.pk) for city in page.cities.all()]
    return data


def test_another_citys_draft_is_absent_from_admin_lists(login, bamako_draft):
    index = library("en")
    lists = [
        reverse("wagtailadmin_explore", args=[index.pk]),
        reverse("wagtailadmin_pages:search") + "?q=drainage",
        reverse("wagtailadmin_explore", args=[index.pk]) + "?q=drainage&search_all=1",
        f"/admin/api/main/pages/?child_of={index.pk}&for_explorer=1",
        "/admin/api/main/pages/?search=drainage",
        reverse("wagtailadmin_choose_page_child", args=[index.pk]),
        reverse("wagtailadmin_choose_page_search") + "?q=drainage",
        reverse("wagtailadmin_reports:site_history"),
    ]
    for persona, sees in (("lagos", False), ("bamako", True), ("secretariat", True)):
        client = login(persona)
        for url in lists:
            response = client.get(url)
            assert response.status_code in (200, 302), (persona, url, response.status_code)
            if response.status_code == 302:
                continue
            body = response.content.decode()
            if response["Content-Type"].startswith("application/json"):
                body = json.dumps(response.json())
            assert (DRAFT_TITLE in body) == sees, (persona, url)


def test_a_city_team_sees_its_own_draft_in_the_explorer(login, bamako_draft):
    response = login("bamako").get(reverse("wagtailadmin_explore", args=[library("en").pk]))
    assert DRAFT_TITLE.encode() in response.content


def test_every_page_model_narrows_wagtail_rights_by_city():
    from django.apps import apps
    from django.conf import settings

    from network.permissions import CityPagePermissionTester

    ours = [
        model
        for model in apps.get_models()
        if issubclass(model, Page)
        and model is not Page
        and str(settings.BASE_DIR) in apps.get_app_config(model._meta.app_label).path
    ]
    assert {KnowledgeItemPage, KnowledgeIndexPage, CityPage, HomePage} <= set(ours)
    for model in ours:
        assert model.permissions_for_user is not Page.permissions_for_user, model
        assert model.permissions_for_user.__qualname__.startswith("CityScopedPage"), model
    assert CityPagePermissionTester


def test_a_bulk_action_naming_another_citys_draft_answers_404(login, bamako_draft):
    for action in ("delete", "move", "unpublish", "publish"):
        url = f"/admin/bulk/wagtailcore/page/{action}/?id={bamako_draft.pk}"
        assert login("lagos").get(url).status_code == 404, url
        everything = f"/admin/bulk/wagtailcore/page/{action}/?id=all&childOf={library().pk}"
        assert login("lagos").get(everything).status_code == 404, everything
    response = login("bamako").get(f"/admin/bulk/wagtailcore/page/delete/?id={bamako_draft.pk}")
    assert response.status_code == 200 and DRAFT_TITLE.encode() in response.content
