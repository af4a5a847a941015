"""A draft appears nowhere public: page, PDF, library, search, feed, sitemap, previews, links."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template import Context, Template

from knowledge.models import KnowledgeSource
from knowledge.selectors import key_figure

from .helpers import item

TITLE = "Unreviewed draft about drainage"


@pytest.fixture
def draft(db):
    return item(title=TITLE, slug="unreviewed-draft", summary="Drainage draft text.", live=False)


def test_the_draft_page_and_its_pdf_answer_404(client, draft):
    assert client.get("/en/knowledge/unreviewed-draft/").status_code == 404
    assert client.get("/en/knowledge/unreviewed-draft/pdf/").status_code == 404


def test_the_library_search_feed_and_sitemap_leave_it_out(client, draft):
    for url in (
        "/en/knowledge/",
        "/en/knowledge/?q=drainage",
        "/en/knowledge/feed/",
        "/sitemap.xml",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert TITLE.encode() not in response.content
        assert b"unreviewed-draft" not in response.content


def test_a_published_item_reaches_every_channel(client, db):
    item(title="Published on drainage", slug="published-drainage", summary="Drainage.")
    assert client.get("/en/knowledge/published-drainage/").status_code == 200
    assert client.get("/en/knowledge/published-drainage/pdf/").status_code == 200
    for url in ("/en/knowledge/", "/en/knowledge/?q=drainage", "/en/knowledge/feed/"):
        assert b"Published on drainage" in client.get(url).content
    assert b"/en/knowledge/published-drainage/" in client.get("/sitemap.xml").content


def test_a_view_restricted_item_is_not_public_either(client, db):
    from wagtail.models import PageViewRestriction

    page = item(title="Members only on drainage", slug="members-only")
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    for url in (
        "/en/knowledge/",
        "/en/knowledge/?q=drainage",
        "/en/knowledge/feed/",
        "/sitemap.xml",
    ):
        assert b"Members only on drainage" not in client.get(url).content


def test_social_previews_and_links_back_never_name_a_draft(client, draft, db):
    from network.models import City

    city = City.objects.get(slug="bamako")
    draft.sources = [
        KnowledgeSource(content_type=ContentType.objects.get_for_model(City), object_id=city.pk)
    ]
    draft.save_revision()
    KnowledgeSource.objects.create(
        page=draft, content_type=ContentType.objects.get_for_model(City), object_id=city.pk
    )
    html = Template("{% load knowledge_tags %}{% knowledge_drawing_on record %}").render(
        Context({"record": city})
    )
    assert TITLE not in html
    assert TITLE.encode() not in client.get("/en/").content
    count = key_figure("published_items")
    draft.save_revision().publish()
    assert key_figure("published_items") == count + 1
    html = Template("{% load knowledge_tags %}{% knowledge_drawing_on record %}").render(
        Context({"record": city})
    )
    assert TITLE in html
