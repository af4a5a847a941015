"""Who may do what with onboarding checklists: a city team changes its own city's steps,
experts read them, the secretariat does everything (network.permissions holds the roles)."""

from wagtail.permissions import register_permission_policy

from network import permissions
from network.permissions import CityScopedPermissionPolicy

from .models import CityStep

register_permission_policy(CityStep, CityScopedPermissionPolicy(CityStep, "membership__city"))

permissions.grant(
    permissions.CITY_TEAM_GROUP,
    "onboarding.view_onboardingstep",
    "onboarding.view_citystep",
    "onboarding.change_citystep",
)
permissions.grant(
    permissions.EXPERTS_GROUP, "onboarding.view_onboardingstep", "onboarding.view_citystep"
)
