"""The impact app's datasets for the open-data catalogue (filled in by impact.opendata)."""


def open_datasets(*, network):
    from .opendata import catalogue_datasets

    return catalogue_datasets(network=network)
