import time
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from network.sessions import SIGNED_IN_AT


def sign_in(client):
    response = client.post(
        reverse("wagtailadmin_login"), {"username": "bamako", "password": "baobab-demo"}
    )
    assert response.status_code == 302


def test_a_session_is_renewed_on_each_request_and_ends_when_idle(client, db):
    sign_in(client)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + timedelta(minutes=1)
    )
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed > timezone.now() + timedelta(minutes=119)
    assert settings.SESSION_COOKIE_AGE == 2 * 3600

    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_a_session_ends_12_hours_after_signing_in_whatever_the_activity(client, db):
    sign_in(client)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - 12 * 3600 - 1
    session.save()
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in client.session


def test_signing_in_rotates_the_session_and_signing_out_ends_it(client, db):
    client.get(reverse("wagtailadmin_login"))
    before = client.cookies.get(settings.SESSION_COOKIE_NAME)
    sign_in(client)
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert before is None or before.value != after
    client.post(reverse("wagtailadmin_logout"))
    assert "_auth_user_id" not in client.session
