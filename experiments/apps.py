from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExperimentsConfig(AppConfig):
    name = "experiments"
    verbose_name = _("Pilots")

    def ready(self):
        from network import permissions

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
