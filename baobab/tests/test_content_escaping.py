"""Names and titles are escaped everywhere (admin listings, edit and inspect pages, success
messages, the audit trail, public pages); rich text never keeps a javascript: or data: link.

The checks walk every snippet model and every rich-text field, so apps added later are covered.
"""

import json

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.db import models
from django.urls import reverse
from wagtail.admin.rich_text import get_rich_text_editor_widget
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models
from wagtail.test.utils.form_data import _querydict_from_form

from network.models import City, Person

PAYLOAD = '"><img src=x onerror=alert(1)>'
RAW = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
TEXT_FIELDS = ("name", "title", "label")


def text_fields(model):
    """The free-text fields a person types names and titles into."""
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, (models.CharField, models.TextField))
            and not isinstance(field, (models.SlugField, models.EmailField))
            and not field.choices
            and field.editable
            and not field.unique
            and (field.max_length or 1000) >= len(PAYLOAD)
        ):
            yield field.name


def snippet_urls(model, instance):
    viewset = model.snippet_viewset
    urls = [
        reverse(viewset.get_url_name("list")),
        reverse(viewset.get_url_name("edit"), args=[instance.pk]),
    ]
    if viewset.inspect_view_enabled:
        urls.append(reverse(viewset.get_url_name("inspect"), args=[instance.pk]))
    urls.append(reverse(viewset.get_url_name("history"), args=[instance.pk]))
    return urls


def assert_escaped(html, where):
    assert RAW not in html, f"unescaped name or title in {where}"


def test_every_snippet_name_and_title_is_escaped_in_the_admin(secretariat_client):
    covered = []
    for model in get_snippet_models():
        instance = model._default_manager.order_by("pk").first()
        fields = list(text_fields(model))
        if instance is None or not fields:
            continue
        model._default_manager.filter(pk=instance.pk).update(**dict.fromkeys(fields, PAYLOAD))
        seen = False
        for url in snippet_urls(model, instance):
            response = secretariat_client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert_escaped(html, url)
            seen = seen or ESCAPED in html or "&quot;&gt;&lt;img" in html
        assert seen, f"{model.__name__}: the crafted value was not shown at all"
        covered.append(model._meta.label)
    assert {"network.City", "network.Person", "network.Network", "network.Theme"} <= set(covered)


def edit_form_data(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    form = next(
        f
        for f in soup.find_all("form")
        if f.get("method", "").lower() == "post"
        and f.find(attrs={"name": "csrfmiddlewaretoken"})
        and (f.find(attrs={"name": "name"}) or f.find(attrs={"name": "title"}))
    )
    return _querydict_from_form(form)


def test_success_messages_escape_the_name(secretariat_client, secretariat):
    covered = []
    for model in get_snippet_models():
        instance = model._default_manager.order_by("pk").first()
        viewset = model.snippet_viewset
        field = next((f for f in TEXT_FIELDS if f in set(text_fields(model))), None)
        if (
            instance is None
            or field is None
            or not viewset.permission_policy.user_has_permission(secretariat, "change")
        ):
            continue
        url = reverse(viewset.get_url_name("edit"), args=[instance.pk])
        data = edit_form_data(secretariat_client, url)
        data[field] = PAYLOAD
        response = secretariat_client.post(url, data, follow=True)
        html = response.content.decode()
        assert_escaped(html, f"{model.__name__} success message")
        if model._default_manager.filter(pk=instance.pk, **{field: PAYLOAD}).exists():
            assert ESCAPED in html, f"{model.__name__}: message missing"
            covered.append(model._meta.label)
    assert {"network.City", "network.Person"} <= set(covered)
    trail = secretariat_client.get(reverse("audit_trail:index")).content.decode()
    assert_escaped(trail, "the audit trail")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_public_pages_escape_names_and_titles(client, db, language):
    City.objects.filter(slug="bamako").update(name=PAYLOAD, description=PAYLOAD)
    Person.objects.filter(consent_to_be_listed=True, city__slug="bamako").update(
        name=PAYLOAD, organisation=PAYLOAD
    )
    page = Page.objects.get(slug="kumasi", locale__language_code=language).specific
    page.title = PAYLOAD
    page.save_revision().publish()
    for path in ("", "cities/", "cities/bamako/", "cities/kumasi/", "programme/"):
        response = client.get(f"/{language}/{path}")
        assert response.status_code == 200
        assert_escaped(response.content.decode(), path)
    assert ESCAPED in client.get(f"/{language}/cities/bamako/").content.decode()


def rich_text_fields():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, RichTextField):
                yield model, field


CRAFTED = {
    "blocks": [
        {
            "key": "a1",
            "text": "click here and here",
            "type": "unstyled",
            "depth": 0,
            "inlineStyleRanges": [],
            "entityRanges": [
                {"offset": 0, "length": 5, "key": 0},
                {"offset": 15, "length": 4, "key": 1},
            ],
            "data": {},
        }
    ],
    "entityMap": {
        "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:alert(1)"}},
        "1": {
            "type": "LINK",
            "mutability": "MUTABLE",
            "data": {"url": "data:text/html,<script>alert(1)</script>"},
        },
    },
}


def test_every_rich_text_field_drops_script_links():
    fields = list(rich_text_fields())
    assert fields
    for model, field in fields:
        widget = get_rich_text_editor_widget(features=field.features)
        stored = widget.value_from_datadict({"body": json.dumps(CRAFTED)}, {}, "body")
        assert "click" in stored, f"{model.__name__}.{field.name}"
        assert "javascript:" not in stored and "data:" not in stored, (
            f"{model.__name__}.{field.name}"
        )


def test_a_crafted_post_to_the_page_editor_keeps_no_javascript_link(secretariat_client):
    page = Page.objects.get(slug="kumasi", locale__language_code="en").specific
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    soup = BeautifulSoup(secretariat_client.get(url).content, "html.parser")
    form = soup.find("form", attrs={"data-edit-form": True}) or soup.find(
        "form", id="page-edit-form"
    )
    data = _querydict_from_form(form)
    data["body"] = json.dumps(CRAFTED)
    data["action-publish"] = "action-publish"
    response = secretariat_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    assert "click" in page.body
    assert "javascript:" not in page.body and "data:" not in page.body
    public = secretariat_client.get("/en/cities/kumasi/").content.decode()
    assert "javascript:" not in public and "data:text" not in public
