import json

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from network.models import Network

from . import opendata


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def dataset(request, network_slug, name, ext):
    network = get_object_or_404(Network, slug=network_slug)
    table = opendata.BY_NAME.get(name)
    if table is None:
        raise Http404
    filename = f"{network.slug}-{table.name}.{ext}"
    if ext == "csv":
        return _download(table.csv(network=network), "text/csv; charset=utf-8", filename)
    body = json.dumps(opendata.table_json(table, network=network), ensure_ascii=False, indent=1)
    return _download(body, "application/json", filename)


@require_safe
def dcat(request, network_slug):
    network = get_object_or_404(Network, slug=network_slug)
    base = request.build_absolute_uri("/").rstrip("/")
    return JsonResponse(
        opendata.dcat(network=network, base_url=base), content_type="application/ld+json"
    )


@require_safe
def datapackage(request, network_slug):
    network = get_object_or_404(Network, slug=network_slug)
    return JsonResponse(opendata.datapackage(network=network))
