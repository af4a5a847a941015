import os

from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baobab.settings")

application = get_wsgi_application()

# gunicorn runs no system checks; the cache's are cheap and refuse what would serve stale pages
# (website.E001: a cache each process keeps for itself).
_errors = [error for error in checks.run_checks(tags=[checks.Tags.caches]) if error.is_serious()]
if _errors:
    raise ImproperlyConfigured("\n".join(str(error) for error in _errors))
