"""Counting the SQL a request runs for its data."""

from django.conf import settings


def data_queries(queries) -> list[str]:
    """The statements of a CaptureQueriesContext, less the cache's: with the database cache
    (settings.CACHES) a cache read or write is SQL on its table, in a savepoint; with Redis it is
    none. What a page asks of the records is what must stay flat."""
    table = settings.CACHES["default"].get("LOCATION", "")
    return [
        query["sql"]
        for query in queries
        if not (table and table in query["sql"])
        and not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]
