from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    name = "onboarding"
    verbose_name = _("Onboarding")

    def ready(self):
        from network import permissions

        permissions.grant(
            permissions.CITY_TEAM_GROUP,
            "onboarding.view_onboardingstep",
            "onboarding.view_citystep",
            "onboarding.change_citystep",
        )
        permissions.grant(
            permissions.EXPERTS_GROUP, "onboarding.view_onboardingstep", "onboarding.view_citystep"
        )
