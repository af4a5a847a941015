"""Signing out ends the session on the server, and only a POST signs out."""

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse


def _session_key(client):
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_only_a_post_signs_out_and_it_ends_the_session_on_the_server(secretariat_client):
    client = secretariat_client
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    key = _session_key(client)
    url = reverse("wagtailadmin_logout")
    for method in ("get", "head", "put", "patch", "delete", "options"):
        response = getattr(client, method)(url)
        assert response.status_code == 405, method
        cookie = response.cookies.get(settings.SESSION_COOKIE_NAME)
        assert cookie is None or cookie.value, method  # the cookie is not deleted
        assert SessionStore().exists(key), method
        assert SessionStore(session_key=key).get("_auth_user_id"), method
    assert _session_key(client) == key
    assert client.get(reverse("wagtailadmin_home")).status_code == 200

    response = client.post(url)
    assert response.status_code == 302
    assert not SessionStore().exists(key)
    assert response.cookies[settings.SESSION_COOKIE_NAME].value == ""
    assert client.get(reverse("wagtailadmin_home")).status_code == 302
