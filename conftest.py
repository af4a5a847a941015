"""Shared fixtures: the ASToN demo data set, loaded once per test database, and the personas."""

import os

import pytest

os.environ.setdefault("BAOBAB_ENV", "test")

pytest_plugins = ["baobab.tests.browser"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Every test starts from the demo data set and runs in a transaction rolled back after it.
    from baobab.exceptions import SYSTEM
    from demo.services import demo_load

    with django_db_blocker.unblock():
        demo_load(actor=SYSTEM)


@pytest.fixture
def aston(db):
    from network.models import Network

    return Network.objects.get(slug="aston")


@pytest.fixture
def secretariat(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="secretariat")


@pytest.fixture
def secretariat_client(client, secretariat):
    client.force_login(secretariat)
    return client


PERSONAS = ("anonymous", "secretariat", "bamako", "lagos", "expert")


@pytest.fixture
def login(client, db):
    """``login(persona)`` signs the test client in as a demo persona (or out, for anonymous)."""
    from django.contrib.auth import get_user_model

    def _login(persona):
        client.logout()
        if persona != "anonymous":
            client.force_login(get_user_model().objects.get(username=persona))
        return client

    return _login


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached pages must not leak from one test into another.
    from django.core.cache import cache

    cache.clear()
