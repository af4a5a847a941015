from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self):
        from network import permissions

        # Personal API tokens are Wagtail's own (Settings > API tokens): each person creates and
        # revokes their own; the API then acts with exactly that person's rights.
        tokens = (
            "wagtailcore.add_apitoken",
            "wagtailcore.change_apitoken",
            "wagtailcore.delete_apitoken",
            "wagtailcore.view_apitoken",
        )
        permissions.grant(permissions.CITY_TEAM_GROUP, *tokens)
        permissions.grant(permissions.EXPERTS_GROUP, *tokens)
