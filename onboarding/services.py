"""Writes to onboarding templates and city checklists: validated in full, atomic, logged."""

from datetime import timedelta

from django.db import transaction
from wagtail.log_actions import log

from baobab.exceptions import actor_user
from network import services as network_services

from .models import CityStep, OnboardingStep


@transaction.atomic
def onboarding_step_upsert(*, network, order: int, actor, **fields) -> OnboardingStep:
    step = OnboardingStep.objects.filter(network=network, order=order).first()
    step = step or OnboardingStep(network=network, order=order)
    for name, value in fields.items():
        setattr(step, name, value)
    step.full_clean()
    created = step.pk is None
    step.save()
    log(step, "wagtail.create" if created else "wagtail.edit", user=actor_user(actor))
    return step


@transaction.atomic
def city_checklist_create(*, membership, actor) -> list[CityStep]:
    """Give a city its own copy of the network's template, due dates counted from selection."""
    existing = set(membership.steps.values_list("step_id", flat=True))
    due = membership.selection_date
    created = []
    for step in membership.network.onboarding_steps.order_by("order"):
        due = due + timedelta(days=step.expected_days) if due else None
        if step.pk in existing:
            continue
        city_step = CityStep(membership=membership, step=step, due_date=due)
        city_step.full_clean()
        city_step.save()
        log(city_step, "wagtail.create", user=actor_user(actor))
        created.append(city_step)
    return created


def membership_announce_if_public(*, city_step: CityStep, actor) -> None:
    """A step that makes the membership public, once done, announces it on the site."""
    membership = city_step.membership
    if (
        city_step.step.makes_membership_public
        and city_step.status == CityStep.Status.DONE
        and membership.public_since != city_step.done_date
    ):
        network_services.membership_upsert(
            network=membership.network,
            city=membership.city,
            public_since=city_step.done_date,
            actor=actor,
        )


@transaction.atomic
def city_step_update(*, city_step: CityStep, actor, **fields) -> CityStep:
    for name, value in fields.items():
        setattr(city_step, name, value)
    city_step.full_clean()
    city_step.save()
    log(city_step, "wagtail.edit", user=actor_user(actor))
    membership_announce_if_public(city_step=city_step, actor=actor)
    return city_step
