"""The secretariat invites a person, who sets a password once and lands on their workspace."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from network import services
from network.models import AuditLogEntry, City, Invitation, Person

User = get_user_model()
PASSWORD = "kumasi-rain-season-42"


def invite(client, aston, **overrides):
    data = {
        "name": "Ama Owusu",
        "email": "ama@kumasi.example",
        "role": "coordinator",
        "city": City.objects.get(slug="kumasi").pk,
        "network": aston.pk,
    }
    data.update(overrides)
    return client.post(reverse("wagtailsnippets_network_invitation:add"), data)


def link_from_mail():
    return re.search(r"https?://\S+/invitations/\S+/", mail.outbox[-1].body).group(0)


def path_of(link):
    return "/" + link.split("/", 3)[3]


def test_secretariat_invites_and_the_invitee_creates_an_account(
    login, aston, django_capture_on_commit_callbacks
):
    client = login("secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, aston)
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="ama@kumasi.example")
    assert invitation.status == "pending"
    assert mail.outbox[-1].to == ["ama@kumasi.example"]
    assert "Kumasi" in mail.outbox[-1].body

    client.logout()
    url = path_of(link_from_mail())
    page = client.get(url)
    assert page.status_code == 200
    assert "Ama Owusu" in page.content.decode()
    response = client.post(url, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("network_workspace")

    user = User.objects.get(email="ama@kumasi.example")
    assert user.check_password(PASSWORD)
    assert user.groups.filter(name="City team").exists()
    person = Person.objects.get(user=user)
    assert (person.role, person.city.slug) == ("coordinator", "kumasi")
    workspace = client.get(reverse("network_workspace"))
    assert "Kumasi" in workspace.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == "accepted"
    assert AuditLogEntry.objects.filter(action="baobab.invitation_accepted", user=user).exists()


def _invitation(aston, secretariat, **kwargs):
    fields = {
        "network": aston,
        "email": "new@kumasi.example",
        "name": "New Person",
        "role": "team_member",
        "city": City.objects.get(slug="kumasi"),
        "invited_by": secretariat,
    }
    fields.update(kwargs)
    return services.invitation_create(**fields)


def test_a_used_invitation_cannot_be_used_again(client, aston, secretariat):
    _invitation_obj, token = _invitation(aston, secretariat)
    url = reverse("invitation_accept", args=[token])
    assert client.post(url, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 302
    client.logout()
    again = client.post(url, {"password1": "another-pass-123", "password2": "another-pass-123"})
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    refusal = AuditLogEntry.objects.get(action="baobab.refused")
    assert refusal.city.slug == "kumasi"
    assert "already been used" in refusal.data["reason"]
    assert User.objects.get(email="new@kumasi.example").check_password(PASSWORD)


def test_an_expired_invitation_is_refused(client, aston, secretariat):
    invitation, token = _invitation(aston, secretariat)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(reverse("invitation_accept", args=[token]))
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    response = client.post(
        reverse("invitation_accept", args=[token]),
        {"password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 410
    assert not User.objects.filter(email="new@kumasi.example").exists()
    assert AuditLogEntry.objects.filter(action="baobab.refused").count() == 2


def test_an_unknown_link_is_refused_in_the_visitors_language(client, db):
    response = client.get("/fr/invitations/made-up/")
    assert response.status_code == 410
    assert "Ce lien d’invitation n’est pas valide." in response.content.decode()


def test_inviting_an_email_that_already_has_an_account_is_refused(login, aston):
    client = login("secretariat")
    before = Invitation.objects.count()
    response = invite(client, aston, email="LAGOS@aston.example")
    assert response.status_code == 200
    assert "An account with this email already exists." in response.content.decode()
    assert Invitation.objects.count() == before
    assert AuditLogEntry.objects.filter(
        action="baobab.refused", user__username="secretariat"
    ).exists()


def test_a_city_role_needs_a_city(login, aston):
    response = invite(login("secretariat"), aston, city="")
    assert response.status_code == 200
    assert "City coordinators and team members need a city." in response.content.decode()


def test_a_weak_or_mismatched_password_is_refused_and_the_link_still_works(
    client, aston, secretariat
):
    _invitation_obj, token = _invitation(aston, secretariat)
    url = reverse("invitation_accept", args=[token])
    weak = client.post(url, {"password1": "password", "password2": "password"})
    assert weak.status_code == 200
    assert "too common" in weak.content.decode() or "too short" in weak.content.decode()
    mismatch = client.post(url, {"password1": PASSWORD, "password2": PASSWORD + "x"})
    assert "The two passwords differ." in mismatch.content.decode()
    assert not User.objects.filter(email="new@kumasi.example").exists()
    assert client.post(url, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 302


@pytest.mark.parametrize("persona", ["bamako", "expert"])
def test_only_the_secretariat_invites(login, aston, persona):
    response = invite(login(persona), aston)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert not Invitation.objects.filter(email="ama@kumasi.example").exists()
    assert AuditLogEntry.objects.filter(action="baobab.refused", user__username=persona).exists()
