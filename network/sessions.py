"""Sessions end after a while idle and, whatever the activity, a while after signing in."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver

SIGNED_IN_AT = "baobab_signed_in_at"


@receiver(user_logged_in)
def _remember_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = int(time.time())


class SessionLifetimeMiddleware:
    """Signs out a session older than BAOBAB_SESSION_MAX_SECONDS since its sign-in.

    The idle limit is Django's own: SESSION_COOKIE_AGE, renewed on every request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            signed_in_at = request.session.get(SIGNED_IN_AT)
            if signed_in_at and time.time() - signed_in_at > settings.BAOBAB_SESSION_MAX_SECONDS:
                logout(request)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)
