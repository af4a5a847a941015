"""PDFs of the knowledge app, drawn with WeasyPrint from HTML templates, fetching nothing."""

from django.template.loader import render_to_string


def _refuse_fetch(url, *args, **kwargs):
    # A PDF never reaches out: no external request, not even to this site.
    raise ValueError(f"not fetched: {url}")


def pdf_bytes(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()


def item_pdf_bytes(page) -> bytes:
    return pdf_bytes(render_to_string("knowledge/item_pdf.html", {"page": page}))


def item_pdf_response(*, page, request):
    """The item's PDF, drawn once per published revision and then served from storage."""
    from network.pdfs import page_pdf_response

    return page_pdf_response(page, item_pdf_bytes, f"{page.slug}.pdf")


def strategy_pdf_bytes(*, context) -> bytes:
    from django.conf import settings
    from django.urls import reverse

    address = settings.WAGTAILADMIN_BASE_URL + reverse("knowledge_strategy")
    return pdf_bytes(
        render_to_string("knowledge/admin/strategy_pdf.html", {**context, "address": address})
    )
