from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, using="default", **kwargs):
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from .permissions import GROUP_PERMISSIONS
    from .services import roles_sync

    # Django creates model permissions in its own post_migrate handler, which may run after this
    # one on a fresh database: create the ones the groups need first (it is idempotent).
    labels = {code.split(".")[0] for codes in GROUP_PERMISSIONS.values() for code in codes}
    for label in sorted(labels):
        create_permissions(apps.get_app_config(label), verbosity=0, using=using)
    roles_sync()


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network")

    def ready(self):
        from . import (  # noqa: F401  (connect the sign-in receivers)
            permissions,
            sessions,
            twofactor,
        )

        post_migrate.connect(_sync_roles, sender=self)
