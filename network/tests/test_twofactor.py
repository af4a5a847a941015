"""Two-step verification: any user turns it on; sign-in then asks for a code; recovery codes
work once; secretariat accounts must set it up when the setting says so."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from network.models import AuditLogEntry


def code_for(device, offset=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():0{device.digits}d}"


def throttle_reset():
    # A wrong code makes the next attempt wait (django-otp's throttling); tests do not wait.
    for model in (TOTPDevice, StaticDevice):
        model.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)


def turn_on(client):
    setup = reverse("network_twofactor")
    client.get(setup)
    throttle_reset()
    device = TOTPDevice.objects.get(confirmed=False, user__username=client.username)
    response = client.post(setup, {"code": code_for(device)})
    return response, device


@pytest.fixture
def bamako_client(client, db):
    client.force_login(get_user_model().objects.get(username="bamako"))
    client.username = "bamako"
    return client


def sign_in(client, username="bamako"):
    response = client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": "baobab-demo"}
    )
    assert response.status_code == 302
    return response


def test_a_user_turns_it_on_with_a_qr_code_drawn_on_the_server(bamako_client):
    response = bamako_client.get(reverse("network_twofactor"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in content and "otpauth://" not in content.split("<svg", 1)[0]
    assert "http://" not in re.search(r"<svg.*?</svg>", content, re.S).group(0).replace(
        "http://www.w3.org/2000/svg", ""
    )

    wrong = bamako_client.post(reverse("network_twofactor"), {"code": "000000"})
    assert "This code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user__username="bamako", confirmed=True).exists()

    response, device = turn_on(bamako_client)
    device.refresh_from_db()
    assert device.confirmed
    codes = StaticToken.objects.filter(device__user=device.user)
    assert codes.count() == 10
    content = response.content.decode()
    assert all(token.token in content for token in codes)
    assert AuditLogEntry.objects.filter(action="baobab.twofactor_on").exists()
    # Shown once: the page does not show them again.
    again = bamako_client.get(reverse("network_twofactor")).content.decode()
    assert not any(token.token in again for token in codes)


def test_sign_in_asks_for_the_code_after_the_password(bamako_client, client):
    _, device = turn_on(bamako_client)
    client.logout()
    sign_in(client)
    home = client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("network_twofactor_verify"))
    # Every other page, the public site included, waits for the code too.
    assert client.get("/en/").status_code == 302
    city_list = client.get(reverse("wagtailsnippets_network_city:list"))
    assert city_list["Location"].startswith(reverse("network_twofactor_verify"))

    wrong = client.post(reverse("network_twofactor_verify"), {"code": "123456"})
    assert wrong.status_code == 200 and "This code is not right" in wrong.content.decode()
    assert client.get(reverse("wagtailadmin_home")).status_code == 302
    assert AuditLogEntry.objects.filter(
        action="baobab.refused", data__reason="wrong two-step verification code"
    ).exists()

    throttle_reset()
    right = client.post(
        reverse("network_twofactor_verify"),
        {"code": code_for(device, offset=1), "next": reverse("network_workspace")},
    )
    assert right["Location"] == reverse("network_workspace")
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_a_recovery_code_works_once(bamako_client, client):
    turn_on(bamako_client)
    recovery = StaticToken.objects.filter(device__user__username="bamako").first().token
    client.logout()
    sign_in(client)
    response = client.post(reverse("network_twofactor_verify"), {"code": recovery})
    assert response.status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert not StaticToken.objects.filter(token=recovery).exists()

    client.logout()
    sign_in(client)
    again = client.post(reverse("network_twofactor_verify"), {"code": recovery})
    assert again.status_code == 200
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


def test_wrong_codes_slow_down_the_next_attempts(bamako_client, client):
    _, device = turn_on(bamako_client)
    client.logout()
    sign_in(client)
    client.post(reverse("network_twofactor_verify"), {"code": "123456"})
    # Even the right code waits until the delay is over.
    client.post(reverse("network_twofactor_verify"), {"code": code_for(device, offset=1)})
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


def test_an_outside_next_address_is_not_followed(bamako_client, client):
    _, device = turn_on(bamako_client)
    client.logout()
    sign_in(client)
    response = client.post(
        reverse("network_twofactor_verify"),
        {"code": code_for(device, offset=1), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("wagtailadmin_home")


def test_turning_it_off_needs_a_code(bamako_client):
    _, device = turn_on(bamako_client)
    url = reverse("network_twofactor")
    refused = bamako_client.post(url, {"code": "000000", "action": "off"})
    assert "This code is not right" in refused.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    throttle_reset()
    done = bamako_client.post(url, {"code": code_for(device, offset=1), "action": "off"})
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=device.user).exists()
    assert not StaticToken.objects.filter(device__user=device.user).exists()


@override_settings(REQUIRE_2FA_FOR_SECRETARIAT=True)
def test_secretariat_accounts_must_set_it_up_when_required(client, db):
    sign_in(client, "secretariat")
    home = client.get(reverse("wagtailadmin_home"))
    assert home["Location"].startswith(reverse("network_twofactor"))
    page = client.get(home["Location"])
    assert "Secretariat accounts must use two-step verification" in page.content.decode()
    device = TOTPDevice.objects.get(user__username="secretariat", confirmed=False)
    client.post(reverse("network_twofactor"), {"code": code_for(device)})
    assert client.get(reverse("wagtailadmin_home")).status_code == 200

    # Other roles are free to choose.
    client.logout()
    sign_in(client, "bamako")
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_the_account_page_links_to_it(bamako_client):
    content = bamako_client.get(reverse("wagtailadmin_account")).content.decode()
    assert reverse("network_twofactor") in content
    assert reverse("network_personal_data_mine") in content
