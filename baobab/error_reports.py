"""Error reports to Sentry (or any service speaking its protocol), when ``SENTRY_DSN`` is set.

No personal data leaves: no user, address, cookie or request body (``send_default_pii=False``),
no local variables of the failing code (they may hold a person's details), no performance
traces. The environment is BAOBAB_ENV, so demo errors are told apart.
"""

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration


def error_reports_start(*, dsn: str, environment: str, transport=None) -> None:
    """Start reporting errors. ``transport`` (a callable taking each envelope) replaces sending,
    for the tests."""
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        traces_sample_rate=0,
        max_request_body_size="never",
        transport=transport,
    )
