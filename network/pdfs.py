"""PDFs of published pages, drawn once per published revision and served from storage.

``page_pdf(page, render)`` answers the stored PDF of the page's live revision, drawing it with
``render(page) -> bytes`` (in the page's language) only when none is stored yet; the PDFs of
earlier revisions are dropped. Apps call it from their PDF route and from a task enqueued when
the page is published (Wagtail's ``page_published``), so readers rarely wait for a drawing.
"""

from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import translation

from .models import StoredPdf


def _stored(page) -> StoredPdf | None:
    stored = StoredPdf.objects.filter(page_id=page.pk, revision_id=page.live_revision_id).first()
    if stored is not None and stored.file and stored.file.storage.exists(stored.file.name):
        return stored
    return None


def page_pdf(page, render: Callable[..., bytes]) -> StoredPdf | None:
    """The stored PDF of ``page``'s live revision (None for a page never published)."""
    if page.live_revision_id is None:
        return None
    stored = _stored(page)
    if stored is not None:
        return stored
    with translation.override(page.locale.language_code):
        content = render(page)
    name = f"{page.pk}-{page.live_revision_id}.pdf"
    try:
        with transaction.atomic():
            stored, _created = StoredPdf.objects.get_or_create(
                page_id=page.pk, revision_id=page.live_revision_id
            )
            stored.file.save(name, ContentFile(content), save=True)
    except IntegrityError:
        # Drawn at the same time by another request or the worker: theirs is as good.
        return _stored(page)
    for old in StoredPdf.objects.filter(page_id=page.pk).exclude(pk=stored.pk):
        old.file.delete(save=False)
        old.delete()
    return stored


def page_pdf_response(page, render: Callable[..., bytes], filename: str) -> HttpResponse:
    stored = page_pdf(page, render)
    if stored is None:
        with translation.override(page.locale.language_code):
            content = render(page)
    else:
        # A page's PDF is small: read whole, it gets a length and the usual response handling.
        with stored.file.open("rb") as file:
            content = file.read()
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
