import pytest
from wagtail.models import APIToken


@pytest.fixture
def token(db, django_user_model):
    """``token(persona)``: a fresh personal API token of a demo persona, as a header."""

    def _token(persona):
        user = django_user_model.objects.get(username=persona)
        _instance, plaintext = APIToken.create_token(user=user, name="tests")
        return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}

    return _token
