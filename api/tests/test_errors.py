"""Every error of the API is JSON, ``{"message": ..., "detail": ...}``, with its true status,
whichever layer answers it: the URL resolver, the method check, the body cap, the parser, the
validation or a failure of ours."""

import json

import pytest
from django.test import Client, override_settings

from impact.models import ReuseRecord

pytestmark = pytest.mark.django_db

REUSE = {"method": "Design thinking", "where": "service", "reused_in": "Permits", "evidence": "x"}


def _json_error(response, status):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"message", "detail"}
    assert body["message"]
    return body


def test_an_unknown_address_is_a_json_404(client):
    _json_error(client.get("/api/no-such-thing"), 404)
    _json_error(client.get("/api/cities/atlantis"), 404)


def test_a_wrong_method_is_a_json_405_in_the_users_language(client):
    response = client.delete("/api/cities")
    body = _json_error(response, 405)
    assert body["message"] == "This method is not allowed here."
    assert "GET" in response["Allow"]
    french = client.delete("/api/cities", HTTP_ACCEPT_LANGUAGE="fr")
    assert _json_error(french, 405)["message"] == "Cette méthode n'est pas permise ici."


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_over_the_limit_is_a_json_413(client, token):
    before = ReuseRecord.objects.count()
    big = json.dumps({**REUSE, "evidence": "x" * 2000})
    response = client.post(
        "/api/reuse-records", big, content_type="application/json", **token("bamako")
    )
    assert _json_error(response, 413)["message"] == "The request body is too large."
    assert ReuseRecord.objects.count() == before


@override_settings(BAOBAB_UPLOAD_MAX_BYTES=100)
def test_a_body_over_the_upload_cap_is_a_json_413_too(client, token):
    big = json.dumps({**REUSE, "evidence": "x" * 1_100_000})
    response = client.post(
        "/api/reuse-records", big, content_type="application/json", **token("bamako")
    )
    _json_error(response, 413)


@pytest.mark.parametrize(
    "content_type, body",
    [
        ("application/x-www-form-urlencoded", "method=Design+thinking&where=service"),
        ("text/plain", json.dumps(REUSE)),
        ("multipart/form-data; boundary=BoUnDaRy", "--BoUnDaRy--\r\n"),
    ],
)
def test_a_body_that_is_not_json_is_a_415(client, token, content_type, body):
    before = ReuseRecord.objects.count()
    response = client.post("/api/reuse-records", body, content_type=content_type, **token("bamako"))
    body = _json_error(response, 415)
    assert "application/json" in body["message"]
    assert ReuseRecord.objects.count() == before


def test_json_that_does_not_parse_is_a_400_that_says_so(client, token):
    response = client.post(
        "/api/reuse-records", "{not json", content_type="application/json", **token("bamako")
    )
    assert _json_error(response, 400)["message"] == "The body is not valid JSON."


def test_invalid_fields_are_a_json_422(client, token):
    response = client.post(
        "/api/reuse-records",
        json.dumps({**REUSE, "where": 3}),
        content_type="application/json",
        **token("bamako"),
    )
    assert _json_error(response, 422)["detail"]


def test_a_failure_of_ours_is_a_json_500(monkeypatch):
    from api import api as api_module

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(api_module, "network_member_cities", broken)
    response = Client(raise_request_exception=False).get("/api/cities")
    body = _json_error(response, 500)
    assert "database" not in body["message"] and body["detail"] is None
