"""Who may do what with roadmaps: a city team writes its own city's, experts read them, the
secretariat does everything (network.permissions holds the roles)."""

from wagtail.permissions import register_permission_policy

from baobab.exceptions import NotFound
from network import permissions
from network.permissions import CityScopedPermissionPolicy

from .models import Roadmap

register_permission_policy(Roadmap, CityScopedPermissionPolicy(Roadmap, "city"))

permissions.grant(
    permissions.CITY_TEAM_GROUP,
    "roadmap.view_layer",
    "roadmap.view_roadmap",
    "roadmap.add_roadmap",
    "roadmap.change_roadmap",
)
permissions.grant(permissions.EXPERTS_GROUP, "roadmap.view_layer", "roadmap.view_roadmap")


def get_roadmap_for_user(user, pk, action="change") -> Roadmap:
    """A roadmap the user may ``action``: another city's is NotFound (and is recorded)."""
    roadmap = Roadmap.objects.select_related("city", "network").filter(pk=pk).first()
    if roadmap is None:
        raise NotFound
    permissions.ensure_allowed(user, action, roadmap)
    return roadmap
