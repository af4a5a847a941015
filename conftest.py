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
def _empty_cache(request):
    # Cached pages must not leak from one test into another. The cache lives in the database
    # (settings.CACHES): a test without one has nothing cached, and the test database must exist
    # before it is emptied, or the clearing would reach the database the settings name.
    from django.core.cache import cache

    uses_db = {"db", "transactional_db", "django_db_reset_sequences"} & set(request.fixturenames)
    if not uses_db and not request.node.get_closest_marker("django_db"):
        return
    request.getfixturevalue("django_db_setup")
    with request.getfixturevalue("django_db_blocker").unblock():
        cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    # A request or a test that activates French leaves it active on the thread; without this,
    # the next test's messages would depend on which test ran before it.
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
