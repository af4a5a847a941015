import json

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
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


@require_safe
def offline_packs(request, network_slug):
    """/<lang>/offline/<network>/: the packs to download, in the reader's language. A reader of a
    language the network does not publish in still finds the page, in that language, offering
    the packs of the languages it does publish in."""
    from django.template.response import TemplateResponse

    from .pack import human_size
    from .selectors import offline_packs as packs_of

    network = get_object_or_404(Network, slug=network_slug)
    packs = [
        {
            "pack": pack,
            "size": human_size(pack.size),
            "url": reverse("impact_offline_pack", args=[network.slug, pack.language]),
            "language_name": _language_name(pack.language),
        }
        for pack in packs_of(network=network)
    ]
    return TemplateResponse(
        request, "impact/offline_packs.html", {"network": network, "packs": packs}
    )


def _language_name(code):
    from django.utils.translation import get_language_info
    from django.utils.translation import gettext as _

    if code == "all":
        return _("All languages")
    return get_language_info(code)["name_local"]


@require_safe
def offline_pack_download(request, network_slug, language):
    from django.http import FileResponse

    from .selectors import offline_pack

    network = get_object_or_404(Network, slug=network_slug)
    pack = offline_pack(network=network, language=language)
    if pack is None or not pack.file:
        raise Http404
    return FileResponse(
        pack.file.open("rb"),
        as_attachment=True,
        filename=f"{network.slug}-{language}-offline.zip",
        content_type="application/zip",
    )
