"""The ASToN demo data of the knowledge app; called by ``demo_load``."""


def load(*, network, cities, homes, locales) -> None:
    """Create or update the demo records (idempotent: a second run duplicates nothing)."""
