"""Writes to the network's records. Each validates in full and runs in one transaction."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from baobab.exceptions import actor_user

from . import audit
from .models import City, Invitation, Membership, Network, Person, Theme


def save_logged(instance, *, actor):
    """Validate and save ``instance``, and record it in the audit trail: a creation, or an edit
    only when a field really changed, so re-saving a record as it was (a form posted unchanged,
    the demo loaded again) leaves no empty edit in a record's history. Every app's services save
    through this."""
    # full_clean runs field validators and constraints, so a service never stores what a form
    # would refuse.
    instance.full_clean()
    stored = type(instance).objects.filter(pk=instance.pk).first() if instance.pk else None
    instance.save()
    if stored is None:
        log(instance, "wagtail.create", user=actor_user(actor))
    elif audit.snapshot(stored) != audit.snapshot(instance):
        log(instance, "wagtail.edit", user=actor_user(actor))
    return instance


def _upsert(model, *, lookup: dict, fields: dict, actor):
    instance = model.objects.filter(**lookup).first() or model(**lookup)
    for name, value in fields.items():
        setattr(instance, name, value)
    return save_logged(instance, actor=actor)


# ``actor`` is the account making the change, for the audit trail, or SYSTEM.


@transaction.atomic
def network_upsert(*, slug: str, actor, **fields) -> Network:
    return _upsert(Network, lookup={"slug": slug}, fields=fields, actor=actor)


@transaction.atomic
def city_upsert(*, slug: str, actor, **fields) -> City:
    return _upsert(City, lookup={"slug": slug}, fields=fields, actor=actor)


@transaction.atomic
def membership_upsert(*, network: Network, city: City, actor, **fields) -> Membership:
    lookup = {"network": network, "city": city}
    return _upsert(Membership, lookup=lookup, fields=fields, actor=actor)


@transaction.atomic
def theme_upsert(*, slug: str, actor, **fields) -> Theme:
    return _upsert(Theme, lookup={"slug": slug}, fields=fields, actor=actor)


@transaction.atomic
def person_upsert(*, network: Network, email: str, actor, **fields) -> Person:
    lookup = {"network": network, "email": email}
    return _upsert(Person, lookup=lookup, fields=fields, actor=actor)


def roles_sync() -> None:
    """Create the role groups and give them their permissions (run after every migrate)."""
    from django.contrib.auth.models import Group, Permission

    from .permissions import GROUP_PERMISSIONS

    for group_name, codes in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = []
        for code in codes:
            app_label, codename = code.split(".")
            wanted.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)


def account_roles_apply(*, user, role: str) -> None:
    """Give an account the rights of a role: the secretariat administers, others join a group."""
    from django.contrib.auth.models import Group

    from .permissions import GROUP_PERMISSIONS, SECRETARIAT_GROUP, role_group

    group_name = role_group(role)
    user.is_superuser = user.is_staff = group_name == SECRETARIAT_GROUP
    user.save(update_fields=["is_superuser", "is_staff"])
    user.groups.remove(*Group.objects.filter(name__in=GROUP_PERMISSIONS))
    if group_name in GROUP_PERMISSIONS:
        user.groups.add(Group.objects.get(name=group_name))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(
    *, network: Network, email: str, name: str, role: str, city: City | None, invited_by
) -> tuple[Invitation, str]:
    """Invite a person; returns the invitation and the secret token of its link (sent by email)."""
    email = get_user_model().objects.normalize_email(email).strip()
    if get_user_model().objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this email already exists.")})
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        network=network,
        email=email,
        name=name,
        role=role,
        city=city,
        invited_by=invited_by,
        token_hash=_token_hash(token),
        expires_at=timezone.now() + timedelta(days=settings.BAOBAB_INVITATION_DAYS),
    )
    invitation.full_clean()
    # A new invitation replaces any earlier one still waiting for the same address.
    Invitation.objects.filter(email__iexact=email, accepted_at=None).update(
        expires_at=timezone.now()
    )
    invitation.save()
    log(invitation, "baobab.invite", user=invited_by)
    transaction.on_commit(lambda: _invitation_send(invitation, token))
    return invitation, token


def invitation_url(token: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL + reverse("invitation_accept", args=[token])


def _invitation_send(invitation: Invitation, token: str) -> None:
    # Written here, in the inviter's language; sent by a worker (baobab.mail). The task's row
    # holds the link until pruned (see README, Task workers).
    context = {"invitation": invitation, "url": invitation_url(token)}
    send_mail(
        subject=render_to_string("network/email/invitation_subject.txt", context).strip(),
        message=render_to_string("network/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


class InvitationInvalid(Exception):
    def __init__(self, message, invitation=None):
        super().__init__(message)
        self.message = message
        self.invitation = invitation


def invitation_for_token(token: str, *, for_update=False) -> Invitation:
    queryset = Invitation.objects.select_related("city", "network")
    if for_update:
        # Lock the invitation row only: its city is a nullable join PostgreSQL cannot lock.
        queryset = queryset.select_for_update(of=("self",))
    invitation = queryset.filter(token_hash=_token_hash(token)).first()
    if invitation is None:
        raise InvitationInvalid(_("This invitation link is not valid."))
    if invitation.status == "accepted":
        raise InvitationInvalid(
            _("This invitation has already been used. Log in with the password you chose."),
            invitation,
        )
    if invitation.status == "expired":
        raise InvitationInvalid(
            _("This invitation has expired. Ask the secretariat to send you a new one."),
            invitation,
        )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str):
    """Create the invitee's account with the password they chose; the link then stops working."""
    invitation = invitation_for_token(token, for_update=True)
    User = get_user_model()
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise InvitationInvalid(_("An account with this email already exists."), invitation)
    first, _sep, last = invitation.name.partition(" ")
    user = User(username=invitation.email, email=invitation.email, first_name=first, last_name=last)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()
    account_roles_apply(user=user, role=invitation.role)
    person = Person.objects.filter(network=invitation.network, email__iexact=invitation.email)
    person = person.first() or Person(network=invitation.network, email=invitation.email)
    person.name, person.role, person.city, person.user = (
        invitation.name,
        invitation.role,
        invitation.city,
        user,
    )
    save_logged(person, actor=user)
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    log(invitation, "baobab.invitation_accepted", user=user)
    return user
