"""The domain's refusals (NotFound, NotAllowed, Invalid) answer under /api/ as JSON
``{"message", "detail"}`` with 404, 403 and 400, in the caller's language: raised inside an
endpoint (django-ninja's handlers) or anywhere else under /api/ (the error middleware)."""

import json

import pytest
from django.test import Client, override_settings

from api.tests.test_errors import REUSE
from api.tests.test_errors import _json_error as _json
from network.models import AuditLogEntry

pytestmark = pytest.mark.django_db


def _post(client, headers, body, **extra):
    return client.post(
        "/api/reuse-records", json.dumps(body), content_type="application/json", **headers, **extra
    )


def test_not_found_from_a_service_is_a_json_404_and_recorded(client, token):
    headers = token("bamako")
    body = _json(_post(client, headers, {**REUSE, "city": "lagos"}), 404)
    assert body == {"message": "Not found.", "detail": None}
    entry = AuditLogEntry.objects.filter(action="baobab.refused").latest("pk")
    assert entry.city.slug == "lagos"
    french = _json(
        _post(client, headers, {**REUSE, "city": "lagos"}, HTTP_ACCEPT_LANGUAGE="fr"), 404
    )
    assert french["message"] == "Introuvable."


def test_not_allowed_from_a_permission_helper_is_a_json_403(client, token):
    body = _json(_post(client, token("expert"), {**REUSE, "city": "bamako"}), 403)
    assert body == {"message": "Your account may not do this.", "detail": None}
    french = _json(
        _post(client, token("expert"), {**REUSE, "city": "bamako"}, HTTP_ACCEPT_LANGUAGE="pt"),
        403,
    )
    assert french["message"] == "A sua conta não pode fazer isto."


@override_settings(ROOT_URLCONF="baobab.tests.domain_error_urls")
@pytest.mark.parametrize(
    ("kind", "status", "message", "detail"),
    [
        ("not-found", 404, "Not found.", None),
        ("not-allowed", 403, "Your account may not do this.", None),
        ("invalid", 400, "The end date is before the start date.", None),
        (
            "invalid-fields",
            400,
            "Check the dates.",
            {"end": ["The end date is before the start date."]},
        ),
    ],
)
def test_outside_an_endpoint_each_refusal_is_json_too(kind, status, message, detail):
    client = Client(raise_request_exception=False)
    body = _json(client.get(f"/api/refuse/{kind}/"), status)
    assert body == {"message": message, "detail": detail}
