"""The printable roadmap: WeasyPrint, with no request leaving the server."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language


def _no_fetch(url, *args, **kwargs):
    # Everything the PDF needs is inline; refuse any address a text might smuggle in.
    raise ValueError(f"external resource refused: {url}")


def roadmap_pdf(*, context) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "roadmap/city_roadmap_pdf.html", {**context, "language": get_language()}
    )
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()


def roadmap_pdf_response(*, request, page, context) -> HttpResponse:
    response = HttpResponse(roadmap_pdf(context=context), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="roadmap-{context["city"].slug}.pdf"'
    return response
