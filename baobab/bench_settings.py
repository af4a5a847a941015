"""Baobab's settings, with the bench's URLs added: what `make bench` serves (baobab.bench_wsgi)."""

from baobab.settings import *  # noqa: F403

ROOT_URLCONF = "baobab.bench_urls"

# As in production: each worker keeps its database connection between requests.
DATABASES["default"]["CONN_MAX_AGE"] = 600  # noqa: F405
