"""Who may use the API: personal API tokens are Wagtail's own (Settings > API tokens): each
person creates and revokes their own; the API then acts with exactly that person's rights."""

from network import permissions

TOKENS = (
    "wagtailcore.add_apitoken",
    "wagtailcore.change_apitoken",
    "wagtailcore.delete_apitoken",
    "wagtailcore.view_apitoken",
)
permissions.grant(permissions.CITY_TEAM_GROUP, *TOKENS)
permissions.grant(permissions.EXPERTS_GROUP, *TOKENS)
