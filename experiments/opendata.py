"""The open-data catalogue at /data/: a registry any app appends its datasets to.

An app calls ``register(provider)`` in its ``AppConfig.ready()``; a provider takes the network and
returns a list of ``Dataset``. The catalogue page lists them per network, in the reader's language.
Every dataset carries the licence the network publishes under (the app that keeps it calls
``register_licence``), unless its provider names another.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

OPEN_LICENCE = _("Creative Commons Attribution 4.0 (CC BY 4.0)")
OPEN_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

PROVIDERS = []


@dataclass
class Dataset:
    title: str
    description: str
    format: str  # e.g. "CSV", "XLSX", "IATI 2.03 XML"
    url: str
    licence: str | None = None  # None: the network's
    licence_url: str | None = None


# function(network) -> {"name", "url", ...}: where the network's choice of licence is kept.
_LICENCE_SOURCE = []


def register(provider):
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)
    return provider


def register_licence(source):
    _LICENCE_SOURCE[:] = [source]
    return source


def network_licence(network) -> dict:
    if _LICENCE_SOURCE:
        return _LICENCE_SOURCE[0](network)
    return {"name": OPEN_LICENCE, "url": OPEN_LICENCE_URL}


def datasets(*, network) -> list[Dataset]:
    licence = network_licence(network)
    found = [dataset for provider in PROVIDERS for dataset in provider(network=network)]
    for dataset in found:
        if dataset.licence is None:
            dataset.licence, dataset.licence_url = licence["name"], licence["url"]
    return found
