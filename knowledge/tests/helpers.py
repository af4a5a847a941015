"""Building knowledge items for tests, one by one or by the thousand."""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from wagtail.models import Page

from knowledge.models import KnowledgeIndexPage, KnowledgeItemPage


def library(code="en") -> KnowledgeIndexPage:
    return KnowledgeIndexPage.objects.get(locale__language_code=code)


def item(*, title, summary="A summary.", body=None, code="en", live=True, **fields):
    """An item in ``code``'s library, published unless ``live`` is False."""
    index = library(code)
    page = KnowledgeItemPage(
        title=title,
        slug=fields.pop("slug", None) or f"t-{uuid.uuid4().hex[:10]}",
        summary=summary,
        kind=fields.pop("kind", "lesson"),
        area=fields.pop("area", "network"),
        body=body or [],
        live=False,
        **fields,
    )
    index.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
        page.refresh_from_db()
    return page


def bulk_items(count, *, code="en", prefix="Bulk"):
    """``count`` published items under the library, written in one insert per table.

    Pages are tree nodes (treebeard's materialised path): their path, depth and the parent's
    numchild are computed here, as add_child would, without its per-page queries.
    """
    index = library(code)
    index.refresh_from_db()
    content_type = ContentType.objects.get_for_model(KnowledgeItemPage)
    start = index.numchild
    now = timezone.now()
    pages = []
    for n in range(count):
        slug = f"{prefix.lower()}-{n}"
        pages.append(
            Page(
                title=f"{prefix} item {n}",
                draft_title=f"{prefix} item {n}",
                slug=slug,
                live=True,
                first_published_at=now,
                last_published_at=now,
                content_type=content_type,
                locale_id=index.locale_id,
                path=index.path + Page._int2str(start + n + 1).rjust(Page.steplen, "0"),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}{slug}/",
                translation_key=uuid.uuid4(),
            )
        )
    Page.objects.bulk_create(pages, batch_size=500)
    ids = dict(Page.objects.filter(path__in=[p.path for p in pages]).values_list("path", "id"))
    # Multi-table inheritance: bulk_create refuses the child model, so its rows go in one
    # executemany.
    table = KnowledgeItemPage._meta.db_table
    rows = [
        (ids[page.path], "lesson", "network", f"Summary of {page.title}.", "[]", "public")
        for page in pages
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (page_ptr_id, kind, area, summary, body, audience) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            rows,
        )
    Page.objects.filter(pk=index.pk).update(numchild=start + count)
    return count
