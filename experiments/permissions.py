"""Who may read or change a pilot: the one place views ask (network.permissions holds the
roles). A city team changes its own city's pilots, indicators and decisions only."""

from wagtail.permissions import register_permission_policy

from baobab.exceptions import NotFound
from network import permissions
from network.permissions import CityScopedPermissionPolicy

from .models import Decision, IndicatorValue, Pilot

register_permission_policy(Pilot, CityScopedPermissionPolicy(Pilot, "city"))
register_permission_policy(Decision, CityScopedPermissionPolicy(Decision, "pilot__city"))
register_permission_policy(
    IndicatorValue, CityScopedPermissionPolicy(IndicatorValue, "indicator__pilot__city")
)

permissions.grant(
    permissions.CITY_TEAM_GROUP,
    "experiments.view_pilot",
    "experiments.add_pilot",
    "experiments.change_pilot",
    "experiments.view_indicator",
    "experiments.add_indicator",
    "experiments.change_indicator",
    "experiments.delete_indicator",
    "experiments.view_indicatorvalue",
    "experiments.add_indicatorvalue",
    "experiments.change_indicatorvalue",
    "experiments.view_decision",
    "experiments.add_decision",
    "experiments.view_exchangerate",
)
permissions.grant(
    permissions.EXPERTS_GROUP,
    "experiments.view_pilot",
    "experiments.view_indicator",
    "experiments.view_indicatorvalue",
    "experiments.view_decision",
    "experiments.view_exchangerate",
)


def get_pilot_for_user(user, pk, action="change") -> Pilot:
    """The pilot ``pk`` if ``user`` may do ``action`` to it: another city's pilot is NotFound,
    a role without the right NotAllowed."""
    pilot = Pilot.objects.select_related("city", "theme", "network").filter(pk=pk).first()
    if pilot is None:
        raise NotFound
    permissions.ensure_allowed(user, action, pilot)
    return pilot
