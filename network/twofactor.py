"""Two-step verification: a TOTP authenticator app, with single-use recovery codes.

A user who has a confirmed device is asked for a code after their password; until they give
one, every address but the code page and sign-out sends them back there. In production
(``REQUIRE_2FA_FOR_SECRETARIAT``) a secretariat account is sent to set it up before anything else.
What each session still owes is decided once, at sign-in, and kept in the session, so pages cost
no extra query.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

from . import permissions

PENDING = "baobab_2fa_pending"
VERIFY, SETUP = "verify", "setup"
RECOVERY_CODES = 10
AUTHENTICATOR, RECOVERY = "authenticator", "recovery"


def pending_step(user) -> str | None:
    """What the user must do after their password: give a code, set up a device, or nothing."""
    if user_has_device(user, confirmed=True):
        return VERIFY
    if settings.REQUIRE_2FA_FOR_SECRETARIAT and permissions.is_secretariat(user):
        return SETUP
    return None


@receiver(user_logged_in)
def _ask_for_second_step(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    step = pending_step(user)
    if step:
        request.session[PENDING] = step
    else:
        request.session.pop(PENDING, None)


def step_done(request) -> None:
    request.session.pop(PENDING, None)


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class TwoFactorMiddleware:
    """Keeps a session that still owes its second step on the page where it gives it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        step = request.session.get(PENDING) if hasattr(request, "session") else None
        if step and request.user.is_authenticated:
            target = reverse("network_twofactor_verify" if step == VERIFY else "network_twofactor")
            # What the sign-in page itself loads (icons, interface strings) stays reachable.
            allowed = (
                target,
                reverse("wagtailadmin_logout"),
                reverse("wagtailadmin_sprite"),
                reverse("wagtailadmin_javascript_catalog"),
                settings.STATIC_URL,
                "/healthz",
            )
            if not request.path_info.startswith(allowed):
                return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def totp_device_pending(user) -> TOTPDevice:
    """The authenticator being set up: created once, confirmed by the first right code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


@transaction.atomic
def twofactor_confirm(*, user, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the authenticator with its first code; return the new recovery codes (shown
    once: only their use is stored), or None if the code is wrong."""
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save()
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    return recovery_codes_renew(user=user)


@transaction.atomic
def recovery_codes_renew(*, user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def twofactor_disable(*, user) -> None:
    for device in devices_for_user(user, confirmed=None):
        device.delete()


def twofactor_match(user, token: str):
    """The confirmed device that accepts this code (a recovery code is used up), or None."""
    token = "".join(token.split())
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


def twofactor_log(user, action: str) -> None:
    person = permissions.user_person(user)
    if person is not None:
        log(person, action, user=user)
