"""`make bench`, key figures: 300 cities and 1,000,000 attendance rows, on a throwaway test
database; prints the number of queries and the time each figure takes."""

import os
import time

import django


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baobab.settings")
    os.environ.setdefault("BAOBAB_ENV", "test")
    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from rich.console import Console
    from rich.table import Table

    from impact import scale, selectors

    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        network = scale.build(cities=300, events=1000, people=1000)
        built = time.perf_counter() - started
        table = Table(
            title=f"Key figures: 300 cities, 1,000,000 attendance rows ({built:.1f} s to build)"
        )
        for column in ("figure", "value", "queries", "seconds"):
            table.add_column(column)
        for key in selectors.KEYS:
            with CaptureQueriesContext(connection) as context:
                started = time.perf_counter()
                figure = selectors.key_figures(network=network, keys=(key,))[key]
                elapsed = time.perf_counter() - started
            table.add_row(
                key, str(figure.value), str(len(context.captured_queries)), f"{elapsed:.2f}"
            )
        Console().print(table)
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
