"""Who may do what with the programme's records: a city team changes its own city's
deliverables, experts read them, the secretariat does everything (network.permissions holds the
roles)."""

from wagtail.permissions import register_permission_policy

from network import permissions
from network.permissions import CityScopedPermissionPolicy

from .models import CityDeliverable

register_permission_policy(CityDeliverable, CityScopedPermissionPolicy(CityDeliverable, "city"))

permissions.grant(
    permissions.CITY_TEAM_GROUP,
    "programme.view_phase",
    "programme.view_deliverable",
    "programme.view_citydeliverable",
    "programme.change_citydeliverable",
)
permissions.grant(
    permissions.EXPERTS_GROUP,
    "programme.view_phase",
    "programme.view_deliverable",
    "programme.view_citydeliverable",
)
