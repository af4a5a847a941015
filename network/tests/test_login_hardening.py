"""Login at full scale: 150 wrong passwords in an hour meet the real limit of 100; every attempt
is recorded; passwords are at least 10 characters and not common."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.urls import reverse

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def fast_passwords(settings, db):
    # 150 real password checks with the production hasher take minutes; the rule under test
    # is the counting, not the hashing.
    settings.PASSWORD_HASHERS = FAST_HASHER
    user = get_user_model().objects.get(username="bamako")
    user.set_password("baobab-demo")
    user.save()


def attempt(client, username, password, address="198.51.100.7"):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_150_wrong_passwords_in_an_hour_lock_the_account_at_100(client, fast_passwords):
    statuses = [attempt(client, "bamako", f"wrong-{n:03d}").status_code for n in range(150)]
    # The 100th failure is answered with the lock-out; so is every attempt after it.
    assert statuses[:99] == [200] * 99
    assert set(statuses[99:]) == {429}
    # Locked for the hour, even with the right password, from another address too.
    assert attempt(client, "bamako", "baobab-demo").status_code == 429
    assert attempt(client, "bamako", "baobab-demo", address="192.0.2.50").status_code == 429
    assert "_auth_user_id" not in client.session
    # Another account from another address still signs in.
    other = get_user_model().objects.get(username="lagos")
    other.set_password("baobab-demo")
    other.save()
    assert attempt(client, "lagos", "baobab-demo", address="192.0.2.60").status_code == 302


def test_150_wrong_passwords_from_one_address_lock_that_address_at_100(client, fast_passwords):
    statuses = [
        attempt(client, f"guess-{n:03d}", "not-the-password").status_code for n in range(150)
    ]
    assert statuses[:99] == [200] * 99
    assert set(statuses[99:]) == {429}
    assert attempt(client, "bamako", "baobab-demo").status_code == 429
    assert attempt(client, "bamako", "baobab-demo", address="192.0.2.70").status_code == 302


def test_every_attempt_is_recorded(client, fast_passwords):
    for n in range(3):
        attempt(client, "bamako", f"wrong-{n}")
    attempt(client, "nobody", "whatever-123")
    assert AccessFailureLog.objects.filter(username="bamako").count() == 3
    assert AccessFailureLog.objects.filter(username="nobody").count() == 1
    assert AccessAttempt.objects.get(username="bamako").failures_since_start == 3
    assert attempt(client, "bamako", "baobab-demo").status_code == 302
    entry = AccessLog.objects.filter(username="bamako").latest("attempt_time")
    assert entry.ip_address == "198.51.100.7"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Kp7-zq2Lm", "too short"),
        ("password123", "too common"),
        ("1234567890123", "entirely numeric"),
    ],
)
def test_weak_passwords_are_refused(password, message):
    with pytest.raises(ValidationError) as error:
        password_validation.validate_password(password)
    assert any(message in text for text in error.value.messages)


def test_a_ten_character_uncommon_password_is_accepted():
    password_validation.validate_password("Kp7-zq2Lmx")
