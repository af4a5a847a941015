"""Schemathesis against /api/openapi.json, in-process, on the demo data: no server error, and
every answer matches the contract. A bounded number of examples keeps it under a minute."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from baobab.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def bamako_token(token):
    return token("bamako")["HTTP_AUTHORIZATION"]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # Requests go through the real WSGI handler, which closes the database connection at the
    # end of each request; the test's transaction needs it open (Django's test client does the
    # same).
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_the_api_keeps_its_contract(case, bamako_token):
    # Every check but "a schema-valid body is accepted": the domain rules (a method or a topic,
    # no date in the future, a city's own records) refuse some schema-valid bodies with a 400
    # and a message, as they should.
    # Schemathesis's in-process transport asks for compressed answers (requests' default
    # Accept-Encoding) but does not decode them, as an HTTP client would: it asks for none here.
    case.call_and_validate(
        headers={"Authorization": bamako_token, "Accept-Encoding": "identity"},
        excluded_checks=[positive_data_acceptance],
    )
