from django.conf import settings
from django.core.checks import Error, Tags, register

# Caches each process keeps for itself: a write made in one process (another gunicorn worker, a
# manage.py command) would never drop the pages the others serve.
PER_PROCESS_CACHES = {"django.core.cache.backends.locmem.LocMemCache"}


@register(Tags.caches)
def cache_shared_by_every_process(app_configs=None, **kwargs):
    if settings.BAOBAB_ENV != "production":
        return []
    return [
        Error(
            f"The {alias!r} cache ({config['BACKEND']}) is kept by each process for itself: "
            "after a write, the other processes would serve stale pages.",
            hint="Set REDIS_URL, or leave it unset for the database cache.",
            id="website.E001",
        )
        for alias, config in settings.CACHES.items()
        if config["BACKEND"] in PER_PROCESS_CACHES
    ]
