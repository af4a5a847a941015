"""The impact page, each figure's rows, and the key-figure sheet (served by ImpactPage)."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone, translation

from baobab import charts

from . import selectors
from .documents import sheet_pdf


def _network(page):
    network = page.network()
    if network is None:
        raise Http404
    return network


def impact(request, *, page):
    network = _network(page)
    figures = selectors.key_figures(network=network)
    participants = figures["participants"]
    context = page.get_context(request)
    context.update(
        base_url=page.get_url(request=request),
        network=network,
        figures=list(figures.values()),
        chart_rows=participants.by_year,
        chart=charts.bar_chart(participants.by_year),
    )
    return TemplateResponse(request, "impact/impact_page.html", context)


def provenance(request, *, page, key):
    network = _network(page)
    if key not in selectors.KEYS:
        raise Http404
    figure = selectors.key_figures(network=network, keys=(key,))[key]
    by = request.GET.get("by", "year")
    if by not in selectors.BREAKDOWNS:
        by = "year"
    breakdown = selectors.capped(getattr(figure, f"by_{by}"))
    paginator = Paginator(selectors.provenance_rows(network=network, key=key), selectors.PAGE_SIZE)
    rows = paginator.get_page(request.GET.get("page"))
    context = page.get_context(request)
    context.update(
        base_url=page.get_url(request=request),
        network=network,
        figure=figure,
        by=by,
        breakdowns=[b for b in selectors.BREAKDOWNS if getattr(figure, f"by_{b}")],
        breakdown=breakdown,
        chart=charts.bar_chart(breakdown),
        rows=rows,
    )
    return TemplateResponse(request, "impact/figure_page.html", context)


def sheet(request, *, page):
    network = _network(page)
    html = render_to_string(
        "impact/sheet.html",
        {
            "network": network,
            "figures": list(selectors.key_figures(network=network, breakdowns=False).values()),
            "today": timezone.localdate(),
            "language": translation.get_language(),
            "address": page.get_full_url(request),
        },
        request=request,
    )
    response = HttpResponse(sheet_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{network.slug}-key-figures.pdf"'
    return response
