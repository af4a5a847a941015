"""Error reports (Sentry) start only with SENTRY_DSN, and carry no personal data."""

import json
import os
import subprocess
import sys

import pytest
import sentry_sdk
from django.conf import settings
from django.test import Client
from django.urls import path
from sentry_sdk.transport import Transport

from baobab.error_reports import error_reports_start


def failing_view(request):
    email = request.user.email  # a local variable holding personal data
    raise RuntimeError(f"the view failed for user {request.user.pk} ({len(email)})")


urlpatterns = [path("fails/", failing_view)]

DUMMY_DSN = "https://key@127.0.0.1/1"


class Recorder(Transport):
    """Keeps each event instead of sending it."""

    def __init__(self, options=None):
        super().__init__(options)
        self.events = []

    def capture_envelope(self, envelope):
        event = envelope.get_event()
        if event is not None:
            self.events.append(event)


def test_without_sentry_dsn_nothing_is_started():
    assert settings.SENTRY_DSN == ""
    assert not sentry_sdk.get_client().is_active()


def test_sentry_dsn_starts_reports_from_the_settings_with_the_environment():
    code = (
        "import django, json, sentry_sdk; django.setup(); c = sentry_sdk.get_client(); "
        "print(json.dumps([c.is_active(), c.options['environment'], "
        "c.options['send_default_pii'], c.dsn]))"
    )
    env = {**os.environ, "BAOBAB_ENV": "test", "SENTRY_DSN": DUMMY_DSN}
    env["DJANGO_SETTINGS_MODULE"] = "baobab.settings"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out.splitlines()[-1]) == [True, "test", False, DUMMY_DSN]


@pytest.fixture
def reports():
    recorder = Recorder()
    error_reports_start(dsn=DUMMY_DSN, environment="test", transport=recorder)
    yield recorder
    sentry_sdk.get_client().close()
    sentry_sdk.get_global_scope().set_client(None)  # reporting off again for the next tests


@pytest.mark.urls(__name__)
def test_an_error_in_a_view_is_one_report_without_personal_data(reports, django_user_model):
    user = django_user_model.objects.create_user(
        username="reporter", email="reporter@example.org", password="a long password 1"
    )
    client = Client(raise_request_exception=False)
    client.force_login(user)
    response = client.get(
        "/fails/",
        REMOTE_ADDR="203.0.113.9",
        HTTP_AUTHORIZATION="Bearer secret-token",
        HTTP_X_FORWARDED_FOR="198.51.100.4",
    )
    assert response.status_code == 500
    sentry_sdk.flush()

    assert len(reports.events) == 1
    event = reports.events[0]
    assert event["exception"]["values"][-1]["value"].startswith("the view failed")
    assert event["environment"] == "test"
    sent = json.dumps(event)
    for personal in (
        "reporter@example.org",
        "203.0.113.9",
        "198.51.100.4",
        "secret-token",
        client.cookies[settings.SESSION_COOKIE_NAME].value,
    ):
        assert personal not in sent
    assert "user" not in event or not event["user"].get("email")
