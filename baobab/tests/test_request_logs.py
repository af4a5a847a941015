"""Production logs one JSON line per request (method, path, status, duration, user and city),
and errors as JSON lines with their traceback."""

import json
import logging
import sys

import pytest
from django.contrib.auth import get_user_model

from baobab.logs import JsonFormatter


@pytest.fixture
def request_lines(caplog):
    caplog.set_level(logging.INFO, logger="baobab.requests")

    def lines():
        return [
            json.loads(JsonFormatter().format(record))
            for record in caplog.records
            if record.name == "baobab.requests"
        ]

    return lines


def test_each_request_is_one_json_line_with_its_status_and_duration(client, db, request_lines):
    client.get("/en/cities/")
    client.get("/en/no-such-page/")
    first, second = request_lines()
    assert (first["method"], first["path"], first["status"]) == ("GET", "/en/cities/", 200)
    assert second["status"] == 404
    assert first["duration_ms"] >= 0 and first["user_id"] is None and first["city_id"] is None
    assert first["level"] == "INFO" and first["time"].endswith("+00:00")


def test_a_signed_in_request_names_the_user_and_their_city(client, db, request_lines):
    user = get_user_model().objects.get(username="bamako")
    client.force_login(user)
    client.get("/admin/")
    (line,) = request_lines()
    assert line["user_id"] == user.pk
    assert line["city_id"] == user.person.city_id


def test_an_error_is_a_json_line_with_its_traceback():
    try:
        raise ValueError("broken")
    except ValueError:
        record = logging.LogRecord("django.request", logging.ERROR, "", 0, "Server error", (), None)
        record.exc_info = sys.exc_info()
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "ERROR" and "ValueError: broken" in line["error"]


def test_requests_are_quiet_outside_production(client, db, caplog):
    client.get("/en/cities/")
    assert not [record for record in caplog.records if record.name == "baobab.requests"]
