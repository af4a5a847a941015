"""The printable roadmap: WeasyPrint, with no request leaving the server."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language


def _no_fetch(url, *args, **kwargs):
    # Everything the PDF needs is inline; refuse any address a text might smuggle in.
    raise ValueError(f"external resource refused: {url}")


def roadmap_pdf(*, context, address="") -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "roadmap/city_roadmap_pdf.html",
        {**context, "language": get_language(), "address": address},
    )
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()


def roadmap_pdf_response(*, request, page, context) -> HttpResponse:
    # The printed copy names the roadmap's page, not the PDF's own address.
    address = page.get_full_url(request) + f"{context['city'].slug}/"
    pdf = roadmap_pdf(context=context, address=address)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="roadmap-{context["city"].slug}.pdf"'
    return response
