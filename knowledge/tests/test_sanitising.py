"""Rich text and text fields never carry a script or a javascript: link to a reader."""

from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from knowledge.models import KnowledgeItemPage, sanitise_html

from .helpers import item, library

CONTENTSTATE = (
    '{"blocks": [{"key": "a1", "type": "unstyled", "text": "Click me", "depth": 0,'
    ' "inlineStyleRanges": [], "entityRanges": [{"offset": 0, "length": 8, "key": 0}]}],'
    ' "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE",'
    ' "data": {"url": "javascript:alert(1)"}}}}'
)


def test_a_crafted_post_with_a_javascript_link_and_script_markup_is_made_harmless(login):
    client = login("secretariat")
    data = nested_form_data(
        {
            "title": "<script>alert('title')</script>",
            "slug": "crafted",
            "summary": '<img src=x onerror="alert(2)"><script>alert(3)</script>',
            "kind": "lesson",
            "area": "network",
            "audience": "public",
            "body": streamfield([("text", CONTENTSTATE)]),
            "sources": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["knowledge", "knowledgeitempage", library().pk]),
        {**data, "action-publish": "1"},
    )
    assert response.status_code == 302
    page = KnowledgeItemPage.objects.get(slug="crafted")
    html = login("anonymous").get("/en/knowledge/crafted/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    # Only the inert JSON-LD data block is a script element; no handler, no javascript: link.
    assert [s.get("type") for s in soup.find_all("script")] == ["application/ld+json"]
    assert not soup.find_all(onerror=True) and not soup.find_all("img")
    assert not soup.find_all("a", href=lambda h: h and "javascript" in h.lower())
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html
    assert "Click me" in html
    assert page.live


def test_markup_stored_by_another_road_is_cleaned_when_shown(client, db):
    page = item(
        title="Imported",
        body=[
            {
                "type": "text",
                "value": '<p onclick="x()">Hi <a href="javascript:alert(1)">there</a>'
                '<script>alert(2)</script><a linktype="page" id="3">ok</a></p>',
            }
        ],
    )
    shown = str(KnowledgeItemPage.objects.get(pk=page.pk).body[0].value.source)
    assert "script" not in shown and "javascript" not in shown and "onclick" not in shown
    assert (
        '<a id="3" linktype="page">ok</a>' in shown or '<a linktype="page" id="3">ok</a>' in shown
    )
    html = client.get(page.url).content.decode()
    assert "alert(" not in html.split("</head>")[1]


def test_sanitise_keeps_wagtails_own_markup():
    html = (
        '<p>See <a href="https://example.org">this</a> '
        '<embed embedtype="image" id="4" format="left" alt="x"/></p>'
    )
    assert 'href="https://example.org"' in sanitise_html(html)
    assert 'embedtype="image"' in sanitise_html(html)
