"""An item's PDF is drawn once per published revision, then served from storage; a publish
has a worker draw the new one."""

from django.core.cache import cache
from django.test import override_settings

from knowledge import documents
from knowledge.models import KnowledgeItemPage
from network.models import StoredPdf
from network.tests.test_jobs import DATABASE_TASKS, worker_in_test_transaction  # noqa: F401

ADDRESS = "/en/knowledge/onboarding-cities/pdf/"


def counting_renderer(monkeypatch):
    calls = []
    render = documents.item_pdf_bytes

    def counted(page):
        calls.append(page.live_revision_id)
        return render(page)

    monkeypatch.setattr(documents, "item_pdf_bytes", counted)
    return calls


def fetch(client):
    # The page cache would answer a second request itself: this asks the PDF route every time.
    cache.clear()
    return client.get(ADDRESS)


def item():
    return KnowledgeItemPage.objects.get(slug="onboarding-cities", locale__language_code="en")


def test_the_second_reader_gets_the_stored_pdf_and_a_publish_draws_a_new_one(
    client, db, monkeypatch
):
    calls = counting_renderer(monkeypatch)
    first = fetch(client)
    assert first.status_code == 200 and first.content.startswith(b"%PDF-")
    stored = StoredPdf.objects.get(page=item())
    assert stored.revision_id == item().live_revision_id

    again = fetch(client)
    assert again.content == first.content
    assert len(calls) == 1
    assert StoredPdf.objects.get(page=item()).pk == stored.pk

    old_name = stored.file.name
    item().save_revision().publish()
    page = item()
    assert page.live_revision_id != stored.revision_id
    assert fetch(client).status_code == 200
    assert calls == [stored.revision_id, page.live_revision_id]
    new = StoredPdf.objects.get(page=page)
    assert new.revision_id == page.live_revision_id and new.file.name != old_name
    # The earlier revision's PDF is gone, from the table and from storage.
    assert not new.file.storage.exists(old_name)


@override_settings(TASKS=DATABASE_TASKS)
def test_publishing_has_the_worker_draw_the_pdf_before_anyone_asks(
    client,
    db,
    monkeypatch,
    django_capture_on_commit_callbacks,
    worker_in_test_transaction,  # noqa: F811
):
    calls = counting_renderer(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        item().save_revision().publish()
    assert calls == []
    worker_in_test_transaction()
    page = item()
    assert calls == [page.live_revision_id]
    assert StoredPdf.objects.get(page=page).revision_id == page.live_revision_id

    assert fetch(client).content.startswith(b"%PDF-")
    assert len(calls) == 1
