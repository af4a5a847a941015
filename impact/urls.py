"""Open datasets, outside the language prefix: the same file for every reader."""

from django.urls import path, re_path

from . import data_views

urlpatterns = [
    # Named files first: the dataset pattern would take "datapackage.json" for a table.
    path("<slug:network_slug>/catalog.jsonld", data_views.dcat, name="impact_dcat"),
    path("<slug:network_slug>/datapackage.json", data_views.datapackage, name="impact_datapackage"),
    path(
        "<slug:network_slug>/offline/<str:language>.zip",
        data_views.offline_pack_download,
        name="impact_offline_pack",
    ),
    re_path(
        r"^(?P<network_slug>[-\w]+)/(?P<name>[-\w]+)\.(?P<ext>csv|json)$",
        data_views.dataset,
        name="impact_dataset",
    ),
]
