"""PDFs of the knowledge app, drawn with WeasyPrint from HTML templates, fetching nothing."""

from django.http import HttpResponse
from django.template.loader import render_to_string


def _refuse_fetch(url, *args, **kwargs):
    # A PDF never reaches out: no external request, not even to this site.
    raise ValueError(f"not fetched: {url}")


def pdf_bytes(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()


def pdf_response(html: str, filename: str) -> HttpResponse:
    response = HttpResponse(pdf_bytes(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def item_pdf_response(*, page, request):
    html = render_to_string(
        "knowledge/item_pdf.html", {"page": page, "request": request}, request=request
    )
    return pdf_response(html, f"{page.slug}.pdf")


def strategy_pdf_response(*, context, request):
    from django.conf import settings
    from django.urls import reverse

    address = settings.WAGTAILADMIN_BASE_URL + reverse("knowledge_strategy")
    html = render_to_string(
        "knowledge/admin/strategy_pdf.html", {**context, "address": address}, request=request
    )
    return pdf_response(html, "knowledge-strategy.pdf")
