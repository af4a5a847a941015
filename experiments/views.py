"""Public pages of the pilots (served by PilotIndexPage's routes), exports and /data/."""

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from network.models import Network, Theme
from network.selectors import network_default, page_network

from . import exports, opendata, selectors
from .models import Decision, Pilot


class PortfolioFilterForm(forms.Form):
    city = forms.ChoiceField(label=_("City"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Pilot.Status.choices]
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[
            ("", _("All")),
            *Decision.Kind.choices,
            (selectors.NO_DECISION, _("Not decided yet")),
        ],
    )

    def __init__(self, *args, cities, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].choices = [("", _("All"))] + [(c.slug, c.name) for c in cities]
        self.fields["theme"].choices = [("", _("All"))] + [(t.slug, t.label) for t in themes]

    def filters(self) -> dict:
        """The valid filters; a value that is not one of the choices is dropped (and shown)."""
        if self.is_valid():
            return {name: value for name, value in self.cleaned_data.items() if value}
        return {
            name: self.data.get(name)
            for name in self.fields
            if name not in self.errors and self.data.get(name)
        }


def portfolio(request, *, page):
    network = page_network(page)
    if network is None:
        raise Http404
    cities = selectors.filter_cities(network=network)
    themes = list(Theme.objects.order_by("order", "name"))
    form = PortfolioFilterForm(request.GET or None, cities=cities, themes=themes)
    filters = form.filters() if request.GET else {}
    context = page.get_context(request)
    context.update(
        selectors.portfolio_context(
            network=network,
            filters=filters,
            themes=themes,
            page_number=request.GET.get("page", 1),
        )
    )
    query = request.GET.copy()
    query.pop("page", None)
    context.update(form=form, filtered=bool(filters), query=query.urlencode())
    return TemplateResponse(request, "experiments/pilot_index_page.html", context)


def pilot(request, *, page, slug):
    network = page_network(page)
    found = network and selectors.pilot_for_page(network=network, slug=slug)
    if not found:
        raise Http404
    context = page.get_context(request)
    rates = selectors.rates_for(network=network)
    context.update(selectors.pilot_context(pilot=found, rates=rates))
    return TemplateResponse(request, "experiments/pilot_page.html", context)


def _network(slug) -> Network:
    return get_object_or_404(Network, slug=slug)


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def portfolio_csv(request, network_slug):
    network = _network(network_slug)
    return _download(
        exports.portfolio_csv(network=network),
        "text/csv; charset=utf-8",
        f"{network.slug}-pilots.csv",
    )


@require_safe
def portfolio_xlsx(request, network_slug):
    network = _network(network_slug)
    return _download(
        exports.portfolio_xlsx(network=network),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"{network.slug}-pilots.xlsx",
    )


@require_safe
def iati(request, network_slug):
    network = _network(network_slug)
    return HttpResponse(exports.iati_xml(network=network), content_type="application/xml")


@require_safe
def catalogue(request):
    network = network_default()
    return TemplateResponse(
        request,
        "experiments/data_catalogue.html",
        {
            "network": network,
            "datasets": opendata.datasets(network=network) if network else [],
        },
    )
