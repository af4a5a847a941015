from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Programme")

    def ready(self):
        from network import permissions

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
