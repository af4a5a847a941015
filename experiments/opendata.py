"""The open-data catalogue at /data/: the datasets every app declares.

An app registers a function for the ``open_datasets`` Wagtail hook in its ``wagtail_hooks.py``;
the function takes the network and returns a list of ``Dataset``. The catalogue page lists them
per network, in the reader's language.
Every dataset carries the licence the network publishes under, unless its provider names another:
the app that keeps the network's choice answers the ``network_licence`` Wagtail hook.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

OPEN_LICENCE = _("Creative Commons Attribution 4.0 (CC BY 4.0)")
OPEN_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


@dataclass
class Dataset:
    title: str
    description: str
    format: str  # e.g. "CSV", "XLSX", "IATI 2.03 XML"
    url: str
    licence: str | None = None  # None: the network's
    licence_url: str | None = None


def network_licence(network) -> dict:
    """{"name", "url", ...} of the licence ``network`` publishes under."""
    for licence_of in hooks.get_hooks("network_licence"):
        return licence_of(network)
    return {"name": OPEN_LICENCE, "url": OPEN_LICENCE_URL}


def datasets(*, network) -> list[Dataset]:
    licence = network_licence(network)
    providers = hooks.get_hooks("open_datasets")
    found = [dataset for provider in providers for dataset in provider(network=network)]
    for dataset in found:
        if dataset.licence is None:
            dataset.licence, dataset.licence_url = licence["name"], licence["url"]
    return found
