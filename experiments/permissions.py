"""Who may read or change a pilot: the one place views ask (network.permissions holds the rules)."""

from baobab.exceptions import NotFound
from network import permissions

from .models import Pilot


def get_pilot_for_user(user, pk, action="change") -> Pilot:
    """The pilot ``pk`` if ``user`` may do ``action`` to it: another city's pilot is NotFound,
    a role without the right NotAllowed."""
    pilot = Pilot.objects.select_related("city", "theme", "network").filter(pk=pk).first()
    if pilot is None:
        raise NotFound
    permissions.ensure_allowed(user, action, pilot)
    return pilot
