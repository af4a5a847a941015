from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "impact"
    verbose_name = _("Impact")

    def ready(self):
        from network import permissions

        permissions.grant(
            permissions.CITY_TEAM_GROUP,
            "impact.view_reuserecord",
            "impact.add_reuserecord",
            "impact.change_reuserecord",
            "impact.delete_reuserecord",
        )
        permissions.grant(permissions.EXPERTS_GROUP, "impact.view_reuserecord")
