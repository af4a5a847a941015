from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Every signed-in role reads the learning records: they are shared across the network. City
# teams write theirs through the learning forms, which check the city (see services).
READ = [
    f"learning.view_{model}"
    for model in (
        "topic",
        "quarter",
        "event",
        "registration",
        "needexpression",
        "maturityassessment",
        "reflection",
        "criticalfriendpairing",
    )
]


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Learning")

    def ready(self):
        from network import permissions

        permissions.grant(permissions.CITY_TEAM_GROUP, *READ)
        permissions.grant(permissions.EXPERTS_GROUP, *READ)
