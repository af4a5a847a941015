"""Who may do what with reuse records: a city team records its own city's, experts read them,
the secretariat does everything (network.permissions holds the roles)."""

from wagtail.permissions import register_permission_policy

from network import permissions
from network.permissions import CityScopedPermissionPolicy

from .models import ReuseRecord

register_permission_policy(ReuseRecord, CityScopedPermissionPolicy(ReuseRecord, "city"))

permissions.grant(
    permissions.CITY_TEAM_GROUP,
    "impact.view_reuserecord",
    "impact.add_reuserecord",
    "impact.change_reuserecord",
    "impact.delete_reuserecord",
)
permissions.grant(permissions.EXPERTS_GROUP, "impact.view_reuserecord")
