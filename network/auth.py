from django.conf import settings
from django.contrib.auth.backends import ModelBackend

DEMO_PASSWORD = "baobab-demo"


class AuthenticationBackend(ModelBackend):
    """Django's backend, except that production never accepts the demo accounts' password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if settings.PRODUCTION and password == DEMO_PASSWORD:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
