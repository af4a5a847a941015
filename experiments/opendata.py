"""The open-data catalogue at /data/: a registry any app appends its datasets to.

An app calls ``register(provider)`` in its ``AppConfig.ready()``; a provider takes the network and
returns a list of ``Dataset``. The catalogue page lists them per network, in the reader's language.
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
    licence: str = OPEN_LICENCE
    licence_url: str = OPEN_LICENCE_URL


def register(provider):
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)
    return provider


def datasets(*, network) -> list[Dataset]:
    return [dataset for provider in PROVIDERS for dataset in provider(network=network)]
